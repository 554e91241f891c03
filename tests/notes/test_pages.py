import re
from datetime import UTC, date, datetime, time, timedelta
from html import unescape

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from notes import api
from notes.models import Appointment, CalendarFeed, Contact, Note, Question, Reminder
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page


def test_a_note_is_shown_as_text_with_clickable_links_and_its_line_breaks(patient_client, patient):
    patient_client.post(
        reverse("notes_note_new"),
        {
            "written_on": "2025-03-01",
            "title": "<b>Night</b>",
            "text": "Woke at 3<script>alert(1)</script>\nSee https://example.org/advice",
            "token": new_token(),
        },
    )
    content = patient_client.get(reverse("notes_notes")).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>" in content
    assert '<a href="https://example.org/advice" rel="nofollow">' in content
    assert "&lt;b&gt;Night&lt;/b&gt;" in content


@pytest.mark.parametrize(
    "fields",
    [
        {"title": "", "text": ""},
        {"title": "t", "text": ""},
        {"title": "t", "text": "x" * 5001},
        {"title": "t", "text": "x", "written_on": "1850-01-01"},
        {"title": "t", "text": "x", "written_on": "2999-01-01"},
        {"title": "t", "text": "x", "written_on": "31/02/2025"},
    ],
)
def test_a_bad_note_is_refused_with_a_message_and_nothing_saved(patient_client, fields):
    response = patient_client.post(
        reverse("notes_note_new"), {"written_on": "2025-03-01", "token": new_token(), **fields}
    )
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Note.objects.exists()


def appointment_in(patient, days):
    return Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=days), role="neurologist"
    )


def test_each_appointment_in_the_list_is_headed_by_when_it_is(patient_client, patient):
    # A screen reader moving down the "With" or "Where" column hears which appointment it is in.
    appointment = appointment_in(patient, 7)
    page = Page(patient_client.get(reverse("notes_appointments")).content.decode())
    [header] = page.all('tbody th[scope="row"]')
    [link] = page.all('tbody th[scope="row"] a')
    assert link.get("href") == appointment.get_absolute_url()
    assert f"{appointment.starts_at.astimezone(patient.zone):%a %-d %b %Y}" in "".join(
        header.itertext()
    )


def test_creating_an_appointment_offers_a_tracking_reminder_for_the_five_days_before(
    patient_client, patient
):
    day = patient.local_today() + timedelta(days=10)
    response = patient_client.post(
        reverse("notes_appointment_new"),
        {
            "day": day.isoformat(),
            "time": "10:30",
            "role": "neurologist",
            "with_name": "Dr Shah",
            "token": new_token(),
        },
        follow=True,
    )
    appointment = Appointment.objects.get()
    assert appointment.starts_at.astimezone(patient.zone).strftime("%H:%M") == "10:30"
    content = response.content.decode()
    assert "Track the 5 days before it" in content
    start = day - timedelta(days=5)

    patient_client.post(
        reverse("notes_appointment_tracking", args=[appointment.id]), {"time": "20:00"}
    )
    patient_client.post(
        reverse("notes_appointment_tracking", args=[appointment.id]), {"time": "20:00"}
    )
    plan = Reminder.objects.get(kind=Reminder.TRACKING)
    assert (plan.starts_on, plan.ends_on, plan.times) == (start, day - timedelta(days=1), ["20:00"])


def test_no_tracking_plan_for_an_appointment_that_is_over(patient_client, patient):
    past = appointment_in(patient, -3)
    response = patient_client.post(
        reverse("notes_appointment_tracking", args=[past.id]), {"time": "20:00"}
    )
    assert response.status_code == 200
    assert "already over" in response.content.decode()
    assert not Reminder.objects.exists()


def test_the_appointment_page_gathers_its_questions(patient_client, patient):
    appointment = appointment_in(patient, 7)
    Question.objects.create(patient=patient, text="Is it wearing off?", appointment=appointment)
    Question.objects.create(patient=patient, text="Something else")
    content = patient_client.get(appointment.get_absolute_url()).content.decode()
    assert "Is it wearing off?" in content
    assert "Something else" not in content
    assert "1 other question to ask" in content


def appointment_on(patient, day: date) -> Appointment:
    return Appointment.objects.create(
        patient=patient,
        starts_at=datetime.combine(day, time(10, 30), tzinfo=patient.zone),
        role="neurologist",
    )


def summary_links(content: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="(/my-tracker/summary[^"]*)"', content)]


def test_before_the_five_days_begin_the_appointment_says_when_the_summary_will_be_ready(
    patient_client, patient
):
    day = patient.local_today() + timedelta(days=10)
    content = patient_client.get(appointment_on(patient, day).get_absolute_url()).content.decode()
    assert summary_links(content) == []
    start = day - timedelta(days=5)
    assert (
        f"The summary of the 5 days before this appointment, {start:%A} {start.day} "
        f"{start:%B} to " in content
    )
    assert "will be ready on the day of the appointment" in content
    first_ready = start + timedelta(days=1)
    assert f"from {first_ready:%A} {first_ready.day} {first_ready:%B}, the days so far" in content


@pytest.mark.parametrize("days_over", [1, 3])
def test_during_the_five_days_the_appointment_links_to_the_days_so_far(
    patient_client, patient, days_over
):
    start = patient.local_today() - timedelta(days=days_over)
    appointment = appointment_on(patient, start + timedelta(days=5))
    content = patient_client.get(appointment.get_absolute_url()).content.decode()
    [link] = summary_links(content)
    assert link == f"/my-tracker/summary?start={start:%Y-%m-%d}&days={days_over}"
    assert f"{days_over} of the 5 days before this appointment" in content
    summary = patient_client.get(link).content.decode()
    assert "There is a problem" not in summary
    last = start + timedelta(days=days_over - 1)
    assert f"{start:%A} {start.day} {start:%B} {start.year} to {last:%A} {last.day}" in summary


@pytest.mark.parametrize("days_from_now", [0, -1, -30])
def test_from_the_day_of_the_appointment_it_links_to_all_five_days(
    patient_client, patient, days_from_now
):
    day = patient.local_today() + timedelta(days=days_from_now)
    content = patient_client.get(appointment_on(patient, day).get_absolute_url()).content.decode()
    start = day - timedelta(days=5)
    [link] = summary_links(content)
    assert link == f"/my-tracker/summary?start={start:%Y-%m-%d}&days=5"
    assert "There is a problem" not in patient_client.get(link).content.decode()


def remind_before(appointment, minutes: int) -> Reminder:
    return Reminder.objects.create(
        patient=appointment.patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        minutes_before=minutes,
        at=appointment.starts_at - timedelta(minutes=minutes),
    )


def test_moving_an_appointment_moves_its_reminders(patient_client, patient):
    appointment = appointment_in(patient, 7)
    reminder = remind_before(appointment, 60)
    new_day = patient.local_today() + timedelta(days=20)
    patient_client.post(
        reverse("notes_appointment_edit", args=[appointment.id]),
        {"day": new_day.isoformat(), "time": "09:00", "role": "gp"},
    )
    reminder.refresh_from_db()
    assert reminder.at.astimezone(patient.zone) == datetime.combine(
        new_day, datetime.min.time().replace(hour=8), tzinfo=patient.zone
    )


@pytest.mark.parametrize(("minutes", "said"), [(60, "1 hour"), (24 * 60, "1 day")])
def test_an_appointment_reminder_says_how_long_before_the_appointment_it_is(
    patient_client, patient, minutes, said
):
    remind_before(appointment_in(patient, 7), minutes)
    page = Page(patient_client.get(reverse("notes_reminders")).content.decode())
    assert page.text(".nhsuk-card__content > p:first-of-type").endswith(
        f": {said} before the appointment"
    )


def move_sooner_than_its_reminder(patient_client, patient, sooner: date):
    """An appointment in 12 days, with a reminder a week before, moved to `sooner`."""
    appointment = appointment_in(patient, 12)
    remind_before(appointment, 7 * 24 * 60)
    return patient_client.post(
        reverse("notes_appointment_edit", args=[appointment.id]),
        {"day": sooner.isoformat(), "time": "09:00", "role": "gp"},
        follow=True,
    )


def test_an_appointment_moved_sooner_says_its_reminder_has_passed(patient_client, patient):
    sooner = patient.local_today() + timedelta(days=4)
    response = move_sooner_than_its_reminder(patient_client, patient, sooner)
    passed = sooner - timedelta(days=7)
    assert (
        f"Its reminder moved to {passed:%A %-d %B} at 09:00, which has passed, so it will not "
        "be sent." in response.content.decode()
    )


@pytest.mark.parametrize("day", ["1800-01-01", "2999-01-01", "not a date"])
def test_an_appointment_in_an_impossible_year_is_refused(patient_client, day):
    response = patient_client.post(
        reverse("notes_appointment_new"), {"day": day, "time": "10:00", "role": "gp"}
    )
    assert response.status_code == 200
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("day", "saved"),
    [("1900-06-01", False), ("2025-06-13", False), ("2025-06-14", True), ("2031-06-16", False)],
)
def test_an_appointment_is_at_most_a_year_ago_and_the_message_names_the_dates(
    client, patient, frozen, day, saved
):
    frozen(datetime(2026, 6, 15, 12, tzinfo=UTC))
    client.force_login(patient)
    response = client.post(
        reverse("notes_appointment_new"),
        {"day": day, "time": "10:00", "role": "gp", "token": new_token()},
    )
    assert Appointment.objects.exists() is saved
    if not saved:
        assert Page(response.content.decode()).text(".nhsuk-error-summary__list") == (
            "Enter a date between 14 June 2025 and 15 June 2031."
        )


def test_an_appointment_over_a_year_ago_can_still_have_its_notes_changed(patient_client, patient):
    day = patient.local_today() - timedelta(days=400)
    appointment = appointment_on(patient, day)
    response = patient_client.post(
        reverse("notes_appointment_edit", args=[appointment.id]),
        {"day": day.isoformat(), "time": "10:30", "role": "neurologist", "notes": "New pills"},
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.notes == "New pills"


@pytest.mark.parametrize(
    ("day", "linked"),
    [
        (date(1900, 1, 1), False),
        (date(1900, 1, 5), False),
        (date(1900, 1, 6), True),  # the 5 days before it start on 1 January 1900
        (date(1900, 6, 1), True),
    ],
)
def test_an_appointment_from_before_dates_were_bounded_links_only_to_a_summary_that_opens(
    patient_client, patient, day, linked
):
    response = patient_client.get(appointment_on(patient, day).get_absolute_url())
    assert response.status_code == 200
    links = summary_links(response.content.decode())
    assert bool(links) is linked
    for link in links:
        summary = patient_client.get(link)
        assert summary.status_code == 200
        assert "There is a problem" not in summary.content.decode()


def test_on_29_february_appointments_and_reminders_go_up_to_28_february_five_years_on(
    client, patient, frozen
):
    frozen(datetime(2028, 2, 29, 12, tzinfo=UTC))
    client.force_login(patient)  # after the clock moves, or the session has expired
    new_appointment = reverse("notes_appointment_new")
    new_reminder = reverse("notes_reminder_new")
    latest, too_late = "2033-02-28", "2033-03-01"

    def appointment(day):
        data = {"day": day, "time": "10:00", "role": "gp", "token": new_token()}
        return client.post(new_appointment, data)

    def reminder(kind, fields):
        data = {"message": "x", "token": new_token(), **fields}
        return client.post(f"{new_reminder}?kind={kind}", data)

    assert appointment(latest).status_code == 302
    assert appointment(too_late).status_code == 200
    once = {"repeat": "once", "at_time": "10:00"}
    assert reminder("custom", {**once, "on_day": latest}).status_code == 302
    assert reminder("custom", {**once, "on_day": too_late}).status_code == 200
    tracking = {"times_text": "20:00", "starts_on": "2033-02-20"}
    assert reminder("tracking", {**tracking, "ends_on": latest}).status_code == 302
    assert reminder("tracking", {**tracking, "ends_on": too_late}).status_code == 200
    assert (Appointment.objects.count(), Reminder.objects.count()) == (1, 2)


def test_a_daily_custom_reminder_on_chosen_weekdays(patient_client, patient):
    response = patient_client.post(
        reverse("notes_reminder_new") + "?kind=custom",
        {
            "message": "Exercise class",
            "repeat": "daily",
            "times_text": "18:00, 9.30",
            "days": [1, 3],
            "token": new_token(),
        },
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.times, reminder.weekdays, reminder.at) == (["09:30", "18:00"], [1, 3], None)


@pytest.mark.parametrize(
    "fields",
    [
        {"message": "x", "repeat": "daily", "times_text": ""},
        {"message": "x", "repeat": "daily", "times_text": "25:00"},
        {"message": "x", "repeat": "daily", "times_text": "breakfast"},
        {"message": "x", "repeat": "once", "on_day": "", "at_time": ""},
        {"message": "x", "repeat": "once", "on_day": "2001-01-01", "at_time": "10:00"},
        {"message": "", "repeat": "daily", "times_text": "08:00"},
        {"message": "x" * 301, "repeat": "daily", "times_text": "08:00"},
        {
            "message": "x",
            "repeat": "daily",
            "times_text": "08:00",
            "starts_on": "2030-02-01",
            "ends_on": "2030-01-01",
        },
    ],
)
def test_a_bad_reminder_is_refused_with_a_message_and_nothing_saved(patient_client, fields):
    response = patient_client.post(reverse("notes_reminder_new") + "?kind=custom", fields)
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Reminder.objects.exists()


def test_a_medication_reminder_takes_the_times_of_the_medications_schedule(patient_client, patient):
    medication_id = "0b7d7c4e-5f0e-4c41-9a51-6a9b8f0e0a11"
    api.medication_schedule_changed(
        patient, medication_id, "Co-careldopa", ["07:00", "13:00"], True
    )
    response = patient_client.post(
        reverse("notes_reminder_new") + "?kind=medication",
        {"medication": medication_id, "token": new_token()},
    )
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert (reminder.title, reminder.times) == ("Take Co-careldopa", ["07:00", "13:00"])


def test_a_medicine_taken_only_when_needed_is_not_offered_for_a_reminder(patient_client, patient):
    pen = "5c1e0a7e-2b7c-4a55-9d4b-0f1f8f4f7a01"
    api.medication_schedule_changed(patient, pen, "Apomorphine pen", [], True)
    url = reverse("notes_reminder_new") + "?kind=medication"
    page = patient_client.get(url).content.decode()
    assert "Apomorphine" not in page
    assert "Add your medications and their times in" in page
    api.medication_schedule_changed(
        patient, "0b7d7c4e-5f0e-4c41-9a51-6a9b8f0e0a11", "Co-careldopa", ["07:00"], True
    )
    page = Page(patient_client.get(url).content.decode())
    assert [option.text for option in page.all("#id_medication option")][1:] == ["Co-careldopa"]


@pytest.mark.parametrize(("times_a_day", "saved"), [(12, True), (13, False)])
def test_a_medication_reminder_follows_at_most_12_times_a_day(
    patient_client, patient, times_a_day, saved
):
    medication_id = "0b7d7c4e-5f0e-4c41-9a51-6a9b8f0e0a11"
    times = [f"{hour:02d}:00" for hour in range(6, 6 + times_a_day)]
    api.medication_schedule_changed(patient, medication_id, "Co-careldopa", times, True)
    response = patient_client.post(
        reverse("notes_reminder_new") + "?kind=medication",
        {"medication": medication_id, "token": new_token()},
    )
    assert Reminder.objects.exists() is saved
    if not saved:
        assert Page(response.content.decode()).text(".nhsuk-error-summary__list") == (
            "This medication has 13 times a day in its schedule, and a reminder can have at "
            "most 12. Change its times in My Tracker first."
        )


def test_a_medication_reminder_saved_with_more_than_12_times_can_still_be_changed(
    patient_client, patient
):
    # Its medicine had 13 times a day before there was a limit, and the reminder follows them.
    medication_id = "0b7d7c4e-5f0e-4c41-9a51-6a9b8f0e0a11"
    times = [f"{hour:02d}:00" for hour in range(6, 19)]
    api.medication_schedule_changed(patient, medication_id, "Co-careldopa", times, True)
    reminder = Reminder.objects.create(
        patient=patient, kind=Reminder.MEDICATION, medication_id=medication_id, times=times
    )
    response = patient_client.post(
        reverse("notes_reminder", args=[reminder.pk]),
        {"medication": medication_id, "message": "With food"},
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert (reminder.message, reminder.times) == ("With food", times)


def test_a_custom_reminder_saved_with_more_than_12_times_can_still_be_changed(
    patient_client, patient
):
    thirteen = [f"{hour:02d}:00" for hour in range(6, 19)]
    daily = {"message": "Sip water", "repeat": "daily", "times_text": ", ".join(thirteen)}
    response = patient_client.post(
        reverse("notes_reminder_new") + "?kind=custom", daily | {"token": new_token()}
    )
    assert "Enter at most 12 times a day." in response.content.decode()
    assert not Reminder.objects.exists()
    # One an import took before there was a limit keeps its times when its message changes.
    reminder = Reminder.objects.create(patient=patient, kind=Reminder.CUSTOM, times=thirteen)
    response = patient_client.post(reverse("notes_reminder", args=[reminder.pk]), daily)
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert (reminder.message, reminder.times) == ("Sip water", thirteen)


def test_a_reminder_can_be_turned_off_and_on(patient_client, patient):
    reminder = Reminder.objects.create(patient=patient, kind=Reminder.CUSTOM, times=["08:00"])
    patient_client.post(reverse("notes_reminder_active", args=[reminder.id]))
    reminder.refresh_from_db()
    assert not reminder.active
    patient_client.post(reverse("notes_reminder_active", args=[reminder.id]), {"active": "on"})
    reminder.refresh_from_db()
    assert reminder.active


def test_a_contact_with_a_bad_email_or_website_is_refused(patient_client):
    response = patient_client.post(
        reverse("notes_contact_new"), {"name": "Nurse", "email": "nope", "website": "nope"}
    )
    assert response.status_code == 200
    assert not Contact.objects.exists()


WEB_ADDRESS_WANTED = (
    "Enter a web address starting https://, for example https://www.parkinsons.org.uk"
)


@pytest.mark.parametrize(
    "website",
    [
        "ftp://files.example.org",
        "mailto:help@example.org",
        "javascript:alert(1)",
        "tel:0123",
        "/information/tremor",
    ],
)
def test_a_contacts_website_is_only_ever_a_web_page(patient_client, website):
    data = {"name": "Library", "website": website, "token": new_token()}
    response = patient_client.post(reverse("notes_contact_new"), data)
    page = Page(response.content.decode())
    assert page.text(".nhsuk-error-summary__list") == WEB_ADDRESS_WANTED
    assert not Contact.objects.exists()
    patient_client.post(reverse("notes_contact_new"), data | {"website": "https://example.org"})
    assert Contact.objects.get().website == "https://example.org"


def test_a_contact_saved_with_a_website_that_is_not_a_web_page_can_still_be_changed(
    patient_client, patient
):
    contact = Contact.objects.create(
        patient=patient, name="Archive", website="ftp://files.example.org/leaflets"
    )
    url = reverse("notes_contact", args=[contact.pk])
    data = {"name": "Archive", "phone": "0123 456 789", "website": contact.website}
    assert patient_client.post(url, data).status_code == 302
    contact.refresh_from_db()
    assert (contact.phone, contact.website) == ("0123 456 789", "ftp://files.example.org/leaflets")
    # Changed, it is held to a web page.
    response = patient_client.post(url, data | {"website": "ftp://files.example.org/other"})
    assert WEB_ADDRESS_WANTED in Page(response.content.decode()).text(".nhsuk-error-summary__list")
    contact.refresh_from_db()
    assert contact.website == "ftp://files.example.org/leaflets"


def test_the_old_information_address_leads_to_my_notes(client, patient_client):
    response = patient_client.get("/information/my-reminders-and-notes")
    assert response.status_code == 302
    assert response["Location"] == "/my-notes"


def test_the_calendar_feed_parses_and_has_appointments_and_daily_reminders(
    patient_client, client, patient
):
    appointment_in(patient, 3)
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Stretch",
        times=["08:00"],
        weekdays=[0, 2],
        starts_on=patient.local_today() + timedelta(days=7),
        ends_on=patient.local_today() + timedelta(days=365),
    )
    patient_client.post(reverse("notes_calendar_reset"))
    feed = CalendarFeed.objects.get()
    url = f"/my-notes/calendar/{feed.id}/{feed.token}.ics"
    assert url in patient_client.get(reverse("notes_calendar")).content.decode()

    client.logout()
    response = client.get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert "Neurologist" in events
    stretch = events["Reminder: Stretch"]
    assert stretch["dtstart"].dt.tzinfo.key == "Europe/London"
    assert stretch["dtstart"].dt.hour == 8
    rule = stretch["rrule"]
    assert (rule["FREQ"], rule["BYDAY"]) == (["WEEKLY"], ["MO", "WE"])
    assert rule["UNTIL"][0].utcoffset() == timedelta(0)


def test_resetting_the_calendar_address_retires_the_old_one(patient_client, client, patient):
    patient_client.post(reverse("notes_calendar_reset"))
    feed = CalendarFeed.objects.get()
    old = f"/my-notes/calendar/{feed.id}/{feed.token}.ics"
    patient_client.post(reverse("notes_calendar_reset"))
    feed.refresh_from_db()
    assert client.get(old).status_code == 404
    assert client.get(f"/my-notes/calendar/{feed.id}/{feed.token}.ics").status_code == 200


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("notes_home", 5),
        ("notes_appointments", 3),
        ("notes_reminders", 3),
        ("notes_notes", 2),
        ("notes_contacts", 2),
    ],
)
def test_list_pages_take_the_same_queries_however_many_records(
    patient_client, patient, carer, django_assert_num_queries, name, queries
):
    def make(n):
        # Each by a carer, so each row names them.
        mine = {"patient": patient, "recorded_by": carer}
        for i in range(n):
            appointment = Appointment.objects.create(
                **mine, starts_at=timezone.now() + timedelta(days=i + 1), role="neurologist"
            )
            Reminder.objects.create(
                **mine, kind=Reminder.APPOINTMENT, appointment=appointment, at=appointment.starts_at
            )
            Note.objects.create(**mine, written_on="2025-01-01", title=f"n{i}", text="t")
            Contact.objects.create(**mine, name=f"c{i}")

    for n in (1, 15):
        make(n)
        with django_assert_num_queries(queries):
            assert patient_client.get(reverse(name)).status_code == 200


def test_a_new_diary_reminder_starts_as_each_evening_of_the_next_5_days(patient_client, patient):
    page = Page(
        patient_client.get(reverse("notes_reminder_new") + "?kind=tracking").content.decode()
    )
    today = patient.local_today()
    assert page.one("#id_times_text").get("value") == "20:00"
    assert page.one("#id_starts_on").get("value") == today.isoformat()
    assert page.one("#id_ends_on").get("value") == (today + timedelta(days=4)).isoformat()


def test_a_second_reminder_for_the_same_medicine_is_refused(patient_client, patient):
    medication_id = "0b7d7c4e-5f0e-4c41-9a51-6a9b8f0e0a11"
    api.medication_schedule_changed(patient, medication_id, "Co-careldopa", ["07:00"], True)
    url = reverse("notes_reminder_new") + "?kind=medication"
    patient_client.post(url, {"medication": medication_id, "token": new_token()})
    response = patient_client.post(url, {"medication": medication_id, "token": new_token()})
    assert Page(response.content.decode()).text("#id_medication-error") == (
        "Error: There is a reminder for Co-careldopa already. Change that one instead: "
        "two would send each reminder twice."
    )
    assert Reminder.objects.count() == 1
    # One turned off does not stand in the way of a new one.
    first = Reminder.objects.get()
    Reminder.objects.update(active=False)
    data = {"medication": medication_id, "message": "With food", "token": new_token()}
    patient_client.post(url, data)
    assert Reminder.objects.filter(active=True).count() == 1
    # Nor can the first be turned on again beside it.
    response = patient_client.post(
        reverse("notes_reminder_active", args=[first.id]), {"active": "on"}, follow=True
    )
    assert "stays off: another reminder for Co-careldopa is on" in response.content.decode()
    first.refresh_from_db()
    assert not first.active

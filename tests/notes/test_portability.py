import json
from datetime import UTC, date, datetime, timedelta
from importlib import import_module
from io import StringIO

import icalendar
import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notes.models import (
    Appointment,
    CalendarFeed,
    Contact,
    Delivery,
    Note,
    Question,
    Reminder,
)
from tests.conftest import make_user, new_token
from tests.tracker import make
from toolkit.portability import DataError, export_document, import_document
from tracker.models import Medication


@pytest.fixture
def records(patient):
    appointment = Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=9), role="nurse", place="Clinic"
    )
    Question.objects.create(
        patient=patient, text="When?", page_path="p", page_title="P", appointment=appointment
    )
    Note.objects.create(patient=patient, written_on=date(2025, 1, 2), title="T", text="Line\nTwo")
    Contact.objects.create(patient=patient, name="Helpline", phone="0808 800 0303")
    Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Walk", times=["09:00"], weekdays=[0, 4]
    )
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        at=appointment.starts_at - timedelta(hours=2),
        minutes_before=120,
    )
    return appointment


def test_notes_travel_to_another_account_and_back_the_same(patient, records):
    document = json.loads(json.dumps(export_document(patient)))
    assert {"questions", "notes", "appointments", "contacts", "reminders"} <= set(document)
    walk = next(r for r in document["reminders"] if r["kind"] == "custom")
    assert (walk["times"], walk["weekdays"], walk["at"]) == (["09:00"], [0, 4], None)

    other = make_user("other@example.com")
    import_document(document, other, other)

    moved = Question.objects.get(patient=other)
    assert moved.appointment.patient == other
    assert moved.appointment.place == "Clinic"
    reminder = Reminder.objects.get(patient=other, kind=Reminder.APPOINTMENT)
    assert (reminder.appointment, reminder.minutes_before) == (moved.appointment, 120)
    assert Note.objects.get(patient=other).text == "Line\nTwo"
    exported_again = export_document(other)
    for key in ("notes", "contacts"):
        strip = [
            {k: v for k, v in r.items() if k not in ("id", "recorded_by")} for r in document[key]
        ]
        again = [
            {k: v for k, v in r.items() if k not in ("id", "recorded_by")}
            for r in exported_again[key]
        ]
        assert strip == again


@pytest.mark.parametrize(
    ("reminder", "place"),
    [
        ({"kind": "custom", "times": []}, "reminders[0].times"),
        ({"kind": "custom", "times": ["25:00"]}, "reminders[0].times"),
        ({"kind": "custom", "times": ["08:00"], "weekdays": [7]}, "reminders[0].weekdays"),
        ({"kind": "sometimes", "times": ["08:00"]}, "reminders[0].kind"),
        ({"kind": "medication", "times": ["08:00"]}, "reminders[0].medication_id"),
        (
            {"kind": "custom", "times": ["08:00"], "appointment_id": "x"},
            "reminders[0].appointment_id",
        ),
        # A date that is not text is refused, never taken as "no start date".
        ({"kind": "custom", "times": ["08:00"], "starts_on": 5}, "reminders[0].starts_on"),
    ],
)
def test_a_bad_reminder_in_the_document_names_its_place_and_loads_nothing(patient, reminder, place):
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": "2025-01-01", "title": "kept?", "text": "no"}],
        "reminders": [reminder],
    }
    with pytest.raises(DataError, match=place.replace("[", r"\[").replace("]", r"\]")):
        import_document(document, patient, patient)
    assert not Note.objects.exists()
    assert not Reminder.objects.exists()


def test_a_reminder_with_more_times_than_the_form_takes_still_moves(patient):
    # Imports took any number before the form's 12 a day was held to, and a medication
    # reminder follows its medicine's times, which had no limit: a download imports again.
    times = [f"{h:02d}:00" for h in range(13)]
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "reminders": [{"kind": "custom", "message": "Sip water", "times": times}],
    }
    import_document(document, patient, patient)
    assert Reminder.objects.get(patient=patient).times == times


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        ({"website": "ftp://files.example.org"}, "is not a web address starting https://"),
        ({"website": "javascript:alert(1)"}, "is not a web address starting https://"),
        ({"email": "nope"}, "is not an email address"),
    ],
)
def test_a_contact_whose_website_is_not_a_web_page_says_so_and_loads_nothing(
    patient, contact, message
):
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": "2025-01-01", "title": "kept?", "text": "no"}],
        "contacts": [{"name": "Archive"} | contact],
    }
    with pytest.raises(DataError, match=rf"contacts\[0\]\.\w+: '.*' {message}"):
        import_document(document, patient, patient)
    assert not Contact.objects.exists()
    assert not Note.objects.exists()


WEBSITES_MIGRATION = "notes.migrations.0007_contact_websites_that_are_not_web_pages"


def test_on_upgrade_no_contact_keeps_a_website_an_import_refuses(patient):
    # As saved before only web pages were taken: typed in, or from an information page.
    saved = {
        "Archive": "ftp://files.example.org/leaflets",
        "Script": "javascript:alert(1)",
        "Email": "mailto:help@example.org",
        "Page": "/information/tremor",
        "Bare": "www.dystonia.org.uk",
        "Web": "https://www.parkinsons.org.uk",
        "None": "",
    }
    for name, website in saved.items():
        Contact.objects.create(patient=patient, name=name, website=website)

    import_module(WEBSITES_MIGRATION).clear_websites_that_are_not_web_pages(apps, None)

    websites = dict(Contact.objects.values_list("name", "website"))
    assert websites == {
        "Archive": "",
        "Script": "",
        "Email": "",
        "Page": "",
        "Bare": "https://www.dystonia.org.uk",  # as the contact form reads it
        "Web": "https://www.parkinsons.org.uk",
        "None": "",
    }
    other = make_user("other@example.com")
    import_document(json.loads(json.dumps(export_document(patient))), other, other)
    assert dict(Contact.objects.filter(patient=other).values_list("name", "website")) == websites


def test_a_contact_already_taken_from_a_page_is_not_imported_twice(patient):
    contact = {"name": "Parkinson's UK", "phone": "0808 800 0303", "page_path": "tremor"}
    Contact.objects.create(patient=patient, name=contact["name"], page_path="tremor")
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": "2025-01-01", "title": "Kept", "text": "yes"}],
        "contacts": [contact, contact],
    }
    import_document(document, patient, patient)
    assert Contact.objects.filter(patient=patient).count() == 1
    assert Note.objects.get(patient=patient).title == "Kept"


def test_a_note_whose_date_is_not_text_names_its_place_and_loads_nothing(patient):
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": 20250101, "title": "When?", "text": "no"}],
    }
    with pytest.raises(DataError, match=r"notes\[0\]\.written_on"):
        import_document(document, patient, patient)
    assert not Note.objects.exists()


def questions_from_a_page(page_url: str) -> dict:
    question = {"text": "Which hand?", "status": "to_ask", "page_path": "tremor"}
    return {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": "2025-01-01", "title": "kept?", "text": "no"}],
        "questions": [question | {"page_title": "Tremor", "page_url": page_url}],
    }


@pytest.mark.parametrize(
    "page_url",
    [
        "javascript:alert(1)",
        "https://evil.example/information/tremor",
        "//evil.example/information/tremor",
        "/information/../../account/delete",
        "/information/tremor?next=https://evil.example",
        "/information/",
        "/account",
    ],
)
def test_a_question_linking_anywhere_but_an_information_page_loads_nothing(patient, page_url):
    with pytest.raises(DataError, match=r"questions\[0\]\.page_url: .* information page"):
        import_document(questions_from_a_page(page_url), patient, patient)
    assert not Question.objects.exists()
    assert not Note.objects.exists()


def test_a_question_from_an_information_page_links_back_to_it(patient_client, patient):
    import_document(questions_from_a_page("/information/tremor"), patient, patient)
    content = patient_client.get(reverse("notes_questions")).content.decode()
    assert 'From <a href="/information/tremor">Tremor</a>' in content


@pytest.mark.parametrize(
    ("dates", "place"),
    [
        ({"starts_on": "0001-01-01"}, "starts_on"),
        ({"starts_on": "1899-12-31"}, "starts_on"),
        ({"ends_on": "9999-12-31"}, "ends_on"),
        ({"ends_on": "3000-01-01"}, "ends_on"),
    ],
)
def test_a_reminder_dated_outside_the_years_1900_to_2999_loads_nothing(patient, dates, place):
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": "2025-01-01", "title": "kept?", "text": "no"}],
        "reminders": [
            {"kind": "custom", "times": ["08:00"]},
            {"kind": "custom", "times": ["08:00"]} | dates,
        ],
    }
    with pytest.raises(DataError, match=rf"reminders\[1\]\.{place}: .* between the years 1900"):
        import_document(document, patient, patient)
    assert not Reminder.objects.exists()
    assert not Note.objects.exists()


def test_a_tracking_plan_long_over_still_moves_with_the_rest(patient):
    # The reminder forms keep a date more than a year old as it was: so does the import.
    plan = {"kind": "tracking", "times": ["20:00"], "active": False}
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "reminders": [plan | {"starts_on": "2019-03-01", "ends_on": "2019-03-14"}],
    }
    import_document(document, patient, patient)
    reminder = Reminder.objects.get(patient=patient)
    assert (reminder.starts_on, reminder.ends_on) == (date(2019, 3, 1), date(2019, 3, 14))


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"])
def test_the_calendar_of_reminders_imported_at_the_ends_of_the_years_opens(db, client, zone):
    patient = make_user("far@example.com", time_zone=zone)
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "reminders": [
            {"kind": "custom", "times": ["00:00", "23:59"], "starts_on": "1900-01-01"},
            {"kind": "custom", "times": ["23:59"], "ends_on": "2999-12-31"},
            {"kind": "custom", "times": ["00:00"], "weekdays": [6], "starts_on": "2999-12-31"},
            {
                "kind": "custom",
                "times": ["08:00"],
                "starts_on": "1900-01-01",
                "ends_on": "1900-01-01",
            },
        ],
    }
    import_document(document, patient, patient)
    feed = CalendarFeed.objects.create(patient=patient)
    response = client.get(reverse("notes_calendar_feed", args=[feed.id, feed.token]))
    assert response.status_code == 200
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    # The one over in 1900 is never sent, so has no event; the others have one a time.
    assert len(events) == 4


def test_a_download_made_through_the_forms_imports_again_when_a_medicine_has_no_times(
    patient_client, patient, tmp_path
):
    # A reminder set for a medicine, which then becomes one taken only when needed:
    # the reminder follows it to no times at all, and the download must still import.
    response = patient_client.post(
        reverse("medication_new"),
        {"name": "Madopar", "times": "08:00, 20:00", "token": new_token()},
    )
    assert response.status_code == 302
    medicine = Medication.objects.get()
    response = patient_client.post(
        reverse("notes_reminder_new") + "?kind=medication",
        {"medication": str(medicine.pk), "message": "With water", "token": new_token()},
    )
    assert response.status_code == 302
    response = patient_client.post(
        reverse("medication_edit", args=[medicine.pk]),
        {"name": "Madopar", "times": "", "as_needed": "on", "token": new_token()},
    )
    assert response.status_code == 302
    assert Reminder.objects.get().times == []
    path = tmp_path / "records.json"
    path.write_bytes(patient_client.get(reverse("download_data")).content)

    call_command(
        "importrecords", str(path), user="copy@example.com", create=True, stdout=StringIO()
    )

    copy = Reminder.objects.get(patient__email="copy@example.com")
    assert (copy.medication_name, copy.times, copy.message) == ("Madopar", [], "With water")
    assert copy.medication_id == Medication.objects.get(patient__email="copy@example.com").pk


def test_a_medication_reminder_takes_the_name_and_times_of_a_medicine_the_account_has(patient):
    medicine = make.medication(patient, name="Rasagiline", schedule=("08:00",))
    medicine.tell_reminders()  # as saving it in the tracker does
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "reminders": [
            {"kind": "medication", "medication_id": str(medicine.pk), "times": ["13:00"]},
            {"kind": "medication", "medication_id": str(medicine.pk), "times": []},
        ],
    }
    import_document(document, patient, patient)
    reminders = Reminder.objects.filter(patient=patient)
    assert {(r.medication_name, tuple(r.times)) for r in reminders} == {("Rasagiline", ("08:00",))}
    assert reminders.count() == 2


def test_the_download_says_which_reminders_went_and_which_did_not_and_none_is_imported(patient):
    reminder = Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Walk", times=["08:00"]
    )
    eight = timezone.now().replace(hour=8, minute=0, second=0, microsecond=0)
    Delivery.objects.create(reminder=reminder, due_at=eight, status=Delivery.SENT, sent_at=eight)
    Delivery.objects.create(
        reminder=reminder, due_at=eight + timedelta(days=1), status=Delivery.MISSED
    )
    document = export_document(patient)
    sent, missed = document["reminder_deliveries"]
    assert (sent["reminder_id"], sent["status"]) == (str(reminder.pk), "sent")
    assert sent["sent_at"] == eight.astimezone(patient.zone).isoformat()
    assert (missed["status"], missed["sent_at"]) == ("missed", None)
    moved = make_user("moved@example.com")
    import_document(document, moved, moved)
    assert Reminder.objects.filter(patient=moved).count() == 1
    assert not Delivery.objects.filter(reminder__patient=moved).exists()


@pytest.mark.parametrize(
    ("starts_at", "before"),
    [
        # 10:30 on the Monday after the clocks went back; a reminder in British summer time.
        (datetime(2025, 10, 27, 10, 30, tzinfo=UTC), 7 * 24 * 60),
        (datetime(2025, 10, 27, 10, 30, tzinfo=UTC), 2 * 24 * 60),
        # 10:30 on the Monday after they went forward; a reminder in Greenwich time.
        (datetime(2025, 3, 30, 9, 30, tzinfo=UTC), 24 * 60),
        (datetime(2025, 3, 30, 1, 30, tzinfo=UTC), 60),
    ],
)
def test_a_reminder_before_an_appointment_across_a_clock_change_moves_as_it_was_chosen(
    patient, starts_at, before
):
    appointment = Appointment.objects.create(patient=patient, starts_at=starts_at, role="nurse")
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        at=appointment.reminder_at(before),
        minutes_before=before,
    )
    other = make_user("other@example.com")
    import_document(json.loads(json.dumps(export_document(patient))), other, other)
    moved = Reminder.objects.get(patient=other)
    assert (moved.minutes_before, moved.at) == (before, appointment.reminder_at(before))

"""A repeating reminder with no time still to come is refused, naming the field to change."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from notes.models import Appointment, Reminder
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page

NEW = reverse("notes_reminder_new")


def daily(**fields) -> dict:
    return {"message": "Past daily", "repeat": "daily", "times_text": "09:00", **fields}


def tracking(**fields) -> dict:
    return {"times_text": "20:00", **fields}


def post_new(client, kind: str, data: dict):
    return client.post(f"{NEW}?kind={kind}", {**data, "token": new_token()})


def error(response, field: str) -> str:
    return Page(response.content.decode()).text(f"#id_{field}-error")


def test_a_daily_reminder_whose_last_day_is_over_is_refused(april_client):
    response = post_new(april_client, "custom", daily(starts_on="2026-01-01", ends_on="2026-01-05"))
    assert error(response, "ends_on") == (
        "Error: This reminder would never be sent: its last day, Monday 5 January 2026, "
        "is over. Choose a later date."
    )
    assert not Reminder.objects.exists()


def test_a_diary_reminder_whose_days_are_over_is_refused(april_client):
    response = post_new(
        april_client, "tracking", tracking(starts_on="2026-03-29", ends_on="2026-03-30")
    )
    assert error(response, "ends_on") == (
        "Error: This reminder would never be sent: its last day, Monday 30 March 2026, "
        "is over. Choose a later date."
    )
    assert not Reminder.objects.exists()


def test_a_reminder_ending_today_after_its_times_have_passed_is_refused(april_client):
    response = post_new(april_client, "custom", daily(ends_on="2026-04-01"))
    assert error(response, "ends_on") == (
        "Error: This reminder would never be sent: its last day is today and its times have "
        "passed. Choose a later date."
    )
    assert not Reminder.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        daily(ends_on="2026-04-01", times_text="09:00, 20:00"),
        daily(starts_on="2026-03-01", ends_on="2026-04-02"),
        daily(starts_on="2031-04-01", ends_on="2031-04-01"),
        daily(starts_on="2026-01-01"),
    ],
)
def test_a_reminder_with_a_time_still_to_come_is_saved(april_client, data):
    assert post_new(april_client, "custom", data).status_code == 302
    assert Reminder.objects.count() == 1


def test_a_diary_reminder_for_today_and_tomorrow_is_saved(april_client):
    data = tracking(starts_on="2026-04-01", ends_on="2026-04-02", times_text="09:00")
    assert post_new(april_client, "tracking", data).status_code == 302


def test_a_day_that_is_not_ticked_is_refused_on_the_days(april_client):
    # 1 December 2026 is a Tuesday; only Sunday is ticked.
    response = post_new(
        april_client, "custom", daily(starts_on="2026-12-01", ends_on="2026-12-01", days=[6])
    )
    assert error(response, "days") == (
        "Error: Tuesday 1 December 2026 is not one of the days you ticked, so this reminder "
        "would never be sent. Tick Tuesday, or choose other dates."
    )
    assert not Reminder.objects.exists()


def test_days_none_of_which_is_ticked_are_named_from_the_first_still_to_come(april_client):
    # Today is a Wednesday, but its 09:00 has passed: the days left are Thursday and Friday.
    response = post_new(
        april_client, "custom", daily(starts_on="2026-03-30", ends_on="2026-04-03", days=[2])
    )
    assert error(response, "days") == (
        "Error: None of the days you ticked falls between Thursday 2 April 2026 and "
        "Friday 3 April 2026, so this reminder would never be sent. Tick one of those days, "
        "or choose other dates."
    )


def ended(patient) -> Reminder:
    return Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Past daily",
        times=["09:00"],
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 1, 5),
    )


def test_a_reminder_that_has_ended_can_still_have_its_message_changed(april_client, patient):
    reminder = ended(patient)
    data = daily(message="Stretch", starts_on="2026-01-01", ends_on="2026-01-05")
    response = april_client.post(reverse("notes_reminder", args=[reminder.id]), data)
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.message == "Stretch"


def test_a_reminder_that_has_ended_cannot_be_moved_to_other_days_already_over(
    april_client, patient
):
    reminder = ended(patient)
    data = daily(starts_on="2026-01-01", ends_on="2026-01-06")
    response = april_client.post(reverse("notes_reminder", args=[reminder.id]), data)
    assert error(response, "ends_on").startswith("Error: This reminder would never be sent")
    reminder.refresh_from_db()
    assert reminder.ends_on == date(2026, 1, 5)


def test_a_reminder_that_has_ended_can_be_turned_off(april_client, patient):
    reminder = ended(patient)
    april_client.post(reverse("notes_reminder_active", args=[reminder.id]), {"active": "off"})
    reminder.refresh_from_db()
    assert not reminder.active


def test_an_imported_diary_reminder_on_chosen_days_says_why_on_its_last_day(april_client, patient):
    # Its form has no days to tick, but an import may bring a diary reminder with some.
    reminder = Reminder.objects.create(
        patient=patient, kind=Reminder.TRACKING, times=["20:00"], weekdays=[6]
    )
    data = tracking(starts_on="2026-12-01", ends_on="2026-12-01")
    response = april_client.post(reverse("notes_reminder", args=[reminder.id]), data)
    assert error(response, "ends_on").startswith("Error: Tuesday 1 December 2026 is not one of")


def test_a_reminder_that_has_ended_is_listed_as_ended_not_on(april_client, patient):
    ended(patient)
    Reminder.objects.create(patient=patient, kind=Reminder.CUSTOM, message="Daily", times=["09:00"])
    page = Page(april_client.get(reverse("notes_reminders")).content.decode())
    cards = [" ".join("".join(card.itertext()).split()) for card in page.all("article.nhsuk-card")]
    [past] = [card for card in cards if card.startswith("Past daily")]
    assert past.startswith("Past daily, Ended") and "It will not be sent again." in past
    [daily_card] = [card for card in cards if card.startswith("Daily")]
    assert daily_card.startswith("Daily, On") and "Next: Thursday 2 April, 09:00" in daily_card


def cards(client) -> dict[str, str]:
    page = Page(client.get(reverse("notes_reminders")).content.decode())
    texts = [" ".join("".join(card.itertext()).split()) for card in page.all("article.nhsuk-card")]
    return {text.split(", On ")[0]: text for text in texts}


def test_reminders_more_than_a_fortnight_ahead_are_listed_as_on_with_their_first_time(
    april_client, patient
):
    # Listed as "Ended" before: the next time was looked for only 15 days ahead.
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Blood test",
        at=datetime(2026, 5, 20, 8, tzinfo=UTC),
    )
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Summer stretches",
        times=["09:00"],
        starts_on=date(2026, 7, 1),
    )
    listed = cards(april_client)
    assert "Next: Wednesday 20 May, 09:00" in listed["Blood test"]
    assert "Next: Wednesday 1 July, 09:00" in listed["Summer stretches"]
    assert not any("Ended" in card for card in listed.values())


@pytest.mark.parametrize(
    ("appointment_day", "said_days"),
    [(4, "each day from 2 April to 3 April"), (3, "on 2 April")],
)
def test_a_diary_plan_whose_time_has_passed_today_says_it_starts_tomorrow(
    april_client, patient, appointment_day, said_days
):
    appointment = Appointment.objects.create(
        patient=patient, starts_at=datetime(2026, 4, appointment_day, 9, tzinfo=UTC)
    )
    response = april_client.post(
        reverse("notes_appointment_tracking", args=[appointment.id]), {"time": "09:00"}, follow=True
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message == f"We will remind you to fill in the ON/OFF diary {said_days}."
    assert Reminder.objects.get(kind=Reminder.TRACKING).starts_on == date(2026, 4, 1)

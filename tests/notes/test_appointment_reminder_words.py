"""What an appointment's reminder is said to be: saving the appointment with only new notes
says nothing of its reminder, a move that puts the reminder in the past says so, and the
reminders list words how long before the appointment it is as it was chosen ("1 week
before"), the week the clocks change too."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from notes.delivery import run_pass
from notes.models import Appointment, Delivery, Reminder
from tests.toolkit.test_form_pack import Page

MOVED = "Its reminder moved to"
DAY = 24 * 60
WEEK = 7 * DAY


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def appointment_at(patient, starts_at: datetime) -> Appointment:
    return Appointment.objects.create(
        patient=patient, starts_at=starts_at, role="gp", notes="Bring the diary"
    )


def remind(appointment, minutes: int, at: datetime | None = None) -> Reminder:
    """A reminder `minutes` before it, at the time the reminder form sets unless `at`."""
    return Reminder.objects.create(
        patient=appointment.patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        minutes_before=minutes,
        at=at or appointment.reminder_at(minutes),
        counts_from=appointment.starts_at - timedelta(days=30),
    )


def save_form(client, appointment, *, day: str, time: str, notes: str):
    client.force_login(appointment.patient)  # after the clock moves, or the session expired
    return client.post(
        reverse("notes_appointment_edit", args=[appointment.id]),
        {"day": day, "time": time, "role": "gp", "notes": notes},
        follow=True,
    )


# Bug: saving new notes said a reminder already sent had "moved" and "will not be sent".


def test_new_notes_say_nothing_of_a_reminder_already_sent(client, patient, frozen):
    # Saturday 28 November 2026 at 07:20 GMT; the appointment is the next day at 07:16.
    appointment = appointment_at(patient, utc(2026, 11, 29, 7, 16))
    reminder = remind(appointment, DAY)
    assert reminder.at == utc(2026, 11, 28, 7, 16)
    Delivery.objects.create(
        reminder=reminder, due_at=reminder.at, status=Delivery.SENT, sent_at=reminder.at
    )
    frozen(utc(2026, 11, 28, 7, 20))
    before = Reminder.objects.get()

    response = save_form(
        client, appointment, day="2026-11-29", time="07:16", notes="Ask about the new tablets"
    )

    text = response.content.decode()
    assert "appointment with GP has been saved" in text
    assert MOVED not in text
    assert "will not be sent" not in text
    appointment.refresh_from_db()
    assert appointment.notes == "Ask about the new tablets"
    after = Reminder.objects.get()
    assert (after.at, after.counts_from) == (before.at, before.counts_from)


def test_new_notes_do_not_stop_a_reminder_just_due_and_not_yet_sent(
    client, patient, frozen, mailoutbox
):
    appointment = appointment_at(patient, utc(2026, 11, 29, 7, 16))
    reminder = remind(appointment, DAY)
    # The notes are saved half a minute after its time, before the sender's next pass.
    now = frozen(reminder.at + timedelta(seconds=30))

    response = save_form(client, appointment, day="2026-11-29", time="07:16", notes="Fasting")

    assert MOVED not in response.content.decode()
    assert run_pass(now + timedelta(seconds=30)).sent == 1
    assert len(mailoutbox) == 1


def test_new_notes_do_not_move_a_week_before_reminder_saved_as_168_hours(client, patient, frozen):
    # Monday 1 November 2027 at 10:30 GMT; the clocks go back on Sunday 31 October. A
    # reminder saved as 168 hours before is at 11:30 BST on Monday 25 October; a week
    # before on the calendar would be 10:30 BST, which has passed at 11:00 BST.
    starts = utc(2027, 11, 1, 10, 30)
    appointment = appointment_at(patient, starts)
    saved_at = starts - timedelta(hours=168)
    remind(appointment, WEEK, at=saved_at)
    frozen(utc(2027, 10, 25, 10))

    response = save_form(client, appointment, day="2027-11-01", time="10:30", notes="Bring pills")

    assert MOVED not in response.content.decode()
    assert Reminder.objects.get().at == saved_at


def test_a_move_that_puts_the_reminder_in_the_past_still_says_so(client, patient, frozen):
    # Wednesday 1 April 2026, 13:00 BST: an appointment on Saturday 4 April at 10:00 with a
    # reminder 2 days before, moved to Thursday 2 April, whose 2 days before has passed.
    appointment = appointment_at(patient, utc(2026, 4, 4, 9))
    remind(appointment, 2 * DAY)
    frozen(utc(2026, 4, 1, 12))

    response = save_form(client, appointment, day="2026-04-02", time="10:00", notes="")

    assert (
        "Its reminder moved to Tuesday 31 March at 10:00, which has passed, so it will not be "
        "sent." in response.content.decode()
    )
    assert Reminder.objects.get().at == utc(2026, 3, 31, 9)


def test_a_move_across_the_spring_change_names_the_passed_reminder_on_its_own_clock(
    client, patient, frozen
):
    # Monday 5 April 2027 at 10:30 BST with a reminder a week before, moved to Monday 29 March
    # (the clocks went forward on the 28th): a week before is Monday 22 March at 10:30 GMT.
    appointment = appointment_at(patient, utc(2027, 4, 5, 9, 30))
    remind(appointment, WEEK)
    frozen(utc(2027, 3, 22, 12))

    response = save_form(client, appointment, day="2027-03-29", time="10:30", notes="")

    assert (
        "Its reminder moved to Monday 22 March at 10:30, which has passed"
        in response.content.decode()
    )


def test_a_move_says_nothing_of_a_reminder_already_sent_before_it(client, patient, frozen):
    appointment = appointment_at(patient, utc(2026, 11, 29, 7, 16))
    reminder = remind(appointment, DAY)
    Delivery.objects.create(
        reminder=reminder, due_at=reminder.at, status=Delivery.SENT, sent_at=reminder.at
    )
    frozen(utc(2026, 11, 28, 9))

    response = save_form(client, appointment, day="2026-11-29", time="08:00", notes="")

    assert MOVED not in response.content.decode()
    assert Reminder.objects.get().at == utc(2026, 11, 28, 8)


def test_a_move_with_a_reminder_still_to_come_says_nothing(client, patient, frozen):
    appointment = appointment_at(patient, utc(2026, 12, 10, 10))
    remind(appointment, DAY)
    frozen(utc(2026, 11, 28, 9))

    response = save_form(client, appointment, day="2026-12-12", time="10:00", notes="")

    assert MOVED not in response.content.decode()
    assert Reminder.objects.get().at == utc(2026, 12, 11, 10)


# Bug: the reminders list counted elapsed hours: "6 days, 23 hours before the appointment".


def listed(client, patient) -> str:
    client.force_login(patient)
    page = Page(client.get(reverse("notes_reminders")).content.decode())
    return page.text(".nhsuk-card__content > p:first-of-type")


@pytest.mark.parametrize(
    ("starts", "minutes", "said"),
    [
        # Monday 29 March 2027 at 10:30 BST; the clocks go forward on the 28th.
        (utc(2027, 3, 29, 9, 30), WEEK, "Monday 22 March 2027, 10:30: 1 week before"),
        (utc(2027, 3, 29, 9, 30), DAY, "Sunday 28 March 2027, 10:30: 1 day before"),
        (utc(2027, 3, 29, 9, 30), 2 * DAY, "Saturday 27 March 2027, 10:30: 2 days before"),
        # Sunday 31 October 2027 at 10:30 GMT; the clocks went back at 02:00 that day.
        (utc(2027, 10, 31, 10, 30), DAY, "Saturday 30 October 2027, 10:30: 1 day before"),
        (utc(2027, 11, 1, 10, 30), WEEK, "Monday 25 October 2027, 10:30: 1 week before"),
        # Hours are hours: 02:30 GMT, two hours after 01:30 BST.
        (utc(2027, 10, 31, 2, 30), 120, "Sunday 31 October 2027, 01:30 (BST): 2 hours before"),
        (utc(2027, 10, 31, 2, 30), 60, "Sunday 31 October 2027, 01:30 (GMT): 1 hour before"),
    ],
)
def test_the_reminders_list_words_the_time_before_as_it_was_chosen(
    client, patient, frozen, starts, minutes, said
):
    frozen(utc(2027, 3, 1, 12))
    remind(appointment_at(patient, starts), minutes)
    assert listed(client, patient) == f"{said} the appointment"


@pytest.mark.parametrize(
    ("minutes", "said"),
    [(3 * DAY, "3 days before"), (2 * WEEK, "2 weeks before"), (90, "1 hour, 30 minutes before")],
)
def test_a_time_before_not_among_the_choices_is_worded_too(client, patient, frozen, minutes, said):
    # An import may bring one the form does not offer.
    frozen(utc(2027, 3, 1, 12))
    remind(appointment_at(patient, utc(2027, 4, 29, 9, 30)), minutes)
    assert listed(client, patient).endswith(f": {said} the appointment")


def test_a_reminder_without_its_minutes_before_is_worded_from_its_time(client, patient, frozen):
    frozen(utc(2027, 3, 1, 12))
    appointment = appointment_at(patient, utc(2027, 3, 29, 9, 30))
    reminder = remind(appointment, WEEK)
    Reminder.objects.filter(pk=reminder.pk).update(minutes_before=None)
    assert listed(client, patient).endswith(": 1 week before the appointment")

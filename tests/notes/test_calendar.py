"""The calendar feed shows reminders when their emails go: the emails are what happens."""

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from notes.calendar import feed
from notes.delivery import CATCH_UP, run_pass
from notes.models import Appointment, Delivery, Reminder

# Thursday 26 November 2026, 09:00 in London (GMT).
THURSDAY = datetime(2026, 11, 26, 9, tzinfo=UTC)


def reminder_events(patient) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed(patient))
    events = {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    return {uid: e for uid, e in events.items() if uid.startswith("reminder-")}


def first_emails(reminder: Reminder, since: datetime) -> dict[str, datetime]:
    """When each time of the reminder is first emailed: a pass every half hour (as late as an
    email may go) for 12 days, past the first week of each reminder below."""
    now = since
    while now < since + timedelta(days=12):
        run_pass(now)
        now += CATCH_UP
    firsts = {}
    for due_at in Delivery.objects.filter(reminder=reminder).values_list("due_at", flat=True):
        local = due_at.astimezone(reminder.patient.zone)
        firsts.setdefault(f"{local:%H%M}", local)
    return firsts


def test_a_reminder_on_chosen_weekdays_starts_on_the_first_of_them(patient):
    reminder = Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Exercise class",
        times=["08:00", "18:30"],
        weekdays=[0, 2],
        counts_from=THURSDAY,
    )
    text = feed(patient).decode()
    assert "DTSTART;TZID=Europe/London:20261130T080000" in text
    assert "DTSTART;TZID=Europe/London:20261130T183000" in text
    assert "DTSTART;TZID=Europe/London:20261126" not in text
    events = reminder_events(patient)
    rule = events[f"reminder-{reminder.id}-0800"]["rrule"]
    assert (rule["FREQ"], rule["BYDAY"]) == (["WEEKLY"], ["MO", "WE"])


@pytest.mark.parametrize(
    ("set_at", "fields"),
    [
        # Set on a Thursday for Mondays and Wednesdays.
        (THURSDAY, {"weekdays": [0, 2]}),
        # Set on a Monday at noon: its 08:00 has gone, its 18:30 has not.
        (datetime(2026, 11, 30, 12, tzinfo=UTC), {"weekdays": [0, 2]}),
        # From Tuesday 1 December, on Mondays only.
        (THURSDAY, {"weekdays": [0], "starts_on": date(2026, 12, 1)}),
        # Every day, set after its 08:00.
        (THURSDAY, {}),
        # From a day long before it was set.
        (THURSDAY, {"weekdays": [3, 4], "starts_on": date(2026, 1, 1)}),
    ],
)
def test_each_reminder_event_starts_with_the_first_email_at_its_time(patient, set_at, fields):
    reminder = Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Exercise class",
        times=["08:00", "18:30"],
        counts_from=set_at,
        **fields,
    )
    starts = {
        uid.rsplit("-", 1)[1]: event["dtstart"].dt
        for uid, event in reminder_events(patient).items()
    }
    assert starts == first_emails(reminder, set_at)


def test_a_reminder_whose_days_are_over_before_it_is_ever_sent_is_not_in_the_calendar(patient):
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Exercise class",
        times=["08:00"],
        weekdays=[0],  # Mondays, but it runs from Tuesday to Saturday
        starts_on=date(2026, 12, 1),
        ends_on=date(2026, 12, 5),
        counts_from=THURSDAY,
    )
    assert reminder_events(patient) == {}


def test_a_one_off_reminder_carries_its_message_like_a_daily_one(patient):
    appointment = Appointment.objects.create(
        patient=patient, starts_at=THURSDAY + timedelta(days=7), role="neurologist"
    )
    reminder = Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        minutes_before=24 * 60,
        at=appointment.starts_at - timedelta(days=1),
        message="Bring diary",
        counts_from=THURSDAY,
    )
    event = reminder_events(patient)[f"reminder-{reminder.id}"]
    assert str(event["summary"]) == "Reminder: Appointment: Neurologist"
    assert str(event["description"]) == "Bring diary"


# 25 October 2026 and 31 October 2027: 01:00 to 01:59 happen twice in London, BST then GMT.
SECOND_0130_2026 = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
SECOND_0130_2027 = datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def starts(patient) -> list[datetime]:
    calendar = icalendar.Calendar.from_ical(feed(patient))
    return [event["dtstart"].dt for event in calendar.walk("VEVENT")]


@pytest.mark.parametrize(
    ("instant", "written"),
    [
        (SECOND_0130_2026, "DTSTART:20261025T013000Z"),
        (SECOND_0130_2026 - timedelta(hours=1), "DTSTART:20261025T003000Z"),  # the first
    ],
    ids=["second", "first"],
)
def test_an_appointment_at_a_time_that_happens_twice_is_at_the_right_one(patient, instant, written):
    # A zoned local time that happens twice reads as the first (RFC 5545): the feed says
    # which, in UTC.
    Appointment.objects.create(patient=patient, starts_at=instant, role="neurologist")
    assert written in feed(patient).decode()
    assert starts(patient) == [instant]


def test_a_one_off_reminder_the_second_time_round_is_at_the_second_one(patient):
    Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Stretch", at=SECOND_0130_2027, times=[]
    )
    assert "DTSTART:20271031T013000Z" in feed(patient).decode()
    assert starts(patient) == [SECOND_0130_2027]


def test_a_time_that_happens_once_stays_in_the_patients_zone(patient):
    Appointment.objects.create(patient=patient, starts_at=THURSDAY, role="neurologist")
    assert "DTSTART;TZID=Europe/London:20261126T090000" in feed(patient).decode()

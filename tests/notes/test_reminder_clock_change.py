"""A daily reminder on the nights the clocks change: its email, its calendar event and the
reminders page's "Next:" are at the same instant.

The calendar feed repeats a reminder with a rule in the patient's zone, so each day's time is
placed by the calendar app, as RFC 5545 says: a time the clocks skip is read with the offset
from before the change (01:30 on the spring-forward night in London is 02:30 BST), and a time
that happens twice is the first one. Emails follow the same rule, as the tracker does for a
dose scheduled in the skipped hour.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from dateutil.rrule import rrulestr
from django.urls import reverse

from notes.calendar import feed
from notes.delivery import run_pass
from notes.models import Delivery, Reminder
from tests.toolkit.test_form_pack import Page


@dataclass(frozen=True)
class Night:
    zone: str
    day: date  # the local day whose night the clocks change
    clock: str  # the reminder's time
    expected: datetime  # the one instant it falls due that day
    next_line: str  # the reminders page the evening before


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


NIGHTS = {
    # 01:00 GMT becomes 02:00 BST: 01:30 is read as GMT, which is 02:30 BST.
    "london-spring": Night(
        "Europe/London",
        date(2026, 3, 29),
        "01:30",
        utc(2026, 3, 29, 1, 30),
        "Sunday 29 March, 02:30 (the clocks go forward that night)",
    ),
    # 02:00 BST becomes 01:00 GMT: the first 01:30 (BST), never the second as well.
    "london-autumn": Night(
        "Europe/London",
        date(2026, 10, 25),
        "01:30",
        utc(2026, 10, 25, 0, 30),
        "Sunday 25 October, 01:30 (BST)",
    ),
    # 02:00 EST becomes 03:00 EDT: 02:30 is read as EST, which is 03:30 EDT.
    "new-york-spring": Night(
        "America/New_York",
        date(2026, 3, 8),
        "02:30",
        utc(2026, 3, 8, 7, 30),
        "Sunday 8 March, 03:30 (the clocks go forward that night)",
    ),
    # 02:00 EDT becomes 01:00 EST: the first 01:30 (EDT).
    "new-york-autumn": Night(
        "America/New_York",
        date(2026, 11, 1),
        "01:30",
        utc(2026, 11, 1, 5, 30),
        "Sunday 1 November, 01:30 (EDT)",
    ),
}


@pytest.fixture(params=NIGHTS.values(), ids=NIGHTS.keys())
def night(request, patient) -> Night:
    night = request.param
    patient.time_zone = night.zone
    patient.save()
    return night


@pytest.fixture
def daily(patient, night) -> Reminder:
    """Set a week before the night, every day at the night's time."""
    return Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Stretch",
        times=[night.clock],
        counts_from=datetime.combine(night.day - timedelta(days=7), time(12), patient.zone),
    )


def local_night(night: Night, zone) -> tuple[datetime, datetime]:
    """From 20:00 the evening before to 08:00 the next morning, local time."""
    return (
        datetime.combine(night.day - timedelta(days=1), time(20), zone),
        datetime.combine(night.day, time(8), zone),
    )


def calendar_instants(patient, reminder: Reminder, night: Night) -> list[datetime]:
    """Where a calendar app that reads the feed puts the reminder that night.

    It repeats the event's local start time by its rule, then reads each local time in the
    event's zone as RFC 5545 does: a skipped time with the offset from before the change, a
    repeated one as the first. Python's default reading of a local time (fold=0) is that.
    """
    calendar = icalendar.Calendar.from_ical(feed(patient))
    uid = f"reminder-{reminder.id}-{night.clock.replace(':', '')}@"
    [event] = [e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith(uid)]
    start = event["dtstart"].dt
    zone = start.tzinfo
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start.replace(tzinfo=None))
    begin, end = local_night(night, zone)
    walls = rule.between(begin.replace(tzinfo=None), end.replace(tzinfo=None), inc=True)
    return [wall.replace(tzinfo=zone).astimezone(UTC) for wall in walls]


def email_instants(reminder: Reminder, night: Night, mailoutbox) -> list[datetime]:
    """When its emails fall due that night, sent by a pass every five minutes."""
    begin, end = local_night(night, reminder.patient.zone)
    now = begin.astimezone(UTC)
    while now <= end:
        run_pass(now)
        now += timedelta(minutes=5)
    due = Delivery.objects.filter(reminder=reminder, status=Delivery.SENT)
    assert len(mailoutbox) == due.count()
    return sorted(due.values_list("due_at", flat=True))


def next_on_page(client, patient, night: Night, frozen) -> str:
    begin, _ = local_night(night, patient.zone)
    frozen(begin)
    client.force_login(patient)
    page = Page(client.get(reverse("notes_reminders")).content.decode())
    return page.text("article .nhsuk-body-s")


def test_the_email_goes_when_the_calendar_shows_the_reminder(patient, night, daily, mailoutbox):
    def local(instants) -> list[str]:
        return [f"{i.astimezone(patient.zone):%H:%M %Z}" for i in instants]

    feed_times = local(calendar_instants(patient, daily, night))
    assert feed_times == local([night.expected])
    assert local(email_instants(daily, night, mailoutbox)) == feed_times


def test_the_reminders_page_gives_the_same_next_time(client, patient, night, daily, frozen):
    assert next_on_page(client, patient, night, frozen) == f"Next: {night.next_line}"


def test_a_date_the_clocks_skip_altogether_names_its_time_once(patient, mailoutbox):
    # Samoa went from 29 to 31 December 2011: the 30th's 08:00, read with the offset from
    # before, is the 31st's 08:00, one email.
    patient.time_zone = "Pacific/Apia"
    patient.save()
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.MEDICATION,
        medication_name="Sinemet",
        times=["08:00"],
        counts_from=utc(2011, 12, 28),
    )
    assert run_pass(utc(2011, 12, 30, 18)).sent == 1  # 08:00 on the 31st
    [email] = mailoutbox
    assert "Take Sinemet \u2013 08:00\n" in email.body

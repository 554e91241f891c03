"""The patient's appointments and reminders as an iCalendar feed for their phone's calendar.

Daily reminders are one event each with a weekly or daily recurrence rule, in the
patient's zone, so the calendar app keeps them at the same local time across clock
changes just as delivery does. The app also places a time the clocks skip or repeat that
day, as RFC 5545 says; delivery (`notes.schedule`) reads such a time the same way.
"""

from datetime import UTC, datetime, timedelta

import icalendar
from django.conf import settings
from django.utils import timezone

from notes import schedule
from notes.models import Appointment, CalendarFeed, Reminder
from toolkit.lib.local_time import happens_twice

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
REMINDER_MINUTES = 5  # events for reminders are short marks in the calendar


def forget_feed(sender, person, **kwargs) -> None:
    """The feed's secret address was made by whoever held the account before its address was
    confirmed: it stops working, and the calendar page offers a new one."""
    CalendarFeed.objects.filter(patient=person).delete()


def feed(patient) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//My Reminders and Notes//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "My appointments and reminders")
    stamp = timezone.now()
    zone = patient.zone
    for appointment in Appointment.objects.filter(patient=patient):
        event = _event(f"appointment-{appointment.id}", stamp, appointment.title)
        event.add("dtstart", _start(appointment.starts_at, zone))
        event.add("duration", timedelta(hours=1))
        if appointment.place:
            event.add("location", appointment.place)
        if appointment.notes:
            event.add("description", appointment.notes)
        calendar.add_component(event)
    for reminder in Reminder.objects.for_patient(patient).filter(active=True):
        for event in _reminder_events(reminder, zone, stamp):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _start(instant: datetime, zone) -> datetime:
    """The instant in the patient's zone, or in UTC when that local time happens twice that
    day: RFC 5545 reads a repeated local time as the first, wrong for the second."""
    local = instant.astimezone(zone)
    if happens_twice(local.date(), local.time(), zone):
        return instant.astimezone(UTC)
    return local


def _event(uid: str, stamp: datetime, summary: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@{settings.SITE_URL.split('://')[-1]}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    return event


def _reminder_events(reminder: Reminder, zone, stamp):
    summary = f"Reminder: {reminder.title}"
    if reminder.at is not None:
        event = _event(f"reminder-{reminder.id}", stamp, summary)
        event.add("dtstart", _start(reminder.at, zone))
        yield _reminder_event(event, reminder)
        return
    for clock in reminder.times:
        # RFC 5545 counts the start as the first occurrence, rule or not: it is the first
        # email, not the day the reminder was set on (which may not be one of its days).
        day = schedule.first_day(reminder, clock, zone)
        if day is None:
            continue  # over before it is ever sent
        event = _event(f"reminder-{reminder.id}-{clock.replace(':', '')}", stamp, summary)
        event.add("dtstart", datetime.combine(day, schedule.parse_clock(clock), tzinfo=zone))
        rule = {"freq": "daily"}
        if reminder.weekdays is not None:
            rule = {"freq": "weekly", "byday": [DAYS[d] for d in reminder.weekdays]}
        if reminder.ends_on:
            last = datetime.combine(reminder.ends_on, schedule.parse_clock("23:59"), tzinfo=zone)
            # With a zoned start, RFC 5545 wants the end of the rule in UTC.
            rule["until"] = last.astimezone(UTC)
        event.add("rrule", rule)
        yield _reminder_event(event, reminder)


def _reminder_event(event: icalendar.Event, reminder: Reminder) -> icalendar.Event:
    """What every reminder's event has, one-off or repeating."""
    event.add("duration", timedelta(minutes=REMINDER_MINUTES))
    if reminder.details:
        event.add("description", reminder.details)
    return event

"""When a reminder falls due: its occurrences as UTC instants.

Times are local wall-clock times in the patient's zone, so "08:00" is 08:00 on both
sides of a clock change. Each is read as RFC 5545 reads the calendar feed's repeating
events, so the email goes when the patient's calendar shows it: a local time that does not
exist that day (skipped when the clocks go forward) is read with the offset from before the
change, so it falls as much later as the clocks jump (01:30 is 02:30 BST in London, the
dose's time on the tracker too); a local time that happens twice (when the clocks go back)
falls due once, the first time.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from notes.models import Reminder
from toolkit.lib.local_time import scheduled_instant


def parse_clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def occurrences(reminder: Reminder, zone: ZoneInfo, start: datetime, end: datetime) -> list:
    """Due instants of `reminder` after `start`, up to and including `end`, in order (UTC)."""
    if reminder.at is not None:
        return [reminder.at] if start < reminder.at <= end else []
    if not reminder.times:
        return []
    clocks = [parse_clock(t) for t in reminder.times]
    return sorted({instant for _, _, instant in _falls_due(reminder, clocks, zone, start, end)})


def times_due(reminder: Reminder, zone: ZoneInfo, due_at: datetime) -> list[time]:
    """The times of day the reminder names that fall due at `due_at`.

    What its email says: on the night the clocks go forward, a 01:30 reminder goes at 02:30
    and is still the 01:30 one; a 01:30 and a 02:30 go as one email naming both.
    """
    clocks = sorted({parse_clock(t) for t in reminder.times or []})
    found = _falls_due(reminder, clocks, zone, due_at - timedelta(seconds=1), due_at)
    # A date the clocks skip altogether (Samoa, 30 December 2011) falls on the next day's
    # instants: its time is named once.
    return sorted({clock for _, clock, instant in found if instant == due_at})


def count_from_zone_change(sender, person, now: datetime, **kwargs) -> None:
    """Times of day are read on the new clock from a change of zone on: those of the new clock
    already past that day were never owed, so they are neither sent late nor named missed. A
    one-off reminder is at its instant whatever the clock."""
    Reminder.objects.filter(patient=person, at__isnull=True).update(counts_from=now)


def first_day(reminder: Reminder, clock: str, zone: ZoneInfo) -> date | None:
    """The day a repeating reminder is first sent at `clock`, or None if it never is.

    As delivery sends it: on the first day it runs, and never before it was set.
    """
    start = not_before_first_day(reminder, reminder.counts_from, zone)
    # Every weekday comes round within the week after the start.
    end = start + timedelta(days=8)
    found = _falls_due(reminder, [parse_clock(clock)], zone, start, end)
    return next((day for day, _, _ in found), None)


def _falls_due(reminder: Reminder, clocks: list, zone: ZoneInfo, start: datetime, end: datetime):
    """(local day, clock, UTC instant) of each time at `clocks` it falls due after `start`, up
    to and including `end`, day by day."""
    # A day or so either side covers every offset a zone can have.
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date() + timedelta(days=1)
    while day <= last:
        if _runs_on(reminder, day):
            for clock in clocks:
                instant = scheduled_instant(day, clock, zone)
                if start < instant <= end:
                    yield day, clock, instant
        day += timedelta(days=1)


def _runs_on(reminder: Reminder, day: date) -> bool:
    if reminder.starts_on and day < reminder.starts_on:
        return False
    if reminder.ends_on and day > reminder.ends_on:
        return False
    return reminder.weekdays is None or day.weekday() in reminder.weekdays


def next_occurrence(reminder: Reminder, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The next time it falls due, for showing on the page: a one-off's time however far
    ahead, and a repeating one's within a fortnight of its first day to come (every weekday
    comes round in a week)."""
    if not reminder.active:
        return None
    if reminder.at is not None:
        return reminder.at if reminder.at > now else None
    start = not_before_first_day(reminder, now, zone)
    upcoming = occurrences(reminder, zone, start, start + timedelta(days=15))
    return upcoming[0] if upcoming else None


def not_before_first_day(reminder: Reminder, start: datetime, zone: ZoneInfo) -> datetime:
    """`start`, or the start of the day before the reminder's first day when that is later:
    occurrences are looked for after a start, which is left out."""
    if not reminder.starts_on:
        return start
    day_before = datetime.combine(reminder.starts_on - timedelta(days=1), time(), zone)
    return max(start, day_before)

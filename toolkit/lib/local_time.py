"""Local wall times on a calendar day, when the clocks change.

On the night the clocks go back an hour of wall times happens twice; on the night they go
forward an hour never happens. Python reads both silently (the first reading, and a time
that never was), so anything that turns a typed date and time into an instant goes
through here.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# The days any record may be on: wide enough for any record, and far enough inside Python's
# calendar (years 1 to 9999) that a day's bounds convert to UTC in every zone.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2999, 12, 31)


class TimeNotOnDay(ValueError):
    """A local time that the clocks skip on that day (spring forward)."""


def happens_twice(day: date, wall: time, zone: ZoneInfo) -> bool:
    """Whether a local time happens twice on this day (it falls in the hour the clocks go back)."""
    local = datetime.combine(day, wall, tzinfo=zone)
    # Read with the offset before a change (fold=0) and after it (fold=1): only a repeated
    # time has a larger offset first; a skipped time has the smaller one first.
    return local.replace(fold=0).utcoffset() > local.replace(fold=1).utcoffset()


def fold_choices(local: datetime) -> list[tuple[int, str]]:
    """The two readings of a local time that happens twice, named by their zone abbreviation."""
    return [
        (0, f"The first time round ({local.replace(fold=0).tzname()})"),
        (1, f"The second time round ({local.replace(fold=1).tzname()})"),
    ]


def skipped_around(day: date, wall: time, zone: ZoneInfo) -> tuple[time, time]:
    """The wall times the clocks skip on `day`, [from, to), given `wall`, one of them:
    (01:00, 02:00) in London in March, (02:00, 03:00) in New York, (02:00, 02:30) on Lord Howe.
    """
    local = datetime.combine(day, wall, tzinfo=zone)
    # A skipped time read with the offset before the change (fold=0) and after it (fold=1)
    # gives two instants, and the change happened between them.
    offset_before, offset_after = (
        local.replace(fold=0).utcoffset(),
        local.replace(fold=1).utcoffset(),
    )
    change, latest = (
        local.replace(tzinfo=UTC) - offset_after,
        local.replace(tzinfo=UTC) - offset_before,
    )
    while change < latest and change.astimezone(zone).utcoffset() != offset_after:
        change += timedelta(minutes=1)
    return (change + offset_before).time(), (change + offset_after).time()


def scheduled_instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a time on a schedule (a dose's, a reminder's) on a day.

    Read as RFC 5545 reads a calendar's repeating event, so a reminder goes when the
    patient's calendar shows it and at its dose's time: a time the clocks skip (01:30 on the
    spring-forward day in London) is read with the offset before the change, so it falls an
    hour later by the new clock rather than vanishing; a time that happens twice means its
    first occurrence.
    """
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def instant_at(day: date, wall: time, zone: ZoneInfo, *, fold: int = 0) -> datetime:
    """The UTC instant of a local wall time on a day.

    A time that happens twice means its first occurrence unless fold=1; a time the clocks
    skip raises TimeNotOnDay rather than quietly moving it.
    """
    local = datetime.combine(day, wall, tzinfo=zone).replace(fold=fold)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        raise TimeNotOnDay(f"{wall:%H:%M} does not happen on {day:%-d %B %Y} in {zone.key}")
    return instant


def wall_label(local: datetime) -> str:
    """ "07:30", or "01:30 (GMT)" when the local time happens twice on its day."""
    if happens_twice(local.date(), local.time(), local.tzinfo):
        return f"{local:%H:%M} ({local:%Z})"
    return f"{local:%H:%M}"

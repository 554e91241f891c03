"""Half-hour diary slots: pure arithmetic on instants, local days and IANA zones.

A diary day is a calendar day in the patient's zone, cut into half-hour slots aligned
to local :00 and :30. A slot is named by its UTC start instant, so a day has 46, 48
or 50 of them and a repeated local hour (the night the clocks go back) gives two
different slots. All stepping is done in UTC; local times are only ever read off.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from toolkit.lib.local_time import happens_twice, instant_at, wall_label

SLOT = timedelta(minutes=30)
# Only what has happened is recorded. A phone's clock a little ahead of the server's: the
# minute typed as "now" is still now.
CLOCK_SLACK = timedelta(minutes=5)
# How forms name a slot: its UTC start in ISO 8601.
KEY_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class Slot:
    start: datetime  # UTC
    zone: ZoneInfo
    repeated: bool = False  # its local time happens twice this day

    @property
    def end(self) -> datetime:
        return self.start + SLOT

    @property
    def local_start(self) -> datetime:
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.zone)

    @property
    def label(self) -> str:
        """ "07:30", or "01:00 (BST)" when that local time happens twice in the day."""
        local = self.local_start
        text = local.strftime("%H:%M")
        return f"{text} ({local.tzname()})" if self.repeated else text

    @property
    def span_label(self) -> str:
        """ "14:30 to 15:00", or "01:00 (GMT) to 01:30 (GMT)" in the hour that happens twice,
        whether or not the slot was made knowing it repeats."""
        return f"{wall_label(self.local_start)} to {wall_label(self.local_end)}"

    @property
    def key(self) -> str:
        """A stable form value for the slot."""
        return self.start.strftime(KEY_FORMAT)


def is_key(name: str) -> bool:
    """Whether a form value names a slot, of whichever day."""
    try:
        datetime.strptime(name, KEY_FORMAT)
    except ValueError:
        return False
    return True


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which the local calendar day begins."""
    # A zone whose clocks skip midnight starts the day at the first instant after the gap;
    # fold=0 reads the skipped wall time with the earlier offset, which lands just there.
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """UTC [start, end) of the local calendar day."""
    return day_start(day, zone), day_start(day + timedelta(days=1), zone)


def skipped_day(day: date, zone: ZoneInfo) -> bool:
    """Whether the zone's clocks skipped the whole date (Samoa, 30 December 2011)."""
    start, end = day_bounds(day, zone)
    return end <= start


def day_slots(day: date, zone: ZoneInfo) -> list[Slot]:
    """Every half-hour slot of the local day, in time order (46, 48 or 50 in London)."""
    start, end = day_bounds(day, zone)
    starts = []
    instant = start
    while instant < end:
        starts.append(instant)
        instant += SLOT
    wall_times = [s.astimezone(zone).replace(tzinfo=None) for s in starts]
    repeated = {w for w in wall_times if wall_times.count(w) > 1}
    return [Slot(s, zone, w in repeated) for s, w in zip(starts, wall_times, strict=True)]


@dataclass(frozen=True)
class ClockChange:
    """The local times a day skips (the clocks go forward) or lives twice (they go back)."""

    forward: bool
    start: str  # "01:00"
    end: str  # "02:00"


def clock_change(day_slots: list[Slot]) -> ClockChange | None:
    """How the clocks change on the day of these slots, if they do: 01:00 to 02:00 in London,
    02:00 to 03:00 in New York, half an hour on Lord Howe Island, from midnight in Havana."""
    walls = [slot.local_start.replace(tzinfo=None) for slot in day_slots]
    repeated = [wall for slot, wall in zip(day_slots, walls, strict=True) if slot.repeated]
    if repeated:
        return ClockChange(False, f"{min(repeated):%H:%M}", f"{max(repeated) + SLOT:%H:%M}")
    expected = datetime.combine(walls[0].date(), time(0))
    for wall in [*walls, expected + timedelta(days=1)]:
        if wall > expected:
            return ClockChange(True, f"{expected:%H:%M}", f"{wall:%H:%M}")
        expected = wall + SLOT
    return None


def slot_start(instant: datetime, zone: ZoneInfo) -> datetime:
    """The UTC start of the slot that contains the instant."""
    local = instant.astimezone(zone)
    into = timedelta(
        minutes=local.minute % 30, seconds=local.second, microseconds=local.microsecond
    )
    return (instant - into).astimezone(UTC)


def has_begun(instant: datetime, now: datetime) -> bool:
    return instant <= now + CLOCK_SLACK


def recordable_until(now: datetime, zone: ZoneInfo) -> datetime:
    """The latest a diary run may end: the end of the half-hour under way, which "Right now
    I am…" fills."""
    return slot_start(now + CLOCK_SLACK, zone) + SLOT


def is_slot_start(instant: datetime, zone: ZoneInfo) -> bool:
    return slot_start(instant, zone) == instant


def is_quarter_hour(instant: datetime) -> bool:
    """Whether the instant starts a half-hour in some zone: every zone's offset from UTC is
    a whole number of quarter hours."""
    utc = instant.astimezone(UTC)
    return utc.minute % 15 == 0 and utc.second == 0 and utc.microsecond == 0


def local_day(instant: datetime, zone: ZoneInfo) -> date:
    return instant.astimezone(zone).date()


def repeats_times(day: date, zone: ZoneInfo) -> bool:
    """Whether some local time happens twice on this day (the clocks go back)."""
    return any(slot.repeated for slot in day_slots(day, zone))


def form_time(name: str, local: datetime) -> dict[str, str | int]:
    """A local time as the run form's values: "HH:MM", and which pass if it happens twice."""
    values: dict[str, str | int] = {name: f"{local:%H:%M}"}
    if happens_twice(local.date(), local.time(), local.tzinfo):
        values[f"{name}_fold"] = local.fold
    return values


def run_end_day(day: date, start: time, end: time, zone: ZoneInfo) -> date:
    """The day on which a run typed as "from HH:MM to HH:MM" on the page of a day ends.

    An end after the start is on that day; one at or before it is on the next day, so
    "22:30 to 07:00" covers the evening of the day and the early morning of the day after,
    and "to 00:00" means midnight at the end of the day. On the night the clocks go back,
    "from 01:30 to 01:00" or "01:30 to 01:30" with both in the hour that happens twice can
    be a run within it (01:30 BST to 01:00 GMT), so it is read on that day too: which of the
    two passes each time means decides whether the run goes forward at all. So is "to 00:00"
    where the clocks go back at midnight (Havana): it may mean the day's second 00:00,
    though `run_end` reads it as midnight at the end of the day unless told otherwise.
    """
    if end > start or (happens_twice(day, start, zone) and happens_twice(day, end, zone)):
        return day
    return day + timedelta(days=1)


def run_start(day: date, start: time, zone: ZoneInfo, fold: int = 0) -> datetime:
    """The UTC start of a run typed as starting at `start` on the diary page of a day.

    "From 00:00" is the day's first instant, even in a zone whose clocks skip midnight
    itself (Havana in March); where they go back at midnight (Havana in November), so
    that 00:00 happens twice, fold=1 means the second 00:00.
    """
    if start == time(0) and not fold:
        return day_start(day, zone)
    return instant_at(day, start, zone, fold=fold)


def run_end(day: date, start: time, end: time, zone: ZoneInfo, fold: int = 0) -> datetime:
    """The UTC end of a run typed as "from `start` to `end`" on the diary page of a day.

    It ends on `run_end_day`, and fold says which pass through a repeated hour `end`
    means. "To 00:00" is midnight at the end of the day, unless fold=1 says the second
    00:00 of a day whose clocks go back at midnight: the first is where the day begins,
    so no run on the day can end there.
    """
    if end == time(0) and not fold:
        return day_start(day + timedelta(days=1), zone)
    return instant_at(run_end_day(day, start, end, zone), end, zone, fold=fold)


def slots_between(begin: datetime, end: datetime) -> list[datetime]:
    """UTC slot starts covering [begin, end); both ends must be slot boundaries."""
    starts = []
    instant = begin
    while instant < end:
        starts.append(instant)
        instant += SLOT
    return starts

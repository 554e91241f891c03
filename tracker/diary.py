"""The ON/OFF diary: setting slots and runs, reading a day back as runs, daily totals.

Views and the tracker home's "Right now I am…" buttons write through `set_state` and
`set_run`, which validate and upsert (a new answer replaces the old one for a slot).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.utils import timezone

from toolkit.lib.local_time import wall_label
from toolkit.models import User
from tracker import slots
from tracker.models import DiaryEntry, DiaryState


def check_slot(patient: User, slot_start: datetime, state: str, *, any_zone: bool = False) -> None:
    """Raise ValidationError unless this is a state for a slot of the patient's diary.

    `any_zone`: a slot of the diary in whichever zone the patient lived by then, as an
    import may hold from before a move (Kathmandu's half-hours start at :15 and :45 UTC).
    """
    if state not in DiaryState.values:
        raise ValidationError(
            f"{state!r} is not one of {', '.join(DiaryState.values)}", code="invalid_choice"
        )
    if timezone.is_naive(slot_start) or not (
        slots.is_quarter_hour(slot_start)
        if any_zone
        else slots.is_slot_start(slot_start, patient.zone)
    ):
        raise ValidationError(
            "A diary slot starts on the hour or the half hour.", code="not_a_slot"
        )
    if not slots.has_begun(slot_start, timezone.now()):
        raise ValidationError(
            "A half-hour that has not begun yet cannot be recorded.", code="future"
        )


def set_states(
    patient: User,
    states: dict[datetime, str],
    recorded_by: User | None,
    recorded: dict[datetime, str] | None = None,
) -> dict[datetime, str]:
    """Record a state for each slot at once, replacing earlier answers; all or nothing.
    Returns the slots that had another answer before, which this replaced, with that answer.

    A slot given the state it already has keeps its entry as it was: when and by whom it
    was recorded says whether it was noted in the moment or recalled, and by the patient.
    `recorded` is what the slots hold now, when the caller has read it already.
    """
    for slot_start, state in states.items():
        check_slot(patient, slot_start, state)
    if recorded is None:
        recorded = recorded_states(patient, states)
    now = timezone.now()
    entries = [
        DiaryEntry(
            patient=patient,
            slot_start=slot_start,
            state=state,
            recorded_at=now,
            recorded_by=recorded_by,
        )
        for slot_start, state in states.items()
        if recorded.get(slot_start) != state
    ]
    # One upsert (bulk_create is atomic): a slot's row keeps its id, takes the new answer.
    DiaryEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["patient", "slot_start"],
        update_fields=["state", "recorded_at", "recorded_by"],
    )
    return {e.slot_start: recorded[e.slot_start] for e in entries if e.slot_start in recorded}


def recorded_states(patient: User, slot_starts: Iterable[datetime]) -> dict[datetime, str]:
    """What these slots say now, in one query."""
    entries = DiaryEntry.objects.filter(patient=patient, slot_start__in=list(slot_starts))
    return dict(entries.values_list("slot_start", "state"))


def set_state(patient: User, slot_start: datetime, state: str, recorded_by: User | None) -> None:
    """Record one slot's state (the tracker home fills the current slot with this)."""
    set_states(patient, {slot_start: state}, recorded_by)


def set_run(
    patient: User,
    begin: datetime,
    end: datetime,
    state: str,
    recorded_by: User | None,
    recorded: dict[datetime, str] | None = None,
) -> dict[datetime, str]:
    """Record the same state for every slot in [begin, end); returns those that had another
    answer before, with that answer. `recorded` as for `set_states`."""
    if end <= begin:
        raise ValidationError("The end must be after the start.", code="order")
    run = dict.fromkeys(slots.slots_between(begin, end), state)
    return set_states(patient, run, recorded_by, recorded)


def clear_slots(patient: User, slot_starts: Iterable[datetime]) -> int:
    return DiaryEntry.objects.filter(patient=patient, slot_start__in=list(slot_starts)).delete()[0]


def day_entries(patient: User, day_slots: list[slots.Slot]) -> dict[datetime, DiaryEntry]:
    """The entries of a day (given by its slots) by slot start, in one query."""
    return by_slot(on_slots(read_day(patient, day_slots), day_slots))


def read_day(
    patient: User, day_slots: list[slots.Slot], *, with_recorders: bool = False
) -> list[DiaryEntry]:
    """Every entry within the day's time, in one query, those recorded on another clock
    (`on_slots`) too: with who recorded each, to name a carer who did."""
    entries = DiaryEntry.objects.filter(patient=patient).between(
        day_slots[0].start, day_slots[-1].end
    )
    if with_recorders:
        entries = entries.select_related("recorded_by")
    return list(entries)


def by_slot(entries: Iterable[DiaryEntry]) -> dict[datetime, DiaryEntry]:
    return {entry.slot_start: entry for entry in entries}


def on_another_clock(count: int) -> str:
    """What a page says of half-hours it cannot show: recorded before a move to a zone whose
    half-hours begin at other minutes."""
    were = "half-hour was" if count == 1 else "half-hours were"
    return (
        f"{count} {were} recorded here on another clock, before a change of time zone, and "
        "began at other minutes past the hour than this clock's half-hours do, so they cannot "
        "be shown or counted. They are kept, and show again if the time zone is changed back."
    )


def on_slots(entries: Iterable[DiaryEntry], day_slots: list[slots.Slot]) -> list[DiaryEntry]:
    """The entries that are these half-hours. One recorded before a move to a zone whose
    half-hours begin at other minutes (London's 07:00 is 12:45 in Kathmandu) is none of the
    new zone's: counted, it would make a day of 96 half-hours out of 48."""
    starts = {slot.start for slot in day_slots}
    return [entry for entry in entries if entry.slot_start in starts]


TENTH = Decimal("0.1")


def one_decimal(value: float | Decimal) -> float:
    """To one decimal place, a tie rounded up as by hand (11.25 hours to 11.3), where Python
    rounds it to the even digit (11.2) and a mean row's hours would not add up as a clinician
    checking them expects."""
    return float(Decimal(value).quantize(TENTH, ROUND_HALF_UP))


def percent(part: float, whole: float) -> float | None:
    """A share to one decimal place, as the day page, the summary and its files all give it.
    Worked out in decimals: hours are halves, so a share that ends in 5 is a tie exactly."""
    return one_decimal(Decimal(part) * 100 / Decimal(whole)) if whole else None


@dataclass(frozen=True)
class Run:
    """Consecutive slots of one state (or, with state None, not recorded)."""

    slots: tuple[slots.Slot, ...]
    state: str | None
    # False for half-hours that had not begun when the day was read: none can be recorded yet.
    begun: bool = True

    @property
    def start(self) -> slots.Slot:
        return self.slots[0]

    @property
    def end(self) -> datetime:
        return self.slots[-1].end

    @property
    def local_end(self) -> datetime:
        return self.end.astimezone(self.start.zone)

    @property
    def end_label(self) -> str:
        local = self.local_end
        return "24:00" if local.date() != self.start.local_start.date() else wall_label(local)

    @property
    def change_query(self) -> str:
        """The run form's values for this run, for its "Change or split" link.

        Each time that happens twice on its day carries which pass it means, on its own:
        a run from 01:00 BST to 01:30 GMT starts in the first and ends in the second.
        """
        values = slots.form_time("start", self.start.local_start)
        values |= slots.form_time("end", self.local_end)
        if self.state:
            values["state"] = self.state
        return urlencode(values, safe=":")

    @property
    def state_label(self) -> str:
        if self.state:
            return DiaryState(self.state).label
        return "Not recorded" if self.begun else "Not begun yet"

    @property
    def hours(self) -> float:
        return len(self.slots) / 2


def runs(
    day_slots: list[slots.Slot], states: dict[datetime, str], now: datetime | None = None
) -> list[Run]:
    """The day as runs of one state, gaps included, in time order.

    Given `now`, the half-hours not begun by then are a run of their own: a gap that ran on
    past the half-hour under way would offer to fill in a stretch that saving refuses.
    """
    found: list[Run] = []
    for slot in day_slots:
        state = states.get(slot.start)
        begun = now is None or slots.has_begun(slot.start, now)
        if found and (found[-1].state, found[-1].begun) == (state, begun):
            found[-1] = Run((*found[-1].slots, slot), state, begun)
        else:
            found.append(Run((slot,), state, begun))
    return found


@dataclass(frozen=True)
class DayTotals:
    """A day's totals in hours, half an hour a slot, by the clinical definitions."""

    slot_count: int
    hours: dict[str, float]  # by state

    @classmethod
    def of(cls, states: Iterable[str], slot_count: int) -> "DayTotals":
        hours = dict.fromkeys(DiaryState.values, 0.0)
        for state in states:
            hours[state] += 0.5
        return cls(slot_count, hours)

    @property
    def recorded(self) -> float:
        return sum(self.hours.values())

    @property
    def missing_slots(self) -> int:
        return self.slot_count - round(self.recorded * 2)

    @property
    def is_valid(self) -> bool:
        """Every slot of the day recorded (nothing is ever imputed)."""
        return self.missing_slots == 0

    @property
    def awake(self) -> float:
        return self.recorded - self.hours[DiaryState.ASLEEP]

    @property
    def good_on(self) -> float:
        return self.hours[DiaryState.ON] + self.hours[DiaryState.ON_NONTROUBLESOME]

    @property
    def good_on_percent(self) -> float | None:
        return percent(self.good_on, self.awake)

    def rows(self) -> list[tuple[str, float]]:
        """(label, hours) per state, in the diary's order."""
        return [(DiaryState(state).label, self.hours[state]) for state in DiaryState.values]

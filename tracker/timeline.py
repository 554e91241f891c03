"""Day timelines: a day's diary, doses, episodes and meals placed on a 24-hour axis.

`DayTimeline.for_days` loads any number of days in four queries (`of_records` takes
records already loaded, as the summary has them), so the day page and the clinician
summary draw the same picture (`tracker.timeline_svg`, on screen and for paper).
Positions follow real elapsed time from local midnight to the next, scaled to the axis,
so a 23- or 25-hour day fills the same width.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import NamedTuple
from zoneinfo import ZoneInfo

from toolkit.lib.local_time import wall_label
from toolkit.models import User
from tracker import diary, slots
from tracker.models import (
    DiaryEntry,
    DiaryState,
    Dose,
    Meal,
    MotorState,
    Severity,
    Symptom,
    SymptomEpisode,
    told_apart,
)

# SVG user units: row names on the left, the day from PLOT_LEFT to PLOT_RIGHT.
PLOT_LEFT = 90
PLOT_RIGHT = 990
LABEL_EVERY_HOURS = 3
# A band segment this wide (in units, about 1 h 40 min) has room for its state's name.
MIN_LABELLED_WIDTH = 62
SHORT_LABELS = {
    DiaryState.ASLEEP: "Asleep",
    DiaryState.OFF: "OFF",
    DiaryState.ON: "ON",
    DiaryState.ON_NONTROUBLESOME: "ON, dysk.",
    DiaryState.ON_TROUBLESOME: "ON, troubl.",
}
# When and by whom each record was recorded: cheap columns, the recorder by id only.
RECORDED = ("recorded_at", "recorded_by_id")
# An episode's choices in words, as get_FOO_display gives them, without its work per call.
SYMPTOM_LABELS = dict(Symptom.choices)
SEVERITY_LABELS = dict(Severity.choices)
MOTOR_STATE_LABELS = dict(MotorState.choices)


@dataclass(frozen=True)
class Segment:
    run: diary.Run
    x: float
    width: float
    # The run in words, worked out once for the drawing's tooltip and the table's row.
    start_label: str
    end_label: str
    state_label: str

    @property
    def short_label(self) -> str:
        return SHORT_LABELS[self.run.state] if self.width >= MIN_LABELLED_WIDTH else ""

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Mark:
    at: datetime
    x: float
    time_label: str
    text: str
    width: float = 0
    filled: bool = False  # drawn solid rather than hollow (a protein-rich meal)


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


class Event(NamedTuple):
    """A row of the table that gives the day in words."""

    at: datetime
    time_label: str
    kind: str
    text: str
    record: Dose | SymptomEpisode | Meal | None  # None for a diary run: many half-hours


@dataclass(frozen=True)
class DayTimeline:
    """One day's records and their drawing.

    Built whole and never changed, so each part of the drawing (runs, marks, rows) is
    worked out once however many times the page and the SVG read it.
    """

    day: date
    zone_name: str
    start: datetime
    end: datetime
    day_slots: list[slots.Slot]
    # The day's diary half-hours, in time order: each with at least its slot_start and state.
    entries: list
    doses: list[Dose]
    episodes: list[SymptomEpisode]
    meals: list[Meal]
    # When the page was drawn, on the day page: a line marks it on today, and an episode not
    # yet ended runs to it. None on the summary, which is kept and read later.
    now: datetime | None = None
    # Each dose's medicine by id, told apart from another of the same name (`told_apart`).
    medication_names: dict = field(default_factory=dict)

    @classmethod
    def for_days(
        cls,
        patient: User,
        first: date,
        last: date,
        now: datetime | None = None,
        doses: Iterable[Dose] | None = None,
    ) -> list["DayTimeline"]:
        """One timeline per local day from first to last, in four queries whatever the range
        (three when the caller has read the doses, as `of_records` needs them).

        Only what the timeline draws is loaded, and when and by whom (by id) each record was
        recorded, for the day page to say what was recalled and what a carer recorded: not
        the recorder's row (a join that read the whole users table), nor an episode's note
        and lists.
        """
        start, _ = slots.day_bounds(first, patient.zone)
        _, end = slots.day_bounds(last, patient.zone)
        if doses is None:
            doses = (
                Dose.objects.filter(patient=patient)
                .between(start, end)
                .select_related("medication")
                .only("taken_at", "medication__name", "medication__dose", *RECORDED)
            )
        return cls.of_records(
            patient,
            first,
            last,
            now=now,
            # Rows rather than entries: a day has 48 of them, and only these fields are read.
            entries=DiaryEntry.objects.filter(patient=patient)
            .between(start, end)
            .values_list("slot_start", "state", *RECORDED, named=True),
            doses=doses,
            meals=Meal.objects.filter(patient=patient)
            .between(start, end)
            .only("eaten_at", "protein_rich", *RECORDED),
            episodes=SymptomEpisode.objects.filter(patient=patient)
            .between(start, end)
            .only("started_at", "ended_at", "symptom", "severity", "motor_state", *RECORDED),
        )

    @classmethod
    def of_records(
        cls, patient: User, first: date, last: date, *, entries, doses, meals, episodes, now=None
    ) -> list["DayTimeline"]:
        """The timelines of records already loaded (the summary has them): no query.

        Each iterable must hold the patient's records in [start of first, end of last),
        in time order; `episodes` those overlapping that span. Entries need only their
        slot_start and state; those that are none of the days' half-hours are left out.
        """
        zone = patient.zone
        doses = list(doses)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        slots_of = {day: slots.day_slots(day, zone) for day in days}
        every_slot = [slot for day_slots in slots_of.values() for slot in day_slots]
        # As in the summary and the diary: an entry of another zone's half-hours (recorded
        # before a move) is none of these days', or the totals would pass 24 hours.
        entries_on = by_local_day(
            days, diary.on_slots(entries, every_slot), lambda entry: entry.slot_start, zone
        )
        doses_on = by_local_day(days, doses, lambda dose: dose.taken_at, zone)
        meals_on = by_local_day(days, meals, lambda meal: meal.eaten_at, zone)
        episodes = list(episodes)
        medication_names = told_apart((dose.medication for dose in doses), zone)
        timelines = []
        for day in days:
            start, end = slots.day_bounds(day, zone)
            timelines.append(
                cls(
                    day,
                    zone.key,
                    start,
                    end,
                    slots_of[day],
                    entries_on[day],
                    doses_on[day],
                    # An episode belongs to every day it overlaps (one across midnight
                    # shows on both).
                    [e for e in episodes if episode_overlaps(e, start, end)],
                    meals_on[day],
                    now,
                    medication_names,
                )
            )
        return timelines

    def x(self, instant: datetime) -> float:
        instant = min(max(instant, self.start), self.end)
        fraction = (instant - self.start) / (self.end - self.start)
        return round(PLOT_LEFT + fraction * (PLOT_RIGHT - PLOT_LEFT), 2)

    def local(self, instant: datetime) -> str:
        """ "07:30", or "01:30 (GMT)" when that time happens twice, as the diary's runs say.

        A time on another day (an episode across midnight) names that day, or it would read
        as a time of this one: "23:30 on Saturday 24 October"; the end of the day is "24:00".
        """
        if instant == self.end:
            return "24:00"
        local = instant.astimezone(self.day_slots[0].zone)
        label = wall_label(local)
        return (
            label if local.date() == self.day else f"{label} on {local:%A} {local.day} {local:%B}"
        )

    @cached_property
    def states(self) -> dict[datetime, str]:
        return {entry.slot_start: entry.state for entry in self.entries}

    @cached_property
    def runs(self) -> list[diary.Run]:
        return diary.runs(self.day_slots, self.states)

    @cached_property
    def segments(self) -> list[Segment]:
        """The recorded runs, as drawn on the diary band."""
        return [self.segment(run) for run in self.runs if run.state]

    def segment(self, run: diary.Run) -> Segment:
        x = self.x(run.start.start)
        return Segment(run, x, self.x(run.end) - x, run.start.label, run.end_label, run.state_label)

    @cached_property
    def totals(self) -> diary.DayTotals:
        return diary.DayTotals.of(self.states.values(), len(self.day_slots))

    @cached_property
    def hour_ticks(self) -> list[Tick]:
        """Every local hour on the axis; the labelled ones name the clock time."""
        ticks = [
            Tick(
                self.x(slot.start),
                slot.label if slot.local_start.hour % LABEL_EVERY_HOURS == 0 else "",
            )
            for slot in self.day_slots
            if slot.local_start.minute == 0
        ]
        return [*ticks, Tick(PLOT_RIGHT, "24:00")]

    @cached_property
    def dose_marks(self) -> list[Mark]:
        return [
            Mark(
                d.taken_at,
                self.x(d.taken_at),
                self.local(d.taken_at),
                f"Dose of {self.medication_names[d.medication.id]}",
            )
            for d in self.doses
        ]

    @cached_property
    def now_x(self) -> float | None:
        """Where now is on the axis, when it is on this day (read for every episode)."""
        if self.now is None or not self.start <= self.now < self.end:
            return None
        return self.x(self.now)

    @property
    def now_label(self) -> str:
        return self.local(self.now) if self.now_x is not None else ""

    @cached_property
    def episode_marks(self) -> list[Mark]:
        marks = []
        for episode in self.episodes:
            x = self.x(episode.started_at)
            if episode.ended_at is None and self.now_x is not None:
                width, until = self.now_x - x, f"now ({self.now_label}): still going on"
            elif episode.ended_at is None:
                width, until = 0.0, "not yet ended"
            else:
                width, until = self.x(episode.ended_at) - x, self.local(episode.ended_at)
            symptom = SYMPTOM_LABELS.get(episode.symptom, episode.symptom)
            severity = SEVERITY_LABELS.get(episode.severity, episode.severity)
            motor_state = MOTOR_STATE_LABELS.get(episode.motor_state, episode.motor_state)
            text = f"{symptom}, {severity.lower()}, {motor_state}, until {until}"
            marks.append(Mark(episode.started_at, x, self.local(episode.started_at), text, width))
        return marks

    @cached_property
    def meal_marks(self) -> list[Mark]:
        return [
            Mark(
                m.eaten_at,
                self.x(m.eaten_at),
                self.local(m.eaten_at),
                "Meal, protein-rich" if m.protein_rich else "Meal",
                filled=m.protein_rich,
            )
            for m in self.meals
        ]

    @cached_property
    def events(self) -> list[Event]:
        """Everything on the day, in time order, for the table alternative."""
        rows = [
            Event(
                s.run.start.start,
                s.start_label,
                "Diary",
                f"{s.state_label} until {s.end_label}",
                None,
            )
            for s in self.segments
        ]
        for kind, marks, records in (
            ("Dose", self.dose_marks, self.doses),
            ("Symptom", self.episode_marks, self.episodes),
            ("Meal", self.meal_marks, self.meals),
        ):
            rows += [
                Event(m.at, m.time_label, kind, m.text, record)
                for m, record in zip(marks, records, strict=True)
            ]
        return sorted(rows, key=lambda row: row.at)

    @property
    def diary_and_meals_in_words(self) -> list[str]:
        """ "07:00: ON without dyskinesia until 09:30", "12:30: Meal": the day's rows of the
        diary and meals, as the summary gives them under its picture (its tables give the doses
        and episodes). Joined here, as the drawing's tooltips are: a template's loop cost twice
        as much, and a summary of dense days has hundreds."""
        return [f"{e.time_label}: {e.text}" for e in self.events if e.kind in ("Diary", "Meal")]

    @property
    def id_prefix(self) -> str:
        """Ids inside this day's SVG, unique when several days share a page."""
        return f"timeline-{self.day.isoformat()}"


def by_local_day(
    days: list[date], records: Iterable, when: Callable[..., datetime], zone: ZoneInfo
) -> dict[date, list]:
    grouped = {day: [] for day in days}
    for record in records:
        grouped[slots.local_day(when(record), zone)].append(record)
    return grouped


def episode_overlaps(episode: SymptomEpisode, start: datetime, end: datetime) -> bool:
    if episode.ended_at is None:
        return start <= episode.started_at < end
    return episode.started_at < end and episode.ended_at > start

"""Day timelines: a day's diary, doses, episodes and meals placed on a 24-hour axis.

`DayTimeline.for_days` loads any number of days in four queries (`of_records` takes
records already loaded, as the summary has them), so the day page and the clinician
summary draw the same picture (`tracker.timeline_svg`, on screen and for paper).
Positions follow real elapsed time from local midnight to the next, scaled to the axis,
so a 23- or 25-hour day fills the same width.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from toolkit.models import User
from tracker import diary, slots
from tracker.models import DiaryEntry, DiaryState, Dose, Meal, SymptomEpisode

# SVG user units: row names on the left, the day from PLOT_LEFT to PLOT_RIGHT.
PLOT_LEFT = 90
PLOT_RIGHT = 990
LABEL_EVERY_HOURS = 3
# A band segment this wide (in units, about 1 h 40 min) has room for its state's name.
MIN_LABELLED_WIDTH = 62
LABEL_BOX_WIDTH = 60
SHORT_LABELS = {
    DiaryState.ASLEEP: "Asleep",
    DiaryState.OFF: "OFF",
    DiaryState.ON: "ON",
    DiaryState.ON_NONTROUBLESOME: "ON, dysk.",
    DiaryState.ON_TROUBLESOME: "ON, troubl.",
}


@dataclass(frozen=True)
class Segment:
    run: diary.Run
    x: float
    width: float

    @property
    def short_label(self) -> str:
        return SHORT_LABELS[self.run.state] if self.width >= MIN_LABELLED_WIDTH else ""

    @property
    def middle(self) -> float:
        return self.x + self.width / 2

    @property
    def label_box_x(self) -> float:
        return self.middle - LABEL_BOX_WIDTH / 2


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


@dataclass
class DayTimeline:
    day: date
    zone_name: str
    start: datetime
    end: datetime
    day_slots: list[slots.Slot]
    states: dict[datetime, str] = field(default_factory=dict)
    doses: list[Dose] = field(default_factory=list)
    episodes: list[SymptomEpisode] = field(default_factory=list)
    meals: list[Meal] = field(default_factory=list)

    @classmethod
    def for_days(cls, patient: User, first: date, last: date) -> list["DayTimeline"]:
        """One timeline per local day from first to last, in four queries whatever the range."""
        start, _ = slots.day_bounds(first, patient.zone)
        _, end = slots.day_bounds(last, patient.zone)
        return cls.of_records(
            patient,
            first,
            last,
            entries=DiaryEntry.objects.filter(patient=patient).between(start, end),
            doses=Dose.objects.for_patient(patient).between(start, end),
            meals=Meal.objects.for_patient(patient).between(start, end),
            episodes=SymptomEpisode.objects.for_patient(patient).between(start, end),
        )

    @classmethod
    def of_records(
        cls, patient: User, first: date, last: date, *, entries, doses, meals, episodes
    ) -> list["DayTimeline"]:
        """The timelines of records already loaded (the summary has them): no query.

        Each iterable must hold the patient's records in [start of first, end of last),
        in time order; `episodes` those overlapping that span.
        """
        zone = patient.zone
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        timelines = {
            day: cls(day, zone.key, *slots.day_bounds(day, zone), slots.day_slots(day, zone))
            for day in days
        }
        for entry in entries:
            timelines[slots.local_day(entry.slot_start, zone)].states[entry.slot_start] = (
                entry.state
            )
        for dose in doses:
            timelines[slots.local_day(dose.taken_at, zone)].doses.append(dose)
        for meal in meals:
            timelines[slots.local_day(meal.eaten_at, zone)].meals.append(meal)
        # An episode belongs to every day it overlaps (one across midnight shows on both).
        by_day = defaultdict(list)
        for episode in episodes:
            for timeline in timelines.values():
                if episode_overlaps(episode, timeline.start, timeline.end):
                    by_day[timeline.day].append(episode)
        for day, day_episodes in by_day.items():
            timelines[day].episodes = day_episodes
        return list(timelines.values())

    def x(self, instant: datetime) -> float:
        instant = min(max(instant, self.start), self.end)
        fraction = (instant - self.start) / (self.end - self.start)
        return round(PLOT_LEFT + fraction * (PLOT_RIGHT - PLOT_LEFT), 2)

    def local(self, instant: datetime) -> str:
        return f"{instant.astimezone(self.day_slots[0].zone):%H:%M}"

    @property
    def runs(self) -> list[diary.Run]:
        return diary.runs(self.day_slots, self.states)

    @property
    def segments(self) -> list[Segment]:
        return [
            Segment(run, self.x(run.start.start), self.x(run.end) - self.x(run.start.start))
            for run in self.runs
            if run.state
        ]

    @property
    def totals(self) -> diary.DayTotals:
        return diary.DayTotals.of(self.states.values(), len(self.day_slots))

    @property
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

    @property
    def dose_marks(self) -> list[Mark]:
        return [
            Mark(d.taken_at, self.x(d.taken_at), self.local(d.taken_at), f"Dose of {d.medication}")
            for d in self.doses
        ]

    @property
    def episode_marks(self) -> list[Mark]:
        marks = []
        for episode in self.episodes:
            x = self.x(episode.started_at)
            if episode.ended_at is None:
                width, until = 0.0, "not yet ended"
            else:
                width, until = self.x(episode.ended_at) - x, self.local(episode.ended_at)
            text = (
                f"{episode.get_symptom_display()}, {episode.get_severity_display().lower()}, "
                f"{episode.get_motor_state_display()}, until {until}"
            )
            marks.append(Mark(episode.started_at, x, self.local(episode.started_at), text, width))
        return marks

    @property
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

    @property
    def events(self) -> list[tuple[str, str, str]]:
        """Everything on the day as (time, what, detail) rows for the table alternative."""
        rows = [
            (run.start.start, run.start.label, "Diary", f"{run.state_label} until {run.end_label}")
            for run in self.runs
            if run.state
        ]
        for kind, marks in (
            ("Dose", self.dose_marks),
            ("Symptom", self.episode_marks),
            ("Meal", self.meal_marks),
        ):
            rows += [(m.at, m.time_label, kind, m.text) for m in marks]
        return [row[1:] for row in sorted(rows, key=lambda row: row[0])]

    @property
    def id_prefix(self) -> str:
        """Ids inside this day's SVG, unique when several days share a page."""
        return f"timeline-{self.day.isoformat()}"


def episode_overlaps(episode: SymptomEpisode, start: datetime, end: datetime) -> bool:
    if episode.ended_at is None:
        return start <= episode.started_at < end
    return episode.started_at < end and episode.ended_at > start

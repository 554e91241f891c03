"""The clinician summary: a few days of the record, as one dataclass.

`Summary.build(patient, start_date, end_date)` reads everything it needs in a fixed
number of queries, whatever the size of the record; the HTML, print, PDF, CSV and
JSON outputs are each a few lines on top of it. Days are the patient's local days;
every difference between two moments is taken in UTC.
"""

import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet, Subquery
from django.utils import timezone
from django.utils.formats import date_format

from notes.api import SummaryQuestion, questions_for
from toolkit.lib.local_time import wall_label
from toolkit.lib.words import and_list, counted, plural
from toolkit.models import TimeZoneChange, User
from tracker import slots
from tracker.derived import (
    DOSE_LOOKBACK,
    EpisodeTiming,
    describe,
    episode_timings,
    hours_and_minutes,
)
from tracker.diary import DayTotals, on_another_clock, on_slots, one_decimal, percent, runs
from tracker.models import (
    DiaryEntry,
    DiaryState,
    Dose,
    Meal,
    Medication,
    SchedulePeriod,
    SymptomEpisode,
    told_apart,
)
from tracker.patterns import AFTER_DOSE, Pattern, find_patterns
from tracker.schedule import (
    ScheduledDose,
    day_schedule,
    doses_at_times,
    first_for_each_time,
    periods_between,
)
from tracker.timeline import DayTimeline

# An entry recorded longer than this after what it records is marked recalled.
RECALL_AFTER = timedelta(hours=2)

HOUR_KEYS = (*DiaryState.values, "awake", "good_on")


def recalled(happened: datetime, recorded: datetime) -> bool:
    return recorded - happened > RECALL_AFTER


@dataclass(frozen=True)
class Day:
    date: date
    slots: list[slots.Slot]
    entries: list[DiaryEntry]
    totals: DayTotals
    doses: list[Dose]
    episodes: list[SymptomEpisode]
    meals: list[Meal]
    schedule: list[ScheduledDose]
    over: bool = True  # False for today, or a day still to come, when the summary was made
    # Which diary stretches and meals were recalled, and which a carer recorded, in words.
    provenance: str = ""

    @property
    def slots_expected(self) -> int:
        return len(self.slots)

    @property
    def slots_recorded(self) -> int:
        return len(self.entries)

    @property
    def valid(self) -> bool:
        """A day the clocks skipped (no slots) has nothing to be complete, and one not over
        may yet change: neither is valid."""
        return self.over and bool(self.slots) and self.totals.is_valid

    @property
    def left_out(self) -> str:
        """Why the day is not in the means, as the daily totals say it; "" when it is."""
        if not self.slots:
            return "Did not happen in this time zone (the clocks skipped it), not in the mean"
        if not self.over:
            return "Not over when this was made, not in the mean"
        if not self.valid:
            return (
                f"Incomplete: {self.totals.missing_slots} of {self.slots_expected} half-hours "
                "missing, not in the mean"
            )
        return ""

    @property
    def hours(self) -> dict[str, float | None]:
        """None throughout for a day with nothing recorded: its 0 hours OFF would read as
        a day without OFF."""
        hours = {**self.totals.hours, "awake": self.totals.awake, "good_on": self.totals.good_on}
        return hours if self.entries else dict.fromkeys(hours)

    @property
    def good_on_percent(self) -> float | None:
        return self.totals.good_on_percent


@dataclass(frozen=True)
class Means:
    valid_days: int
    hours: dict[str, float | None]
    good_on_percent: float | None

    @classmethod
    def of(cls, days: list[Day]) -> "Means":
        """Plain means over the valid days; invalid days count for nothing, nothing is imputed.
        Hours to one decimal place, as every format gives them, worked out in decimals: a
        day's hours are halves, so a mean that ends in 5 (3.5 hours over 10 days) is a tie
        exactly, where in binary it would fall just below and round down."""
        valid = [day for day in days if day.valid]
        hours = {
            key: one_decimal(Decimal(sum(day.hours[key] for day in valid)) / len(valid))
            if valid
            else None
            for key in HOUR_KEYS
        }
        good_on = sum(day.totals.good_on for day in valid)
        awake = sum(day.totals.awake for day in valid)
        return cls(len(valid), hours, percent(good_on, awake))


@dataclass(frozen=True)
class EpisodeRow:
    episode: SymptomEpisode
    timing: EpisodeTiming
    recalled: bool
    by_carer: bool

    def words(self, names: Mapping) -> dict[str, str]:
        """The timing in words, its last dose's medicine named by `Summary.medication_names`."""
        return describe(self.timing, names)


@dataclass(frozen=True)
class ScheduleRow:
    """One scheduled time of one medication, and the dose matched to it on each day."""

    medication: Medication
    time: str
    cells: list[Dose | None]
    # Why a cell's dose is there when it was filed against another time or none (a change of
    # times that day), in words; "" for a dose of the row's own.
    notes: list[str]
    scheduled: list[bool]  # whether the schedule in force that day had this time
    # Whether that time had come when the summary was made: one still to come is not missed.
    due: list[bool]
    at: list[datetime | None]  # the time itself, on each day that had it

    @staticmethod
    def blank_days(count: int) -> tuple[list, ...]:
        """cells, notes, scheduled, due and at for `count` days, before any is filled in."""
        return [None] * count, [""] * count, [False] * count, [False] * count, [None] * count


@dataclass(frozen=True)
class ListedMedication:
    """A medication as the summary lists it, with the times and dose it had on the summary's
    days."""

    medication: Medication
    # In words; when its dose changed on the days, each period's dose with its times.
    times: str
    # The dose in force on the days; "" when none was given, or when it changed on them.
    dose: str = ""
    # Each dose in force on the days, oldest first, with the instant it took over (None: in
    # force when the first day began).
    doses: list[tuple[str, datetime | None]] = field(default_factory=list)
    # Whether it had set times on any of the days.
    scheduled: bool = False


@dataclass(frozen=True)
class DataQuality:
    recalled: dict[str, int]  # by kind of entry
    by_carers: dict[str, int]
    carers: list[str]  # names of the people other than the patient who recorded entries
    # Entries with no recorder (a carer's account since deleted, or an import that kept the
    # recorder unknown): neither the patient's nor a carer's, so counted apart.
    not_known: dict[str, int]
    by_patient: int

    @property
    def recalled_entries(self) -> int:
        return sum(self.recalled.values())

    @property
    def entries_by_carers(self) -> int:
        return sum(self.by_carers.values())

    @property
    def entries_not_known(self) -> int:
        return sum(self.not_known.values())

    @property
    def recalled_words(self) -> str:
        return kinds_in_words(self.recalled)

    @property
    def not_known_words(self) -> str:
        return kinds_in_words(self.not_known)

    @property
    def recorders(self) -> str:
        """ "recorded by the patient and by John (carer); recorder not known for 3 entries".

        The patient is named only for entries they recorded, or when nothing was recorded
        at all (whoever records, it is the patient's record).
        """
        who = []
        if self.carers:
            carers = list(self.carers)
            who.append(f"{and_list(carers)} ({plural(len(carers), 'carer', 'carers')})")
        if self.by_patient or not (who or self.entries_not_known):
            who.insert(0, "the patient")
        parts = [f"recorded by {' and by '.join(who)}"] if who else []
        if count := self.entries_not_known:
            parts.append(f"recorder not known for {counted(count, 'entry', 'entries')}")
        return "; ".join(parts)


def kinds_in_words(counts: dict[str, int]) -> str:
    """ "40 diary slots, 1 dose": the kinds that have any (every kind's name ends in s)."""
    return ", ".join(
        counted(count, kind.removesuffix("s"), kind) for kind, count in counts.items() if count
    )


@dataclass(frozen=True)
class Summary:
    patient: User
    start: date
    end: date  # inclusive
    zone: ZoneInfo
    days: list[Day]
    means: Means
    medications: list[ListedMedication]
    schedule_rows: list[ScheduleRow]
    doses: list[Dose]  # taken in the range or for a time in it, in the order taken
    episodes: list[EpisodeRow]
    patterns: list[Pattern]
    # None when whoever asked may not see the patient's notes, where the questions live.
    questions: list[SummaryQuestion] | None
    quality: DataQuality
    timelines: list[DayTimeline]
    generated_at: datetime = field(default_factory=timezone.now)
    # What a change of time zone since the first day began does to the days shown.
    zone_notes: list[str] = field(default_factory=list)

    @property
    def own_questions(self) -> list[SummaryQuestion]:
        """The questions the patient wrote themselves."""
        return [q for q in self.questions or [] if not q.taken_from_page]

    @property
    def prepared_answers(self) -> list[SummaryQuestion]:
        """The patient's answers to questions the information pages say a specialist may ask."""
        return [q for q in self.questions or [] if q.taken_from_page]

    @property
    def day_count(self) -> int:
        return len(self.days)

    @property
    def running_header(self) -> str:
        return running_header(self.patient, self.start, self.end)

    @property
    def days_drawn(self) -> list[tuple[Day, DayTimeline]]:
        """Each day with its timeline, for the day by day section."""
        return list(zip(self.days, self.timelines, strict=True))

    @property
    def invalid_days(self) -> list[Day]:
        return [day for day in self.days if not day.valid]

    @property
    def states(self) -> list[tuple[str, str]]:
        return DiaryState.choices

    @cached_property
    def medication_names(self) -> dict:
        """Each medication's name as the summary's tables and files give it (`told_apart`)."""
        medications = [listed.medication for listed in self.medications]
        medications += [row.medication for row in self.schedule_rows]
        medications += [dose.medication for dose in self.doses]
        # The last dose before an episode may be the evening before the first day.
        medications += [dose.medication for row in self.episodes for dose in row.timing.last_doses]
        return told_apart(medications, self.zone)

    @cached_property
    def main_medication_id(self) -> UUID | None:
        """The medicine most of the days' doses were of. The episode table's "Since last dose"
        names the medicine only when it was another: named on every row, it took a line more
        on most, and the printed summary a third page."""
        counts = Counter(dose.medication_id for dose in self.doses)
        return counts.most_common(1)[0][0] if counts else None

    @property
    def main_medication_name(self) -> str:
        return self.medication_names[self.main_medication_id] if self.main_medication_id else ""

    @cached_property  # asked by the page's "if" and then by its line of them
    def unscheduled_doses(self) -> list[Dose]:
        """Doses in no row of the schedule table: taken as needed, for a time before the
        range (the evening before's, taken after midnight), or for a time no schedule kept
        (a change of schedule made before earlier schedules were kept)."""
        in_rows = {dose.pk for row in self.schedule_rows for dose in row.cells if dose}
        return [dose for dose in self.doses if dose.pk not in in_rows]

    @classmethod
    def build(
        cls, patient: User, start_date: date, end_date: date, *, with_notes: bool = True
    ) -> "Summary":
        zone = patient.zone
        now = timezone.now()
        dates = [start_date + timedelta(days=n) for n in range((end_date - start_date).days + 1)]
        begin = slots.day_start(start_date, zone)
        end = slots.day_start(end_date + timedelta(days=1), zone)

        # Seven queries in all, whatever the size of the record; the timelines draw the same
        # records rather than fetching them again.
        medications = list(Medication.objects.for_patient(patient))
        # Those overlapping the range: the timelines show one begun the evening before.
        overlapping = list(SymptomEpisode.objects.for_patient(patient).between(begin, end))
        # The doses of the day before the first episode, for its time since the last dose.
        first = max(begin - DOSE_LOOKBACK, min([begin, *(e.started_at for e in overlapping)]))
        since = first - DOSE_LOOKBACK
        # Those for a time in the range too: the last day's bedtime dose is in its cell.
        fetched = list(Dose.objects.for_patient(patient).taken_or_for(since, begin, end))
        nearby_doses = [dose for dose in fetched if within(dose.taken_at, since, end)]
        slots_by_day = {day: slots.day_slots(day, zone) for day in dates}
        every_slot = [slot for day_slots in slots_by_day.values() for slot in day_slots]
        # With the next morning's first hours: a dose late on the last day is judged on them.
        read = list(DiaryEntry.objects.for_patient(patient).between(begin, end + AFTER_DOSE))
        entries = on_slots(read, every_slot)
        in_range = sum(1 for entry in read if entry.slot_start < end)
        next_day = slots.day_slots(end_date + timedelta(days=1), zone)
        diary_after = on_slots((entry for entry in read if entry.slot_start >= end), next_day)
        meals = list(Meal.objects.for_patient(patient).between(begin, end))
        questions = questions_for(patient, start_date, end_date) if with_notes else None
        doses = [
            dose
            for dose in fetched
            if within(dose.taken_at, begin, end) or within(dose.scheduled_for, begin, end)
        ]
        taken = [dose for dose in doses if within(dose.taken_at, begin, end)]
        # A day's own are those begun on it; the table lists one begun the evening before
        # too, as the first day's timeline draws it.
        episodes = [episode for episode in overlapping if episode.started_at >= begin]

        def on_day(records, when):
            grouped = {day: [] for day in dates}
            for record in records:
                grouped[slots.local_day(when(record), zone)].append(record)
            return grouped

        entries_by_day = on_day(entries, lambda e: e.slot_start)
        doses_by_day = on_day(taken, lambda d: d.taken_at)
        episodes_by_day = on_day(episodes, lambda e: e.started_at)
        meals_by_day = on_day(meals, lambda m: m.eaten_at)
        days = []
        for day in dates:
            day_slots = slots_by_day[day]
            day_entries = entries_by_day[day]
            days.append(
                Day(
                    date=day,
                    slots=day_slots,
                    entries=day_entries,
                    totals=DayTotals.of((e.state for e in day_entries), len(day_slots)),
                    doses=doses_by_day[day],
                    episodes=episodes_by_day[day],
                    meals=meals_by_day[day],
                    # No times on a day the clocks skipped: none of them happened.
                    schedule=day_schedule(medications, day, zone) if day_slots else [],
                    over=slots.day_start(day + timedelta(days=1), zone) <= now,
                    provenance=day_provenance(patient, day_slots, day_entries, meals_by_day[day]),
                )
            )

        timings = episode_timings(overlapping, nearby_doses, medications, zone)
        episode_rows = [
            EpisodeRow(
                episode,
                timings[episode.id],
                recalled(episode_ended(episode), episode.recorded_at),
                by_carer(episode, patient),
            )
            for episode in overlapping
        ]
        table = schedule_rows(days, doses, now, zone)
        # The table lists an episode begun the evening before the first day, but the day
        # it began, and so its timing, is outside the summary: the patterns are of its days.
        begun = [row for row in episode_rows if row.episode.started_at >= begin]
        return cls(
            patient=patient,
            start=start_date,
            end=end_date,
            zone=zone,
            days=days,
            means=Means.of(days),
            medications=listed_medications(medications, begin, end, doses, zone),
            schedule_rows=table,
            doses=doses,
            episodes=episode_rows,
            patterns=find_patterns(days, doses, begun, zone, diary_after, table, now),
            questions=questions,
            quality=data_quality(patient, entries, doses, overlapping, meals),
            timelines=DayTimeline.of_records(
                patient,
                start_date,
                end_date,
                entries=entries,
                doses=taken,
                meals=meals,
                episodes=overlapping,
            ),
            generated_at=now,
            zone_notes=[
                *zone_notes(
                    patient,
                    begin,
                    end,
                    [record.recorded_at for record in (*entries, *doses, *episodes, *meals)],
                ),
                *([on_another_clock(hidden)] if (hidden := in_range - len(entries)) else []),
            ],
        )


def zone_notes(
    patient: User, begin: datetime, end: datetime, recorded: list[datetime]
) -> list[str]:
    """Each day is drawn in the zone the patient has now, the days lived in another zone
    too: what was recorded then shows at other times than the patient's clock said, and a
    dose taken on time may show as not recorded. A note for each stretch of the days on
    another clock, saying when and by how much, if any of the summary's records was recorded
    then (`recorded`, when each was): one recorded since, a past day filled in after the
    zone was set, was read on the clock it shows.

    The shift is worked out for each part of the days shown: daylight saving moves it
    (Sydney to London is 9 hours in July, 11 in November), on the summary's own days too,
    where either zone's clocks go forward or back."""
    zone = patient.zone
    changes = TimeZoneChange.objects.filter(person=patient, changed_at__gt=begin)
    notes = []
    since = None  # the stretch before the first change began before the summary's days
    for change in changes.order_by("changed_at"):
        until = change.changed_at
        lived_then = [moment for moment in recorded if since is None or since <= moment]
        # The part of the summary's days lived that way.
        first, last = begin if since is None else max(begin, since), min(end, until)
        if first < last and any(moment < until for moment in lived_then):
            shifts = shifts_between(zone, ZoneInfo(change.earlier), first, last)
            if any(shift for _, shift in shifts):
                notes.append(zone_note(since, until, change.earlier, shifts, zone))
        since = until
    return notes


# Each change of a zone's clocks is looked for in steps this long: clocks that went forward
# and back again within one step, to the offset they had, would not be seen.
CLOCK_CHANGE_STEP = timedelta(days=1)


def utc_offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    return instant.astimezone(zone).utcoffset()


def clock_changes(zone: ZoneInfo, begin: datetime, end: datetime) -> list[datetime]:
    """The instants in (begin, end) at which the zone's clocks go forward or back, each
    to the second (every zone's changes fall on a whole second)."""
    changes = []
    at = begin.replace(microsecond=0)
    while at < end:
        step = min(at + CLOCK_CHANGE_STEP, end)
        before = utc_offset(zone, at)
        if utc_offset(zone, step) == before:
            at = step
            continue
        # The first whole second after `at` on another offset.
        low, high = 0, math.ceil((step - at).total_seconds())
        while high - low > 1:
            middle = (low + high) // 2
            if utc_offset(zone, at + timedelta(seconds=middle)) == before:
                low = middle
            else:
                high = middle
        at = at + timedelta(seconds=high)
        if at < end:
            changes.append(at)
    return changes


def shifts_between(
    zone: ZoneInfo, lived: ZoneInfo, begin: datetime, end: datetime
) -> list[tuple[datetime, timedelta]]:
    """How far what was lived by `lived` time in [begin, end) is shown from the clock then,
    drawn in `zone`: each stretch of one shift as (when it began, the shift), the first
    from `begin`. Later when positive: 07:00 in London is 12:00 in Kathmandu."""
    shifts: list[tuple[datetime, timedelta]] = []
    for at in sorted({begin, *clock_changes(zone, begin, end), *clock_changes(lived, begin, end)}):
        shift = utc_offset(zone, at) - utc_offset(lived, at)
        if not shifts or shifts[-1][1] != shift:
            shifts.append((at, shift))
    return shifts


def zone_note(
    since, until, lived: str, shifts: list[tuple[datetime, timedelta]], zone: ZoneInfo
) -> str:
    """ "Until 1 Apr 10:00 the patient lived by Europe/London time: what was recorded then
    is shown ..." with the one shift of the days shown, or with each of theirs and when it
    held when the clocks went forward or back on them."""

    def when(instant: datetime) -> str:
        return date_format(instant.astimezone(zone), "j M H:i")

    span = f"Until {when(until)}" if since is None else f"From {when(since)} to {when(until)}"
    if len(shifts) == 1:
        shown = shift_words(shifts[0][1])
    else:
        parts = []
        for index, (at, shift) in enumerate(shifts):
            if index == 0:
                stretch = f"until {when(shifts[1][0])}"
            elif index == len(shifts) - 1:
                stretch = f"from {when(at)}"
            else:
                stretch = f"from {when(at)} to {when(shifts[index + 1][0])}"
            parts.append(f"{shift_words(shift)} {stretch}")
        shown = f"{', '.join(parts[:-1])}, and {parts[-1]}"
    return (
        f"{span} the patient lived by {lived} time: what was recorded then is shown {shown}, "
        "so a dose taken on time may show as not recorded."
    )


def shift_words(shift: timedelta) -> str:
    """ "5 hours earlier than their clock said", "at the time their clock said"."""
    if not shift:
        return "at the time their clock said"
    minutes = abs(int(shift.total_seconds())) // 60
    by = (
        counted(minutes // 60, "hour", "hours") if minutes % 60 == 0 else hours_and_minutes(minutes)
    )
    way = "later" if shift > timedelta(0) else "earlier"
    return f"{by} {way} than their clock said"


def running_header(patient: User, start: date, end: date) -> str:
    """Whose summary of which days, at the top of every printed page."""
    return f"{patient.name} · {date_format(start, 'j M Y')} to {date_format(end, 'j M Y')}"


def within(instant: datetime | None, begin: datetime, end: datetime) -> bool:
    return instant is not None and begin <= instant < end


def listed_medications(
    medications: list[Medication],
    begin: datetime,
    end: datetime,
    doses: list[Dose],
    zone: ZoneInfo,
) -> list[ListedMedication]:
    """The medications with a schedule in force in [begin, end) or a dose in the summary, each
    with the times and dose it had then: a schedule or dose changed later does not rewrite
    these days."""
    taken = {dose.medication_id for dose in doses}
    listed = []
    for medication in medications:
        periods = periods_between(medication, begin, end)
        if periods or medication.id in taken:
            listed.append(listed_medication(medication, periods, begin, zone))
    return listed


def listed_medication(
    medication: Medication, periods: list[SchedulePeriod], begin: datetime, zone: ZoneInfo
) -> ListedMedication:
    """Its dose named once when one was in force throughout, else each period's with its
    times."""
    doses: list[tuple[str, datetime | None]] = []
    for period in periods:
        if not doses or doses[-1][0] != period.dose:
            since = period.since if period.since is not None and period.since > begin else None
            doses.append((period.dose, since))
    scheduled = any(period.times for period in periods)
    if len(doses) > 1:
        times = times_in_words(periods, begin, zone, with_doses=True)
        return ListedMedication(medication, times, "", doses, scheduled)
    if not doses:  # only a dose taken on the days: before it was started, or after it stopped
        doses = [(medication.dose_at(begin), None)]
    times = times_in_words(periods, begin, zone)
    return ListedMedication(medication, times, doses[0][0], doses, scheduled)


def times_in_words(
    periods: list[SchedulePeriod], begin: datetime, zone: ZoneInfo, with_doses: bool = False
) -> str:
    """ "07:00, 11:00, then 06:00, 18:00 from Tue 3 Mar": each schedule's times, with when it
    took over if that was within the range (the time too, if not at midnight: the day's
    earlier times were the schedule before); "" when none had any.

    `with_doses`, each with its dose: "1 tablet at 07:00, 11:00, then 2 tablets at 07:00,
    11:00 from Tue 3 Mar", or "1 tablet, then 2 tablets from Tue 3 Mar" when none had times.
    """
    scheduled = any(period.times for period in periods)
    if not scheduled and not with_doses:
        return ""
    parts = []
    for period in periods:
        words = ", ".join(f"{at:%H:%M}" for at in period.times) or "no set times"
        if with_doses:
            dose = period.dose or "dose not stated"
            if period.times:
                words = f"{dose} at {words}"
            else:
                words = f"{dose}, {words}" if scheduled else dose
        if period.since is not None and period.since > begin:
            since = period.since.astimezone(zone)
            at_midnight = since == slots.day_start(since.date(), zone)
            words += f" from {date_format(since, 'D j M' if at_midnight else 'D j M H:i')}"
        parts.append(words)
    return ", then ".join(parts)


def schedule_rows(
    days: list[Day], doses: list[Dose], now: datetime, zone: ZoneInfo
) -> list[ScheduleRow]:
    """The range's scheduled doses as rows (the schedule's time, medication), a cell a day.

    A row is a time of the schedule, not of the clock: the dose the clocks move on their
    spring-forward day stays in its row. A cell with no dose of its own shows one the home
    page showed there that day (unfiled_by_row): a change of times left it for another time.
    """
    rows: dict[tuple, ScheduleRow] = {}
    # The first dose for a time holds its cell; any other is listed with the other doses.
    taken = first_for_each_time(doses)
    count = len(days)
    for index, day in enumerate(days):
        at_times = doses_at_times(day.schedule, taken, day.doses, day.date, zone)
        for scheduled, dose, note in at_times:
            medication = scheduled.medication
            key = (f"{scheduled.wall:%H:%M}", medication.name, medication.id)
            if key not in rows:
                rows[key] = ScheduleRow(medication, key[0], *ScheduleRow.blank_days(count))
            row = rows[key]
            row.cells[index], row.notes[index] = dose, note
            row.scheduled[index] = True
            row.due[index] = scheduled.at <= now
            row.at[index] = scheduled.at
    return [rows[key] for key in sorted(rows, key=lambda key: key[:2])]


def by_carer(record, patient: User) -> bool:
    """Recorded by someone named other than the patient; not when the recorder is not known."""
    return record.recorded_by_id is not None and record.recorded_by_id != patient.id


def slot_ended(entry: DiaryEntry) -> datetime:
    """When a diary half-hour is over: it is recalled when recorded more than 2 h after that."""
    return entry.slot_start + slots.SLOT


def episode_ended(episode: SymptomEpisode) -> datetime:
    """When an episode was last seen, as a half-hour's end is: a long one written down when it
    stopped is not recalled; one still going on is counted from its start."""
    return episode.ended_at or episode.started_at


def data_quality(patient, entries, doses, episodes, meals) -> DataQuality:
    kinds = {
        "diary slots": (entries, slot_ended),
        "doses": (doses, lambda d: d.taken_at),
        "episodes": (episodes, episode_ended),
        "meals": (meals, lambda m: m.eaten_at),
    }
    recalled_counts, carer_counts, carers, not_known, by_patient = {}, {}, set(), {}, 0
    for kind, (records, when) in kinds.items():
        recalled_counts[kind] = sum(recalled(when(r), r.recorded_at) for r in records)
        by_carers = [r for r in records if by_carer(r, patient)]
        carer_counts[kind] = len(by_carers)
        carers |= {r.recorded_by.name for r in by_carers}
        not_known[kind] = sum(r.recorded_by_id is None for r in records)
        by_patient += sum(r.recorded_by_id == patient.id for r in records)
    return DataQuality(recalled_counts, carer_counts, sorted(carers), not_known, by_patient)


@dataclass
class Picked:
    """The diary half-hours (by start) and meals of a day that one mark applies to: recalled,
    or recorded by one carer."""

    starts: set[datetime] = field(default_factory=set)
    meals: list[Meal] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.starts or self.meals)

    def words(self, day_slots: list[slots.Slot], entry_count: int, meal_count: int) -> str:
        """ "diary 00:00 to 07:00, 21:30 to 24:00; meal 13:30": consecutive half-hours as
        stretches. "all the diary" and "all 3 meals" when that is every one the day has, so
        a day recalled in the evening takes a line, not a list (one meal keeps its time)."""
        parts = []
        if self.starts and len(self.starts) == entry_count:
            parts.append("all the diary")
        elif self.starts:
            # Runs of one value: the picked half-hours, apart from the others and the gaps.
            picked = runs(day_slots, dict.fromkeys(self.starts, "picked"))
            stretches = [f"{run.start.label} to {run.end_label}" for run in picked if run.state]
            parts.append(f"diary {', '.join(stretches)}")
        if len(self.meals) == meal_count > 1:
            parts.append(f"all {meal_count} meals")
        elif self.meals:
            zone = day_slots[0].zone
            times = [wall_label(meal.eaten_at.astimezone(zone)) for meal in self.meals]
            parts.append(f"{plural(len(self.meals), 'meal', 'meals')} {', '.join(times)}")
        return "; ".join(parts)


def day_provenance(
    patient: User,
    day_slots: list[slots.Slot],
    entries: list[DiaryEntry],
    meals: list[Meal],
    recorders: Mapping[UUID, User] | None = None,
) -> str:
    """ "Recalled later: diary 00:00 to 07:00; meal 13:30. Recorded by John: diary 12:00 to
    18:00." for a day's diary and meals, as the tables mark doses and episodes; "" when
    nothing was recalled nor recorded by a carer. One pass over the day's records.

    Who recorded a record is its `recorded_by`, or `recorders[recorded_by_id]` for records
    read without that join (the day page's)."""

    def recorder(record) -> User:
        return record.recorded_by if recorders is None else recorders[record.recorded_by_id]

    recalled_ones = Picked()
    carers: dict[User, Picked] = {}
    for entry in entries:
        if recalled(slot_ended(entry), entry.recorded_at):
            recalled_ones.starts.add(entry.slot_start)
        if by_carer(entry, patient):
            carers.setdefault(recorder(entry), Picked()).starts.add(entry.slot_start)
    for meal in meals:
        if recalled(meal.eaten_at, meal.recorded_at):
            recalled_ones.meals.append(meal)
        if by_carer(meal, patient):
            carers.setdefault(recorder(meal), Picked()).meals.append(meal)
    marks = [("Recalled later", recalled_ones)] if recalled_ones else []
    marks += [
        (f"Recorded by {carer.name}", picked)
        for carer, picked in sorted(carers.items(), key=lambda item: item[0].name)
    ]
    return " ".join(
        f"{mark}: {picked.words(day_slots, len(entries), len(meals))}." for mark, picked in marks
    )


# When each kind of record happened.
HAPPENED = (
    (DiaryEntry, "slot_start"),
    (Dose, "taken_at"),
    (SymptomEpisode, "started_at"),
    (Meal, "eaten_at"),
)
# What puts a record on a summary's days from their beginning on: a dose taken after them for
# a time in them, and an episode begun before them and still going on, are on them too.
SHOWN_FROM = (
    *((model, f"{when}__gte") for model, when in HAPPENED),
    (Dose, "scheduled_for__gte"),
    (SymptomEpisode, "ended_at__gt"),
)


@dataclass(frozen=True)
class RecordsAround:
    """Where the patient's records lie around a summary's days, and how many of their
    questions it leaves out unanswered: what the patient is told around their summary. Of
    the same records, so kept with it (`tracker.summary_cache`)."""

    start: date
    end: date
    first_day: date | None  # of the first record of all; None when nothing is recorded
    next_day: date | None  # the first day from `start` on with a record
    unanswered: int  # questions from the information pages left out of the summary

    @property
    def later_day(self) -> date | None:
        """The first day with a record after the summary's days when they have none."""
        return self.next_day if self.next_day and self.next_day > self.end else None

    @property
    def recorded_before(self) -> bool:
        return self.first_day is not None and self.first_day < self.start

    def days_from_later_day(self, day_count: int, today: date) -> int:
        """How many days from `later_day` the summary may show: as many as these, as far as
        today, the last day a summary may show; 0 when there is no such day or it is still
        to come."""
        first = self.later_day
        if first is None or first > today:
            return 0
        return min(day_count, (today - first).days + 1)

    def may_be_filled_in(self, day: date) -> bool:
        """No day before the first record is offered to fill in: before it the patient had
        not begun, or had no account yet."""
        return self.first_day is not None and day >= self.first_day


def records_around(
    patient: User, start: date, end: date, unanswered: QuerySet | None
) -> RecordsAround:
    """In one query, whatever the size of the record. `unanswered`: the questions the
    summary leaves out, to be counted; None for a reader who may not see them."""
    begin = slots.day_start(start, patient.zone)

    def first(model, when: str, **filters) -> Subquery:
        found = model.objects.filter(patient=patient, **filters).exclude(**{when: None})
        return Subquery(found.order_by(when).values(when)[:1])

    firsts = {f"first_{index}": first(*kind) for index, kind in enumerate(HAPPENED)}
    nexts = {
        f"next_{index}": first(model, lookup.split("__")[0], **{lookup: begin})
        for index, (model, lookup) in enumerate(SHOWN_FROM)
    }
    counts = {}
    if unanswered is not None:
        how_many = unanswered.order_by().values("patient").annotate(n=Count("pk")).values("n")
        counts["unanswered"] = Subquery(how_many)
    row = User.objects.filter(pk=patient.pk).values(**firsts, **nexts, **counts).get()

    def day_of(names) -> date | None:
        moments = [row[name] for name in names if row[name] is not None]
        return slots.local_day(min(moments), patient.zone) if moments else None

    return RecordsAround(start, end, day_of(firsts), day_of(nexts), row.get("unanswered") or 0)


def default_range(today: date, days: int) -> tuple[date, date]:
    """The last `days` complete local days before today."""
    return today - timedelta(days=days), today - timedelta(days=1)


def iso(instant: datetime | None, zone: ZoneInfo) -> str | None:
    """ISO 8601 with the patient's offset, to the second: when a record was recorded carries
    fractions of a second, and times of the same file should read alike."""
    return instant.astimezone(zone).isoformat(timespec="seconds") if instant else None


def utc_iso(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

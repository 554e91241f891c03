"""Patterns in a summary's days, stated as facts with counts.

Each is a count of something the record shows, out of how many it could have been;
never advice, never a diagnosis. Only patterns seen at least once are reported.
"""

from dataclasses import dataclass
from datetime import timedelta

from toolkit.lib.words import counted, plural
from tracker import slots
from tracker.models import DiaryState

LONG_AFTER_DOSE = 180  # minutes
BEFORE_DOSE = timedelta(hours=1)
AFTER_DOSE = timedelta(hours=2)
LATE = 30  # minutes
# Doses taken this close together are one dose time: the diary cannot tell them apart.
TOGETHER_MINUTES = 5
TOGETHER = timedelta(minutes=TOGETHER_MINUTES)


@dataclass(frozen=True)
class Pattern:
    code: str
    text: str
    count: int
    of: int


def find_patterns(
    days, doses, episodes, zone, diary_after=None, schedule=(), now=None
) -> list[Pattern]:
    """`days` are the summary's days, `doses` the doses taken in them, `episodes` the rows of
    the episodes begun on them, `schedule` its schedule table's rows, `now` when it is made.

    `diary_after`, when given, holds the diary entries of the 2 hours after the last day,
    so that a dose late that day is judged on the next morning's diary.
    """
    states = {entry.slot_start: entry.state for day in days for entry in day.entries}
    found = []

    # An episode's timing is unknown on a day with no dose, or with none in the day before:
    # it could not have shown the pattern either way.
    firsts = [row.timing.before_first_dose for row in episodes]
    known = [first for first in firsts if first is not None]
    early = sum(known)
    found.append(
        Pattern(
            "before_first_dose",
            f"{early} of {len(known)} {plural(len(known), 'episode on a day', 'episodes on days')}"
            " with a dose recorded began before the first dose of the day.",
            early,
            len(known),
        )
    )
    since = [row.timing.minutes_since_last_dose for row in episodes]
    known = [minutes for minutes in since if minutes is not None]
    late_after = sum(minutes >= LONG_AFTER_DOSE for minutes in known)
    found.append(
        Pattern(
            "long_after_dose",
            f"{late_after} of {len(known)} {plural(len(known), 'episode', 'episodes')} with a "
            "dose in the day before began 3 hours or more after the last dose of any medicine.",
            late_after,
            len(known),
        )
    )

    # Only a day whose diary says something about the hour before a dose could show OFF there.
    diary_days, off_days, off_slots = 0, 0, 0
    for day in days:
        before = {
            start
            for scheduled in day.schedule
            for start in slots_overlapping(scheduled.at - BEFORE_DOSE, scheduled.at, zone)
            if start in states
        }
        off = {start for start in before if states[start] == DiaryState.OFF}
        diary_days += bool(before)
        off_days += bool(off)
        off_slots += len(off)
    found.append(
        Pattern(
            "off_before_dose",
            f"OFF in the hour before a scheduled dose on {off_days} of {diary_days} "
            f"{plural(diary_days, 'day', 'days')} with the diary filled in before a dose "
            f"({off_slots} {plural(off_slots, 'half-hour', 'half-hours')} in all).",
            off_days,
            diary_days,
        )
    )

    # Only a dose time with the diary filled in for some of the 2 hours after it could show
    # troublesome dyskinesia there. Hours outside the range are unknown (after it, unless
    # `diary_after` holds them), as are those not over yet: a dose time whose half-hours reach
    # them is left out rather than judged on part of them.
    after_states = states | {entry.slot_start: entry.state for entry in diary_after or ()}
    known_from = slots.day_start(days[0].date, zone)
    known_until = slots.day_start(days[-1].date + timedelta(days=1), zone)
    if diary_after is not None:
        known_until += AFTER_DOSE
    if now is not None:
        known_until = min(known_until, now)
    judged, together = [], False
    for moment in dose_times(doses):
        window = slots_after(moment[0].taken_at, zone)
        if known_from <= window[0] and window[-1] + slots.SLOT <= known_until:
            recorded = [after_states[start] for start in window if start in after_states]
            if recorded:
                judged.append(recorded)
                together |= len(moment) > 1
    troublesome = sum(DiaryState.ON_TROUBLESOME in recorded for recorded in judged)
    times = plural(len(judged), "dose time", "dose times")
    after = plural(len(judged), "it", "them")
    as_one = f" (doses taken within {TOGETHER_MINUTES} minutes of each other count as one)"
    found.append(
        Pattern(
            "troublesome_after_dose",
            f"Troublesome dyskinesia within 2 hours after {troublesome} of {len(judged)} "
            f"{times} with the diary filled in after {after}{as_one if together else ''}.",
            troublesome,
            len(judged),
        )
    )

    scheduled = [dose for dose in doses if dose.minutes_late is not None]
    late = sum(dose.minutes_late >= LATE for dose in scheduled)
    taken = plural(
        len(scheduled),
        "dose taken for a scheduled time was",
        "doses taken for a scheduled time were",
    )
    found.append(
        Pattern(
            "late_doses",
            f"{late} of {len(scheduled)} {taken} taken 30 minutes or more late.",
            late,
            len(scheduled),
        )
    )
    # Said apart from lateness, which only a dose taken can have: out of the times that were
    # due, as the schedule table marks them "Not recorded".
    due = [
        (day.date, dose)
        for row in schedule
        for day, dose, in_schedule, has_come in zip(
            days, row.cells, row.scheduled, row.due, strict=True
        )
        if in_schedule and has_come
    ]
    missed = sum(dose is None for _, dose in due)
    were = plural(len(due), "dose was", "doses were")
    # A day with no dose and no diary at all may be a day not tracked rather than one of
    # doses missed: how many of them fall on such days is said, so the count is not read as
    # that many doses missed.
    dosed = {dose.taken_at.astimezone(zone).date() for dose in doses}
    untracked = {day.date for day in days if not day.entries and day.date not in dosed}
    on_untracked = sum(dose is None and day in untracked for day, dose in due)
    untracked_days = len({day for day, dose in due if dose is None and day in untracked})
    where = (
        f", {on_untracked} of them on {counted(untracked_days, 'day', 'days')} with no dose"
        " and no diary recorded"
        if on_untracked
        else ""
    )
    found.append(
        Pattern(
            "missed_doses",
            f"{missed} of {len(due)} scheduled {were} not recorded as taken{where}.",
            missed,
            len(due),
        )
    )
    return [pattern for pattern in found if pattern.count]


def dose_times(doses) -> list[list]:
    """The doses grouped by when they were taken, in order: a dose taken within
    TOGETHER_MINUTES of the one before joins its group. Two medicines taken together are one
    dose time: counted as two, the same half-hours of diary would count twice."""
    times: list[list] = []
    for dose in sorted(doses, key=lambda dose: dose.taken_at):
        if times and dose.taken_at - times[-1][-1].taken_at <= TOGETHER:
            times[-1].append(dose)
        else:
            times.append([dose])
    return times


def slots_after(instant, zone) -> list:
    """UTC starts of the diary slots that stand for the 2 hours after `instant`: those
    most of which is after it, that is whose middle falls in [instant, instant + 2 h).
    The slot a dose is taken in describes the time before it when the dose came late in
    it: for a dose at 07:25 the slots run from 07:30 to 09:30, not from 07:00; for one at
    07:05, from 07:00 to 09:00. Always 4 slots."""
    first = slots.slot_start(instant, zone)
    if first + slots.SLOT / 2 < instant:
        first += slots.SLOT
    return slots.slots_between(first, first + AFTER_DOSE)


def slots_overlapping(begin, end, zone) -> list:
    """UTC starts of the diary slots that overlap [begin, end)."""
    return slots.slots_between(slots.slot_start(begin, zone), end)

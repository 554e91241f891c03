"""Values derived from an episode and the doses around it, never typed by the patient.

Used by the episode pages and the clinician summary alike. Differences are taken
between UTC instants, so an hour the clocks skip or repeat is counted as it was lived.
"""

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from tracker.models import Dose, Medication, SymptomEpisode
from tracker.schedule import day_schedule

# How far either side of a set of episodes the doses must be fetched for their
# derived values: the last dose before an episode is looked for this far back.
DOSE_LOOKBACK = timedelta(days=1)


@dataclass(frozen=True)
class EpisodeTiming:
    minutes_since_last_dose: int | None  # None: no dose taken in the day before
    # The next scheduled time not already taken for; None: none by the end of the next day.
    minutes_to_next_dose: int | None
    before_first_dose: bool | None  # None: no dose for that local day recorded
    # When None but doses were taken that day all the same, each one's day less that day
    # (-1: last night's bedtime dose taken after midnight), so the words can say why a dose
    # drawn on that day is not its first.
    taken_for_other_days: tuple[int, ...] = ()


def minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


def episode_timings(
    episodes: Iterable[SymptomEpisode],
    doses: Sequence[Dose],
    medications: Sequence[Medication],
    zone: ZoneInfo,
) -> dict:
    """Each episode's timing against doses, keyed by episode id.

    `doses` must cover from DOSE_LOOKBACK before the first episode to the end of the
    last episode's local day; `medications` are all the patient's medications, stopped
    ones included (a schedule counts until its medication was stopped).
    """
    taken = sorted(dose.taken_at for dose in doses)
    first_of_day: dict = {}
    other_days: dict = {}  # local day → how far from it are the days of doses taken on it
    taken_for: dict = {}  # (medication id, scheduled time) → when first taken for it
    for dose in sorted(doses, key=lambda dose: dose.taken_at):
        # A dose belongs to the day of the time it was for: last night's bedtime dose taken
        # after midnight is not the first dose of the new day.
        belongs = (dose.scheduled_for or dose.taken_at).astimezone(zone).date()
        first_of_day.setdefault(belongs, dose.taken_at)
        on = dose.taken_at.astimezone(zone).date()
        if belongs != on:
            other_days.setdefault(on, []).append((belongs - on).days)
        if dose.scheduled_for is not None:
            taken_for.setdefault((dose.medication_id, dose.scheduled_for), dose.taken_at)
    timings = {}
    for episode in episodes:
        start = episode.started_at
        before = bisect.bisect_right(taken, start)
        last = taken[before - 1] if before and start - taken[before - 1] <= DOSE_LOOKBACK else None
        day = start.astimezone(zone).date()
        # A time whose dose was already taken early is not what the episode waits for.
        upcoming = [
            scheduled.at
            for d in (day, day + timedelta(days=1))
            for scheduled in day_schedule(medications, d, zone)
            if scheduled.at > start
            and taken_for.get((scheduled.medication.id, scheduled.at), scheduled.at) > start
        ]
        first = first_of_day.get(day)
        timings[episode.id] = EpisodeTiming(
            minutes_since_last_dose=minutes(start - last) if last else None,
            minutes_to_next_dose=minutes(upcoming[0] - start) if upcoming else None,
            before_first_dose=None if first is None else start < first,
            taken_for_other_days=() if first is not None else tuple(other_days.get(day, ())),
        )
    return timings


def doses_for(episodes: Sequence[SymptomEpisode], patient) -> list[Dose]:
    """The doses `episode_timings` needs for these episodes, in one query."""
    if not episodes:
        return []
    starts = [episode.started_at for episode in episodes]
    return list(
        Dose.objects.filter(patient=patient).between(
            min(starts) - DOSE_LOOKBACK, max(starts) + 2 * DOSE_LOOKBACK
        )
    )


def describe(timing: EpisodeTiming) -> dict[str, str]:
    """The timing in words for a page."""
    return {
        "since_last_dose": "No dose in the day before"
        if timing.minutes_since_last_dose is None
        else hours_and_minutes(timing.minutes_since_last_dose),
        "to_next_dose": "None scheduled"
        if timing.minutes_to_next_dose is None
        else hours_and_minutes(timing.minutes_to_next_dose),
        "before_first_dose": first_dose_words(timing),
    }


# How the day a dose was for is named from the day it was taken.
DAY_FOR = {-1: "the day before", 1: "the day after"}


def first_dose_words(timing: EpisodeTiming) -> str:
    """ "Yes", "No", or why it is not known: on a day whose only dose was last night's
    bedtime dose taken after midnight, a dose is drawn on the day but none was for it."""
    if timing.before_first_dose is not None:
        return "Yes" if timing.before_first_dose else "No"
    offsets = timing.taken_for_other_days
    if not offsets:
        return "No dose recorded that day"
    if len(offsets) == 1:
        taken = "the dose taken that day was"
        which = DAY_FOR.get(offsets[0], "another day")
    else:
        taken = f"the {len(offsets)} doses taken that day were"
        which = DAY_FOR.get(offsets[0], "other days") if len(set(offsets)) == 1 else "other days"
    return f"No dose for that day recorded: {taken} for {which}"


def hours_and_minutes(total: int) -> str:
    """135 → "2 h 15 min"; 40 → "40 min"."""
    hours, rest = divmod(total, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"

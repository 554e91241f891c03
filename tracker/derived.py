"""Values derived from an episode and the doses around it, never typed by the patient.

Used by the episode pages and the clinician summary alike. Differences are taken
between UTC instants, so an hour the clocks skip or repeat is counted as it was lived.
"""

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from toolkit.lib.words import and_list
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
    # The doses counted from, of whatever medicine (the app cannot tell which are for
    # Parkinson's, and one taken as needed may be: a rescue dose), with any taken the same
    # minute before the episode; () when there was none in the day before.
    last_doses: tuple[Dose, ...] = ()


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
    by_time = sorted(doses, key=lambda dose: dose.taken_at)
    taken = [dose.taken_at for dose in by_time]
    first_of_day: dict = {}
    other_days: dict = {}  # local day → how far from it are the days of doses taken on it
    taken_for: dict = {}  # (medication id, scheduled time) → when first taken for it
    for dose in by_time:
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
        since = minutes(start - last) if last else None
        # Those taken the same minute are all the last dose: one medicine taken with another.
        at_last = before
        while at_last and minutes(start - taken[at_last - 1]) == since:
            at_last -= 1
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
            minutes_since_last_dose=since,
            minutes_to_next_dose=minutes(upcoming[0] - start) if upcoming else None,
            before_first_dose=None if first is None else start < first,
            taken_for_other_days=() if first is not None else tuple(other_days.get(day, ())),
            last_doses=tuple(by_time[at_last:before]),
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


def describe(timing: EpisodeTiming, names: Mapping) -> dict[str, str]:
    """The timing in words for a page; `names` gives each medication's name by id, as the
    page names it elsewhere (`told_apart`)."""
    return {
        "since_last_dose": since_last_dose_words(timing, names),
        "to_next_dose": "None scheduled"
        if timing.minutes_to_next_dose is None
        else hours_and_minutes(timing.minutes_to_next_dose),
        "before_first_dose": first_dose_words(timing),
    }


def since_last_dose_words(timing: EpisodeTiming, names: Mapping) -> str:
    """ "2 h 10 min (Co-careldopa)": the medicine named, so that a laxative taken just before
    is not read as the time since the Parkinson's medicine."""
    if timing.minutes_since_last_dose is None:
        return "No dose in the day before"
    return (
        f"{hours_and_minutes(timing.minutes_since_last_dose)} "
        f"({and_list(last_dose_names(timing, names))})"
    )


def last_dose_names(timing: EpisodeTiming, names: Mapping) -> list[str]:
    """The medicines of the last doses before an episode, each once, in the order taken."""
    return list(dict.fromkeys(names[dose.medication_id] for dose in timing.last_doses))


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

"""Medication schedules on a patient's local days, and matching doses to them.

A schedule is a list of local wall-clock times. On a given local day each time
becomes one UTC instant; stepping and differences are then done in UTC, so a
dose's lateness is right across daylight-saving changes.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from toolkit.lib.local_time import scheduled_instant
from tracker.models import Dose, Medication, SchedulePeriod

MATCH_WINDOW = timedelta(hours=2)


@dataclass(frozen=True)
class ScheduledDose:
    at: datetime  # UTC
    medication: Medication
    # The schedule's own time: on the day the clocks skip it, `at` falls an hour later.
    wall: time


def scheduled_on(medication: Medication, day: date, zone: ZoneInfo) -> list[ScheduledDose]:
    """The medication's scheduled doses of the local day, each by the schedule in force at
    its time: none after it was stopped, and a day the schedule changed has both parts."""
    found: dict[datetime, ScheduledDose] = {}
    for period in medication.schedule_periods():
        for wall in period.times:
            instant = scheduled_instant(day, wall, zone)
            # On the day the clocks go forward a skipped time falls due when the hour would
            # have ended: where that is another of its times (01:30 to 02:30), it is that
            # dose, not a second one due at the same moment that one press would fill twice.
            if period.covers(instant) and (
                instant not in found or wall == instant.astimezone(zone).time()
            ):
                found[instant] = ScheduledDose(instant, medication, wall)
    return list(found.values())


def periods_between(medication: Medication, begin: datetime, end: datetime) -> list[SchedulePeriod]:
    """The medication's schedules in force at some time in [begin, end), oldest first: none
    before it was added (the first, empty, schedule `Medication.added_at` ends) or after it
    was stopped."""
    periods = medication.schedule_periods()
    if medication.added_at is not None:
        periods = periods[1:]
    return [
        period
        for period in periods
        if (period.since is None or period.since < end)
        and (period.until is None or period.until > begin)
    ]


def day_schedule(
    medications: Iterable[Medication], day: date, zone: ZoneInfo
) -> list[ScheduledDose]:
    """Every scheduled dose of the local day, in time order."""
    doses = [dose for medication in medications for dose in scheduled_on(medication, day, zone)]
    return sorted(doses, key=lambda dose: (dose.at, dose.medication.name))


def match(
    medication: Medication, taken_at: datetime, zone: ZoneInfo, filed: Collection[datetime] = ()
) -> datetime | None:
    """The scheduled time a dose taken at `taken_at` belongs to, or None.

    The nearest scheduled time of its medication within 2 hours either side, on a tie the
    earlier one, that no dose is for yet (`filed`: the times its other doses are for): an
    extra dose does not take the row of the one taken on time. A bedtime dose taken after
    midnight belongs to the evening before.
    """
    return first_free(nearby(medication, taken_at, zone), filed)


def nearby(medication: Medication, taken_at: datetime, zone: ZoneInfo) -> list[datetime]:
    """The medication's scheduled times within 2 hours of `taken_at`, nearest first."""
    day = taken_at.astimezone(zone).date()
    found = [
        dose.at
        for near in (day - timedelta(days=1), day, day + timedelta(days=1))
        for dose in scheduled_on(medication, near, zone)
        if abs(dose.at - taken_at) <= MATCH_WINDOW
    ]
    return sorted(found, key=lambda instant: (abs(instant - taken_at), instant))


def match_dose(dose: Dose, zone: ZoneInfo) -> datetime | None:
    """match() for a dose about to be saved, against the times its medication's other doses
    are already for."""
    times = nearby(dose.medication, dose.taken_at, zone)
    if not times:
        return None  # no scheduled time near: no need to ask which are taken
    filed = Dose.objects.filter(medication_id=dose.medication_id, scheduled_for__in=times)
    return first_free(times, set(filed.exclude(pk=dose.pk).values_list("scheduled_for", flat=True)))


# How long before a dose typed on the form a time with no dose may be, to be asked whether the
# dose was that one taken late: a bedtime dose taken in the small hours.
LATE_ASKED_WITHIN = timedelta(hours=6)


def missed_before(dose: Dose, zone: ZoneInfo) -> datetime | None:
    """The latest scheduled time of the dose's medication, more than 2 hours and at most 6
    before it was taken, that no dose is for: the time a dose matched to none (match_dose)
    may have been meant for, taken late."""
    taken = dose.taken_at
    day = taken.astimezone(zone).date()
    times = [
        scheduled.at
        for near in (day - timedelta(days=1), day)
        for scheduled in scheduled_on(dose.medication, near, zone)
        if MATCH_WINDOW < taken - scheduled.at <= LATE_ASKED_WITHIN
    ]
    if not times:
        return None
    filed = Dose.objects.filter(medication_id=dose.medication_id, scheduled_for__in=times)
    taken_for = set(filed.exclude(pk=dose.pk).values_list("scheduled_for", flat=True))
    return max((at for at in times if at not in taken_for), default=None)


def first_free(times: list[datetime], filed: Collection[datetime]) -> datetime | None:
    return next((at for at in times if at not in filed), None)


def unfiled_by_row(
    schedule: list[ScheduledDose], doses: list[Dose], day: date, zone: ZoneInfo
) -> dict[tuple, list[Dose]]:
    """A day's doses filed against none of its rows, by the row (medication, instant) each
    would be matched to now: the row with no dose nearest the time it was recorded for, or
    nearest when it was taken for an extra dose, within 2 hours; on a tie the earlier row.

    A change of times leaves the day's doses filed against times no longer in its schedule
    (see docs/decisions.md), and an extra dose is filed against none; a row near one would
    read as not taken: on the home page, inviting a second dose; on the summary, as missed.
    The time a dose was recorded for says which row it stands for better than when it was
    taken: two rows pressed at once, 11:00 and 15:00, are the doses of 12:00 and 16:00 once
    the times change. Each row shows one dose and each dose one row; doses competing for a
    row are placed in the order they were taken. A bedtime dose after midnight, filed
    against the evening before, stays there.
    """
    rows = {(scheduled.medication.pk, scheduled.at) for scheduled in schedule}
    filed = defaultdict(set)
    for dose in doses:
        if (dose.medication_id, dose.scheduled_for) in rows:
            filed[dose.medication_id].add(dose.scheduled_for)
    placed = defaultdict(list)
    for dose in doses:
        if dose.scheduled_for and (
            (dose.medication_id, dose.scheduled_for) in rows
            or dose.scheduled_for.astimezone(zone).date() != day
        ):
            continue
        at = match(
            dose.medication, dose.scheduled_for or dose.taken_at, zone, filed[dose.medication_id]
        )
        if (dose.medication_id, at) in rows:
            filed[dose.medication_id].add(at)
            placed[dose.medication_id, at].append(dose)
    return placed


def first_for_each_time(doses: Iterable[Dose]) -> dict[tuple, Dose]:
    """The first of `doses` (in the order taken) filed against each (medication, scheduled
    time): a bedtime dose taken after midnight is the evening before's, and a second dose
    for a time is not the one shown there."""
    taken: dict[tuple, Dose] = {}
    for dose in doses:
        taken.setdefault((dose.medication_id, dose.scheduled_for), dose)
    return taken


def doses_at_times(
    schedule: list[ScheduledDose],
    taken: dict[tuple, Dose],
    day_doses: list[Dose],
    day: date,
    zone: ZoneInfo,
) -> list[tuple[ScheduledDose, Dose | None, str]]:
    """Each of a day's scheduled doses with the dose shown at it, or None, and why that dose
    is there in words when it was filed against another time or none ("" for its own).

    Its own is the first filed against it (`taken`, by first_for_each_time); a time with none
    shows a dose of the day (`day_doses`, those taken on it) that unfiled_by_row places there.
    """
    unfiled = unfiled_by_row(schedule, day_doses, day, zone)
    found = []
    for scheduled in schedule:
        key = (scheduled.medication.pk, scheduled.at)
        dose, note = taken.get(key), ""
        if dose is None and (near := unfiled.get(key)):
            dose, note = near[0], unfiled_note(near[0], zone)
        found.append((scheduled, dose, note))
    return found


def unfiled_note(dose: Dose, zone: ZoneInfo) -> str:
    """Why a dose stands on a row it was not filed against (unfiled_by_row), in words."""
    if dose.scheduled_for is None:
        return "recorded as an extra dose"
    return f"recorded for {dose.scheduled_for.astimezone(zone):%H:%M}, before the times changed"


def describe_lateness(minutes: int | None) -> str:
    """ "5 minutes late", "1 hour 30 minutes early", "on time", or "" when unscheduled."""
    if minutes is None:
        return ""
    if minutes == 0:
        return "on time"
    hours, rest = divmod(abs(minutes), 60)
    parts = [(hours, "hour"), (rest, "minute")]
    words = " ".join(f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in parts if n)
    return f"{words} {'late' if minutes > 0 else 'early'}"

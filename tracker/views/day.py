"""The day timeline: one local day's diary, doses, symptoms and meals, with its totals."""

from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from itertools import chain
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from toolkit.access import acting_for, patient_access
from toolkit.context_processors import who
from toolkit.lib.local_time import wall_label
from toolkit.models import User
from tracker import slots
from tracker.models import DiaryState, Dose, Medication, SymptomEpisode, told_apart
from tracker.schedule import day_schedule, doses_at_times, first_for_each_time
from tracker.summary import by_carer, day_provenance, episode_ended, recalled, within
from tracker.summary_tables import joined, lateness_in_cell, moved, parenthesised
from tracker.timeline import DayTimeline, Event
from tracker.views.common import at_time, other_days, render_skipped_day

# Its time heads each row: a screen reader moving down the "What" column says when.
EVENT_ROW = (
    '<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">{}</th>'
    '<td class="nhsuk-table__cell">{}</td><td class="nhsuk-table__cell">{}</td></tr>'
)
# As on the summary: doses and episodes are marked in their own rows, while the diary's
# stretches and the meals are named in the sentence above the table, as its timelines' captions
# name them.
MARKED_IN_ROWS = (Dose, SymptomEpisode)


def carers_by_id(timeline: DayTimeline, patient: User) -> dict[UUID, User]:
    """Whoever else recorded any of the day's records: one query by key, none if nobody did."""
    records = chain(timeline.entries, timeline.doses, timeline.episodes, timeline.meals)
    return User.objects.in_bulk({r.recorded_by_id for r in records if by_carer(r, patient)})


def row_provenance(event: Event, patient: User, carers: dict[UUID, User]) -> str:
    """ "recorded by John, recalled later" for a dose or an episode, as the summary marks it;
    recalled by the summary's rule, from when it happened (a dose's mark, an episode's end)."""
    record = event.record
    if not isinstance(record, MARKED_IN_ROWS):
        return ""
    words = []
    if by_carer(record, patient):
        words.append(f"recorded by {carers[record.recorded_by_id].name}")
    happened = episode_ended(record) if isinstance(record, SymptomEpisode) else event.at
    if recalled(happened, record.recorded_at):
        words.append("recalled later")
    return ", ".join(words)


def event_rows(timeline: DayTimeline, patient: User, carers: dict[UUID, User]) -> SafeString:
    """The rows of the table that gives the timeline in words, one per run and mark.

    Joined here: a template loop spent about 115 Python calls a row, this about 20,
    and a busy day has hundreds of rows. `html.escape` is what Django's escaping runs.
    """
    rows = []
    for event in timeline.events:
        details = escape(event.text)
        if said := row_provenance(event, patient, carers):
            details += f'<br><span class="nhsuk-body-s">{escape(said)}</span>'
        rows.append(EVENT_ROW.format(escape(event.time_label), escape(event.kind), details))
    return mark_safe("\n".join(rows))  # noqa: S308 - every value is escaped


@dataclass(frozen=True)
class ScheduledRow:
    time: str  # the schedule's time, "01:30 (BST)" when it happens twice that day
    medicine: str  # its name, told apart from another of the same name
    happened: str  # "Taken at 07:20 (20 min late)", "Not recorded as taken", "Still to come"


def scheduled_rows(
    patient: User, timeline: DayTimeline, doses: list[Dose], now: datetime
) -> list[ScheduledRow]:
    """Each time of the schedules in force on the day, with the dose the summary's table of
    dose timing shows there (`doses_at_times`), in words: a missed dose of a day looked back
    on is said, not left to be noticed by its absence. `doses`: those taken on the day or
    for a time in it (a bedtime dose taken after midnight), with their medicines.

    One query, the medicines.
    """
    zone, day = patient.zone, timeline.day
    schedule = day_schedule(Medication.objects.for_patient(patient), day, zone)
    if not schedule:
        return []
    names = told_apart([*(s.medication for s in schedule), *(d.medication for d in doses)], zone)
    rows = []
    for scheduled, dose, note in doses_at_times(
        schedule, first_for_each_time(doses), timeline.doses, day, zone
    ):
        wall = f"{scheduled.wall:%H:%M}"
        # On the day the clocks skip its time, the row keeps the schedule's and says when due.
        clocks = moved(scheduled.at, wall, zone)
        if dose:
            why = joined(note or lateness_in_cell(dose.minutes_late), clocks)
            happened = f"Taken at {at_time(dose.taken_at, zone, day)}{parenthesised(why)}"
        else:
            happened = "Not recorded as taken" if scheduled.at <= now else "Still to come"
            happened += parenthesised(clocks)
        time = wall if clocks else wall_label(scheduled.at.astimezone(zone))
        rows.append(ScheduledRow(time, names[scheduled.medication.pk], happened))
    return rows


@require_GET
def day_page(request: HttpRequest, day: date):
    access = patient_access(request, "tracker")
    if slots.skipped_day(day, access.patient.zone):
        caption = f"{who(acting_for(request)).Your} day"
        return render_skipped_day(request, access, day, caption=caption, url_name="tracker_day")
    patient = access.patient
    now = timezone.now()
    start, end = slots.day_bounds(day, patient.zone)
    # Those for a time of the day too, for its scheduled doses; the timeline draws the day's.
    doses = list(
        Dose.objects.filter(patient=patient)
        .taken_or_for(start, start, end)
        .select_related("medication")
    )
    on_day = [dose for dose in doses if within(dose.taken_at, start, end)]
    [timeline] = DayTimeline.for_days(patient, day, day, now=now, doses=on_day)
    carers = carers_by_id(timeline, patient)
    today = patient.local_today()
    nav = {"url_name": "tracker_day", **other_days(day, today)}
    context = {
        "access": access,
        "timeline": timeline,
        "event_rows": event_rows(timeline, patient, carers),
        "scheduled_rows": scheduled_rows(patient, timeline, doses, now),
        # As the summary and the diary page say it: which of the diary's stretches and which
        # meals were recalled, and which a carer recorded.
        "provenance": day_provenance(
            patient, timeline.day_slots, timeline.entries, timeline.meals, carers
        ),
        "day": day,
        "today": today,
        # The links to other days sit above and below the timeline, each landmark named apart.
        "day_nav": render_to_string("tracker/diary_day_nav.html", nav),
        "day_nav_end": render_to_string(
            "tracker/diary_day_nav.html", {**nav, "where": "at the end of the page"}
        ),
        "diary_states": DiaryState.choices,
    }
    return render(request, "tracker/day.html", context)

"""The summary as JSON, CSV and PDF: each a thin layer over `Summary`."""

import csv
import functools
import gc
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from toolkit.lib.words import and_list, counted
from tracker import slots
from tracker.derived import first_dose_words, last_dose_names
from tracker.models import DiaryState, Dose
from tracker.summary import (
    HOUR_KEYS,
    Day,
    EpisodeRow,
    Means,
    ScheduleRow,
    Summary,
    episode_ended,
    iso,
    recalled,
    slot_ended,
    utc_iso,
)
from tracker.summary_tables import (
    MISSING,
    NOT_SCHEDULED,
    NOT_YET_DUE,
    intended_words,
    lateness_in_cell,
    no_dose,
    taken_in_cell,
)
from tracker.templatetags.summary_tags import hours as one_decimal


def as_json(summary: Summary) -> dict:
    """What the page shows, as data. Keys are only ever added, after those there were."""
    zone = summary.zone
    other_doses = {dose.pk for dose in summary.unscheduled_doses}
    return {
        "patient": {"name": summary.patient.name, "time_zone": summary.patient.time_zone},
        "time_zone_notes": summary.zone_notes,
        "start": summary.start.isoformat(),
        "end": summary.end.isoformat(),
        "days": [
            {
                "date": day.date.isoformat(),
                "slots_expected": day.slots_expected,
                "slots_recorded": day.slots_recorded,
                "valid": day.valid,
                "hours": day.hours,
                "good_on_percent": day.good_on_percent,
                "episodes": len(day.episodes),
                "doses_taken": len(day.doses),
                "status": day_words(day),
                "provenance": day.provenance,
                "diary_runs": [
                    {
                        "start": iso(run.start.start, zone),
                        "end": iso(run.end, zone),
                        "state": run.state,
                        "half_hours": len(run.slots),
                    }
                    for run in timeline.runs
                ],
            }
            for day, timeline in summary.days_drawn
        ],
        "means": {
            "valid_days": summary.means.valid_days,
            "hours": summary.means.hours,
            "good_on_percent": summary.means.good_on_percent,
        },
        "episodes": [json_episode(row, zone, summary.medication_names) for row in summary.episodes],
        "doses": [
            {
                "id": str(dose.id),
                "medication": dose.medication.name,
                "taken_at": iso(dose.taken_at, zone),
                "scheduled_for": iso(dose.scheduled_for, zone),
                "minutes_late": dose.minutes_late,
                **recording(dose, dose.taken_at, zone),
                "medication_id": str(dose.medication_id),
                # In no row of the schedule table: the page's "Other doses".
                "other_dose": dose.pk in other_doses,
            }
            for dose in summary.doses
        ],
        "patterns": [
            {"code": p.code, "text": p.text, "count": p.count, "of": p.of} for p in summary.patterns
        ],
        # Left out, like the page's list, when whoever asked may not see the patient's notes.
        **(
            {}
            if summary.questions is None
            else {
                "questions": [
                    {
                        "text": q.text,
                        "answer": q.answer,
                        "from_page": q.source_title,
                        "for_appointment": q.appointment,
                        "source": "page" if q.taken_from_page else "patient",
                        "by_carer": q.by_carer,
                    }
                    for q in summary.questions
                ]
            }
        ),
        "data_quality": {
            "recalled_entries": summary.quality.recalled_entries,
            "entries_by_carers": summary.quality.entries_by_carers,
            "entries_recorder_not_known": summary.quality.entries_not_known,
            "generated_at": iso(summary.generated_at, zone),
        },
        "medications": [
            {
                "id": str(listed.medication.id),
                "name": listed.medication.name,
                "dose": listed.dose,
                "times": listed.times,
                "as_needed": listed.medication.as_needed,
                "stopped_at": iso(listed.medication.stopped_at, zone),
                "doses": [{"dose": dose, "from": iso(since, zone)} for dose, since in listed.doses],
            }
            for listed in summary.medications
        ],
        "schedule": [
            {
                "time": row.time,
                "medication": row.medication.name,
                "medication_id": str(row.medication.id),
                "days": [json_cell(cell, zone) for cell in cells],
            }
            for row, cells in table_cells(summary)
        ],
        "meals": [
            {
                "id": str(meal.id),
                "eaten_at": iso(meal.eaten_at, zone),
                "protein_rich": meal.protein_rich,
                **recording(meal, meal.eaten_at, zone),
            }
            for day in summary.days
            for meal in day.meals
        ],
        "diary": [
            {
                "slot_start": iso(entry.slot_start, zone),
                "state": entry.state,
                **recording(entry, slot_ended(entry), zone),
            }
            for day in summary.days
            for entry in day.entries
        ],
    }


def json_episode(row: EpisodeRow, zone: ZoneInfo, names: Mapping) -> dict:
    episode = row.episode
    return {
        "id": str(episode.id),
        "started_at": iso(episode.started_at, zone),
        "duration_minutes": episode.minutes,
        "body_sites": episode.body_sites,
        "side": episode.side,
        "severity": episode.severity,
        "pain": episode.pain,
        "motor_state": episode.motor_state,
        "minutes_since_last_dose": row.timing.minutes_since_last_dose,
        "minutes_to_next_scheduled_dose": row.timing.minutes_to_next_dose,
        "before_first_dose": row.timing.before_first_dose,
        **recording(episode, episode_ended(episode), zone),
        "ended_at": iso(episode.ended_at, zone),
        "symptom": episode.symptom,
        "relief": episode.relief,
        "note": episode.note,
        # The episode table's last three columns, as it words them.
        "timing_words": row.words(names),
        "last_dose_medications": last_dose_names(row.timing, names),
    }


@dataclass(frozen=True)
class Cell:
    """A day's cell of a row of the page's table of dose timing."""

    day: Day
    # The time the row's dose was due that day; None when that day's schedule had no such time.
    due: datetime | None
    dose: Dose | None
    # Why the dose is in this cell when it was filed against another time or none; "".
    note: str
    # The page's words for a cell with no dose: MISSING, NOT_SCHEDULED or NOT_YET_DUE.
    no_dose: str


# The page's words for a cell with no dose, as the JSON's `status` names them.
NO_DOSE_STATUS = {
    MISSING: "not_recorded",
    NOT_SCHEDULED: "not_scheduled",
    NOT_YET_DUE: "not_yet_due",
}


def table_cells(summary: Summary) -> list[tuple[ScheduleRow, list[Cell]]]:
    """Each row of the page's table of dose timing with its cells, a day each."""
    return [
        (
            row,
            [
                Cell(day, at, dose, note, "" if dose else no_dose(scheduled, is_due))
                for day, at, dose, note, scheduled, is_due in zip(
                    summary.days, row.at, row.cells, row.notes, row.scheduled, row.due, strict=True
                )
            ],
        )
        for row in summary.schedule_rows
    ]


def json_cell(cell: Cell, zone: ZoneInfo) -> dict:
    dose = cell.dose
    if dose:
        # The page's cell without its marks (recalled, by a carer: the dose's own keys).
        why = cell.note or lateness_in_cell(dose.minutes_late)
        text = f"{taken_in_cell(dose, cell.day.date, zone)} ({why})"
    else:
        text = cell.no_dose
    return {
        "date": cell.day.date.isoformat(),
        "scheduled_at": iso(cell.due, zone),
        "status": "taken" if dose else NO_DOSE_STATUS[cell.no_dose],
        "text": text,
        "dose_id": str(dose.id) if dose else None,
        "taken_at": iso(dose.taken_at, zone) if dose else None,
        "minutes_late": dose.minutes_late if dose else None,
        "note": cell.note,
    }


def recording(record, happened, zone) -> dict:
    """When and by whom a record was recorded, and whether it was recalled, as the CSV says:
    the recorder is None when not known (never taken to be the patient)."""
    return {
        "recorded_at": iso(record.recorded_at, zone),
        "recorded_by": record.recorded_by.name if record.recorded_by else None,
        "recalled": recalled(happened, record.recorded_at),
    }


# The daily totals' columns: after the records', so that what reads those finds them where
# it did.
TOTALS_COLUMNS = [
    *(f"{key}_hours" for key in HOUR_KEYS),
    "good_on_percent",
    "half_hours_expected",
    "half_hours_recorded",
    "in_mean",
]
# An episode's timing against doses, as the page's episode table gives it: after the totals.
TIMING_COLUMNS = ["minutes_since_last_dose", "minutes_to_next_scheduled_dose", "before_first_dose"]
CSV_COLUMNS = [
    "record",
    "id",
    "local_time",
    "utc",
    "local_end",
    "utc_end",
    "what",
    "details",
    "recorded_at_utc",
    "recorded_by",
    "recalled",
    *TOTALS_COLUMNS,
    *TIMING_COLUMNS,
    "dose_amount",
    "last_dose_medications",
]

# The daily totals' column headings on the page.
HOUR_LABELS = {**dict(DiaryState.choices), "awake": "Awake", "good_on": "Good ON"}


def as_csv(summary: Summary) -> str:
    """One row per record in the range, one per scheduled dose the page shows as not recorded,
    and one per day's totals (before the day's records), in time order, with local time and
    UTC; the row of the means last."""
    rows = []
    zone = summary.zone

    def row(kind, record, start, end, what, details, happened, **more):
        rows.append(
            line(
                record=kind,
                id=str(getattr(record, "id", "")),
                local_time=iso(start, zone),
                utc=utc_iso(start),
                local_end=iso(end, zone) or "",
                utc_end=utc_iso(end) if end else "",
                what=what,
                details=details,
                recorded_at_utc=utc_iso(record.recorded_at),
                recorded_by=record.recorded_by.name if record.recorded_by else "",
                recalled="yes" if recalled(happened, record.recorded_at) else "no",
                **more,
            )
        )

    for day in summary.days:
        rows.append(
            line(
                record="day",
                local_time=day.date.isoformat(),
                # The day's first instant (a skipped day's is the next day's): it places the
                # row before the day's records.
                utc=utc_iso(slots.day_start(day.date, zone)),
                what=day_words(day),
                **totals(day.hours, day.good_on_percent),
                half_hours_expected=str(day.slots_expected),
                half_hours_recorded=str(day.slots_recorded),
                in_mean="yes" if day.valid else "no",
            )
        )
        for entry in day.entries:
            end = entry.slot_start + slots.SLOT
            row("diary", entry, entry.slot_start, end, entry.get_state_display(), "", end)
        for meal in day.meals:
            details = "protein-rich" if meal.protein_rich else ""
            row("meal", meal, meal.eaten_at, None, "Meal", details, meal.eaten_at)
    # Where the page shows a dose in a cell it was not filed against, and why.
    shown_for = {}
    for table_row, cells in table_cells(summary):
        for cell in cells:
            if cell.dose and cell.note:
                shown_for[cell.dose.pk] = f"shown for {table_row.time}: {cell.note}"
            elif cell.no_dose == MISSING:
                rows.append(
                    line(
                        record="scheduled_dose",
                        local_time=iso(cell.due, zone),
                        utc=utc_iso(cell.due),
                        what=summary.medication_names[table_row.medication.id],
                        details=MISSING,
                        dose_amount=table_row.medication.dose_at(cell.due),
                    )
                )
    for dose in summary.doses:
        details = "; ".join(filter(None, (intended_words(dose, zone), shown_for.get(dose.pk))))
        what = summary.medication_names[dose.medication.id]
        amount = dose.medication.dose_at(dose.scheduled_for or dose.taken_at)
        row("dose", dose, dose.taken_at, None, what, details, dose.taken_at, dose_amount=amount)
    for item in summary.episodes:
        episode = item.episode
        details = "; ".join(
            part
            for part in (
                ", ".join(episode.get_body_sites_display()),
                episode.get_side_display(),
                episode.get_severity_display(),
                "" if episode.pain is None else f"pain {episode.pain}/10",
                episode.get_motor_state_display(),
                ", ".join(episode.get_relief_display()),
                episode.note,
            )
            if part
        )
        what = episode.get_symptom_display()
        row(
            "episode",
            episode,
            episode.started_at,
            episode.ended_at,
            what,
            details,
            episode_ended(episode),
            **timing_cells(item),
            last_dose_medications=and_list(last_dose_names(item.timing, summary.medication_names)),
        )
    # A day's row first at its first instant, whatever the kind of a record made then.
    rows.sort(key=lambda r: (r[3], r[0] != "day", r[0]))
    rows.append(mean_row(summary.means))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows([[defuse(cell) for cell in r] for r in rows])
    return out.getvalue()


def timing_cells(row: EpisodeRow) -> dict[str, str]:
    """An episode's timing as numbers for a spreadsheet: minutes, empty where the page says
    there was no dose in the day before or none scheduled; whether it began before the day's
    first dose, `yes` or `no`, or else the page's words for why that is not known."""
    timing = row.timing

    def minutes(value: int | None) -> str:
        return "" if value is None else str(value)

    known = {True: "yes", False: "no"}
    return {
        "minutes_since_last_dose": minutes(timing.minutes_since_last_dose),
        "minutes_to_next_scheduled_dose": minutes(timing.minutes_to_next_dose),
        "before_first_dose": known.get(timing.before_first_dose, first_dose_words(timing)),
    }


def day_words(day: Day) -> str:
    """Whether the day is in the mean, and why not, in the words of the page's daily totals."""
    words = day.left_out or "Complete, in the mean"
    if day.slots and day.slots_expected != 48:
        words += f" ({day.slots_expected} half-hours: clocks changed)"
    return words


def mean_row(means: Means) -> list[str]:
    if means.valid_days:
        what = f"Mean of {counted(means.valid_days, 'complete day', 'complete days')}"
    else:
        what = "No complete day, so no mean"
    return line(record="mean", what=what, **totals(means.hours, means.good_on_percent))


def totals(hours: dict[str, float | None], percent: float | None) -> dict[str, str]:
    """The hours and good ON % as the page shows them: in words (empty when there are none:
    nothing recorded, or no complete day for a mean), and each a number alone, for a
    spreadsheet's sums (empty, never 0, where the page has a dash)."""
    cells = {
        f"{key}_hours": "" if hours[key] is None else one_decimal(hours[key]) for key in HOUR_KEYS
    }
    cells["good_on_percent"] = "" if percent is None else str(percent)
    if None not in hours.values():
        words = "; ".join(f"{HOUR_LABELS[key]} {one_decimal(hours[key])} h" for key in HOUR_KEYS)
        cells["details"] = words if percent is None else f"{words} ({percent}%)"
    return cells


def line(**cells: str) -> list[str]:
    """A row of the CSV with the cells named, the others empty."""
    return [cells.get(column, "") for column in CSV_COLUMNS]


def defuse(cell: str) -> str:
    """Keep free text from being read as a formula when the file is opened in a spreadsheet."""
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def as_pdf(html: str) -> bytes:
    """Render the print page with WeasyPrint; it reads nothing, local or remote, but what
    the page itself carries in data: URLs (the day timelines)."""
    # Imported here: WeasyPrint and its fonts take a while to load, and only the PDF needs them.
    from weasyprint import HTML

    with garbage_collector_paused():
        # Tagged, so that a screen reader reads its headings and tables as such, and the
        # timelines by their descriptions, not as loose words in a guessed order.
        return HTML(string=html, url_fetcher=data_urls_only()).write_pdf(
            font_config=fonts(), pdf_tags=True
        )


@functools.cache
def data_urls_only():
    """One fetcher per process: making one loads the system's certificates, 20 ms."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


@functools.cache
def fonts():
    """One font configuration per process, so the fonts it has loaded serve every PDF: with a
    new one for each, the median PDF took about a twentieth longer. It holds only the system's
    fonts (the stylesheet has no @font-face), and a sync worker makes one PDF at a time."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@contextmanager
def garbage_collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector still while WeasyPrint lays out a document.

    A render makes hundreds of thousands of objects, most of which live until the PDF is
    written, so the full collections their making sets off go through every object in the
    process again and again: a sixth to a quarter of a dense summary's time. What a render
    leaves is collected on the usual schedule once the collector is back on.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()

"""The rows of the summary's two long tables, episodes and dose timing, joined in Python,
and the line of the doses in neither, marked as the table's are.

A dense 5-day summary has about 50 episodes of 9 cells and 10 scheduled times of 5 days.
Through the template engine, each cell with its column's name for narrow screens, they made
the page afresh take 56 ms at best; joined here, 41, and 124,000 Python calls instead of
203,000 (`python -m bench.profile_summary` on PostgreSQL). `html.escape` is what Django's
escaping runs. On paper the cells carry neither the column names nor the roles.
"""

from datetime import date, datetime, time
from html import escape
from itertools import groupby
from zoneinfo import ZoneInfo

from toolkit.lib.local_time import scheduled_instant, wall_label
from toolkit.lib.words import and_list
from toolkit.models import User
from tracker.derived import hours_and_minutes, last_dose_names
from tracker.models import Dose, Relief, SymptomEpisode
from tracker.schedule import describe_lateness
from tracker.summary import EpisodeRow, ScheduleRow, Summary, by_carer, recalled

ROLE_PARTS = ("table", "rowgroup", "row", "columnheader", "rowheader", "cell")
NO_ROLES = dict.fromkeys(ROLE_PARTS, "")
SCREEN_ROLES = {part: f' role="{part}"' for part in ROLE_PARTS}
EPISODE_COLUMNS = (
    "Began",
    "Lasted",
    "Symptom and where",
    "Severity",
    "Pain",
    "ON or OFF",
    "Since last dose",
    "To next dose due",
    "Before first dose",
)


def roles(paper: bool) -> dict[str, str]:
    """The ARIA roles of a table's parts, as ` role="cell"`: they keep its meaning when
    narrow screens restyle it. None on paper."""
    return NO_ROLES if paper else SCREEN_ROLES


def column(name: str, content: str, paper: bool) -> str:
    """A cell's content (HTML, already escaped), with its column's name (text) shown on
    narrow screens, where each row becomes a block of lines."""
    if paper:
        return content
    return (
        f'<span class="nhsuk-table__heading" aria-hidden="true">{escape(name)} </span>'
        f"<span>{content}</span>"
    )


def short_day(day: date | datetime) -> str:
    """ "Mon 2 Mar", as the template's date filter writes "D j M"."""
    return f"{day:%a} {day.day} {day:%b}"


def provenance(was_recalled: bool, carer: User | None) -> str:
    """ " recalled by John" after an entry: one recorded more than 2 hours after it happened,
    and one a carer recorded (whose name is on it)."""
    marks = ' <span class="app-summary__flag">recalled</span>' if was_recalled else ""
    if carer:
        marks += f' <span class="app-summary__note">by {escape(carer.name)}</span>'
    return marks


def dose_provenance(dose: Dose, patient: User) -> str:
    return provenance(
        recalled(dose.taken_at, dose.recorded_at),
        dose.recorded_by if by_carer(dose, patient) else None,
    )


def episode_headers(paper: bool) -> str:
    role = roles(paper)["columnheader"]
    return "".join(
        f'<th scope="col" class="nhsuk-table__header"{role}>{escape(name)}</th>'
        for name in EPISODE_COLUMNS
    )


def episode_rows(summary: Summary, paper: bool) -> str:
    """The table's bodies: on screen one; on paper one a day, under a row naming the day, so
    that each row's first cell holds a time and its marks on one line, not two."""
    role = roles(paper)
    cell = f'<td class="nhsuk-table__cell"{role["cell"]}>{{}}</td>'
    row_start = f'<tr class="nhsuk-table__row"{role["row"]}>'

    def rows(episodes: list[EpisodeRow], with_day: bool) -> str:
        return "\n".join(
            row_start
            + "".join(
                cell.format(column(name, content, paper))
                for name, content in zip(
                    EPISODE_COLUMNS,
                    episode_cells(row, summary, with_day),
                    strict=True,
                )
            )
            + "</tr>"
            for row in episodes
        )

    if not paper:
        return f'<tbody class="nhsuk-table__body">\n{rows(summary.episodes, True)}\n</tbody>'
    by_day = groupby(
        summary.episodes, lambda row: row.episode.started_at.astimezone(summary.zone).date()
    )
    return "\n".join(
        f'<tbody class="nhsuk-table__body"><tr class="app-summary__group">'
        f'<th colspan="{len(EPISODE_COLUMNS)}" scope="rowgroup">'
        f"{day:%A} {day.day} {day:%B}</th></tr>\n"
        f"{rows(list(episodes), False)}\n</tbody>"
        for day, episodes in by_day
    )


def episode_cells(row: EpisodeRow, summary: Summary, with_day: bool = True) -> list[str]:
    zone, names = summary.zone, summary.medication_names
    episode, words = row.episode, row.words(names)
    started = episode.started_at.astimezone(zone)
    marks = provenance(row.recalled, episode.recorded_by if row.by_carer else None)
    day = f"{short_day(started)} " if with_day else ""
    began = f"{day}{wall_label(started)}{marks}"
    where = ", ".join(episode.get_body_sites_display()) or "site not given"
    symptom = f"{episode.get_symptom_display()}: {where}"
    if episode.side:
        symptom += f" ({episode.get_side_display().lower()})"
    return [
        began,
        "Not ended" if episode.minutes is None else escape(hours_and_minutes(episode.minutes)),
        escape(symptom) + told(episode),
        escape(episode.get_severity_display()),
        "\N{EN DASH}" if episode.pain is None else f"{episode.pain}/10",
        escape(episode.get_motor_state_display()),
        since_last_dose(row, summary, words["since_last_dose"]),
        escape(words["to_next_dose"]),
        escape(words["before_first_dose"]),
    ]


def since_last_dose(row: EpisodeRow, summary: Summary, words: str) -> str:
    """The time, and under it the medicine unless it was the one most doses were of (the
    table's heading says which), as what helped is under a symptom: the printed column is
    too narrow for both on one line."""
    timing = row.timing
    if timing.minutes_since_last_dose is None:
        return escape(words)
    time = escape(hours_and_minutes(timing.minutes_since_last_dose))
    if {dose.medication_id for dose in timing.last_doses} == {summary.main_medication_id}:
        return time
    # Broken anywhere if need be: a name typed as one long word would run past the column.
    return (
        f'{time}<br><span class="app-summary__note app-user-text">'
        f"{escape(and_list(last_dose_names(timing, summary.medication_names)))}</span>"
    )


def told(episode: SymptomEpisode) -> str:
    """What helped and the note, each on a line of its own under the symptom: what the
    patient wrote for whoever reads the summary, in their words and line breaks."""
    lines = []
    helped = [
        Relief(item).label
        for item in episode.relief
        if item in Relief.values and item != Relief.NOTHING
    ]
    if helped:
        lines.append(f"Helped: {', '.join(helped)}")
    elif Relief.NOTHING in episode.relief:
        lines.append(Relief.NOTHING.label)
    if episode.note:
        lines.append(f"Note: {episode.note}")
    return "".join(
        # Broken anywhere if need be: a pasted address would widen the table past the page.
        '<br><span class="app-summary__note app-user-text">'
        + escape(line).replace("\r\n", "\n").replace("\n", "<br>")
        + "</span>"
        for line in lines
    )


def medication_names(summary: Summary) -> dict:
    """Each medication's name as the tables give it, escaped."""
    return {pk: escape(name) for pk, name in summary.medication_names.items()}


def schedule_rows(summary: Summary, paper: bool) -> str:
    role = roles(paper)
    days = [short_day(day.date) for day in summary.days]
    names = medication_names(summary)
    return "\n".join(
        f'<tr class="nhsuk-table__row"{role["row"]}>'
        f'<th scope="row" class="nhsuk-table__header"{role["rowheader"]}>'
        f"{escape(row.time)} {names[row.medication.id]}</th>"
        + "".join(
            f'<td class="nhsuk-table__cell"{role["cell"]}>{column(day, content, paper)}</td>'
            for day, content in zip(days, schedule_cells(row, summary), strict=True)
        )
        + "</tr>"
        for row in summary.schedule_rows
    )


MISSING = "Not recorded"
# A time from a schedule of other days: the medicine was not due then, nor missed.
NOT_SCHEDULED = "Not scheduled"
# A time after the summary was made: nothing could have been recorded for it yet.
NOT_YET_DUE = "Not yet due"


def lateness_in_cell(minutes: int | None) -> str:
    """ "5 min late", "1 h 30 min early", as the episode table gives its times: five days of
    "(5 minutes late)" took two lines a cell, and a dense summary to a third page."""
    if not minutes:
        return describe_lateness(minutes)
    return f"{hours_and_minutes(abs(minutes))} {'late' if minutes > 0 else 'early'}"


def schedule_cells(row: ScheduleRow, summary: Summary) -> list[str]:
    return [
        f"{taken_in_cell(dose, day.date, summary.zone)} "
        '<span class="app-summary__note">('
        + escape(
            joined(note or lateness_in_cell(dose.minutes_late), moved(at, row.time, summary.zone))
        )
        + ")</span>"
        + dose_provenance(dose, summary.patient)
        if dose
        else '<span class="app-summary__note">'
        + escape(
            (not scheduled and due_with_another(row, index, summary))
            or no_dose(scheduled, due) + parenthesised(moved(at, row.time, summary.zone))
        )
        + "</span>"
        for index, (dose, note, scheduled, due, at, day) in enumerate(
            zip(row.cells, row.notes, row.scheduled, row.due, row.at, summary.days, strict=True)
        )
    ]


def due_with_another(row: ScheduleRow, index: int, summary: Summary) -> str:
    """ "Due with the 02:30 dose, as the clocks went forward": on the day the clocks skip a
    row's time, it falls due when the skipped hour would have ended, and where that is another
    time of the same medicine the two are one dose (`tracker.schedule.scheduled_on`)."""
    day = summary.days[index].date
    instant = scheduled_instant(day, time.fromisoformat(row.time), summary.zone)
    for other in summary.schedule_rows:
        if other.medication.id == row.medication.id and other.at[index] == instant:
            return f"Due with the {other.time} dose, as the clocks went forward"
    return ""


def moved(at: datetime | None, own: str, zone: ZoneInfo) -> str:
    """ "due 02:30, as the clocks went forward": on the day the clocks skip a schedule's own
    time (`own`, "01:30"), its dose is due when the skipped hour would have ended, and the
    cell's time and lateness are counted from then. "" on every other day."""
    if at is None:
        return ""
    wall = f"{at.astimezone(zone):%H:%M}"
    return "" if wall == own else f"due {wall}, as the clocks went forward"


def joined(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def parenthesised(words: str) -> str:
    return f" ({words})" if words else ""


def taken_in_cell(dose: Dose, day: date, zone: ZoneInfo) -> str:
    """ "07:20", or "Tue 4 Mar 00:20" when taken on another day than the cell's: a bedtime
    dose taken after midnight, or a dose taken the evening before its time."""
    taken = dose.taken_at.astimezone(zone)
    if taken.date() == day:
        return wall_label(taken)
    return f"{short_day(taken)} {wall_label(taken)}"


def no_dose(scheduled: bool, due: bool) -> str:
    if not scheduled:
        return NOT_SCHEDULED
    return MISSING if due else NOT_YET_DUE


def other_doses(summary: Summary) -> str:
    """The doses in no row of the schedule table, each marked as a cell of it would be."""
    names = medication_names(summary)
    return "; ".join(other_dose(dose, summary, names) for dose in summary.unscheduled_doses)


def other_dose(dose: Dose, summary: Summary, names: dict) -> str:
    taken = dose.taken_at.astimezone(summary.zone)
    marks = dose_provenance(dose, summary.patient)
    return (
        f"{names[dose.medication_id]} {short_day(taken)} {wall_label(taken)}"
        f"{intended(dose, summary.zone)}{marks}"
    )


# How the day of a dose's scheduled time is named from the day it was taken.
DAY_APART = {0: "", -1: " the day before", 1: " the day after"}


def intended(dose: Dose, zone: ZoneInfo) -> str:
    """ " (for 22:00 the day before, 2 hours 30 minutes late)": the time a dose in no cell of
    the table was for (one before the range, or a second dose for a time), as a cell says."""
    words = intended_words(dose, zone)
    return f' <span class="app-summary__note">({escape(words)})</span>' if words else ""


def intended_words(dose: Dose, zone: ZoneInfo) -> str:
    """ "for 22:00 the day before, 2 hours 30 minutes late", or "" for a dose for no time."""
    if dose.scheduled_for is None:
        return ""
    taken, due = dose.taken_at.astimezone(zone), dose.scheduled_for.astimezone(zone)
    day = DAY_APART.get((due.date() - taken.date()).days, f" on {short_day(due)}")
    return f"for {wall_label(due)}{day}, {describe_lateness(dose.minutes_late)}"

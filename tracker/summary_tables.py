"""The rows of the summary's two long tables, episodes and dose timing, joined in Python.

A dense 5-day summary has about 50 episodes of 9 cells and 10 scheduled times of 5 days.
Through the template engine, each cell with its column's name for narrow screens, they made
the page afresh take 56 ms at best; joined here, 41, and 124,000 Python calls instead of
203,000 (`python -m bench.profile_summary` on PostgreSQL). `html.escape` is what Django's
escaping runs. On paper the cells carry neither the column names nor the roles.
"""

from datetime import date, datetime
from html import escape
from zoneinfo import ZoneInfo

from tracker.derived import hours_and_minutes
from tracker.schedule import describe_lateness
from tracker.summary import EpisodeRow, ScheduleRow, Summary

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
    "To next dose",
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


def episode_headers(paper: bool) -> str:
    role = roles(paper)["columnheader"]
    return "".join(
        f'<th scope="col" class="nhsuk-table__header"{role}>{escape(name)}</th>'
        for name in EPISODE_COLUMNS
    )


def episode_rows(summary: Summary, paper: bool) -> str:
    role = roles(paper)
    cell = f'<td class="nhsuk-table__cell"{role["cell"]}>{{}}</td>'
    row_start = f'<tr class="nhsuk-table__row"{role["row"]}>'
    return "\n".join(
        row_start
        + "".join(
            cell.format(column(name, content, paper))
            for name, content in zip(EPISODE_COLUMNS, episode_cells(row, summary.zone), strict=True)
        )
        + "</tr>"
        for row in summary.episodes
    )


def episode_cells(row: EpisodeRow, zone: ZoneInfo) -> list[str]:
    episode, words = row.episode, row.words
    started = episode.started_at.astimezone(zone)
    began = f"{short_day(started)} {started:%H:%M}"
    if row.recalled:
        began += ' <span class="app-summary__flag">recalled</span>'
    if row.by_carer:
        began += f' <span class="app-summary__note">by {escape(episode.recorded_by.name)}</span>'
    where = ", ".join(episode.get_body_sites_display()) or "site not given"
    symptom = f"{episode.get_symptom_display()}: {where}"
    if episode.side:
        symptom += f" ({episode.get_side_display().lower()})"
    return [
        began,
        "Not ended" if episode.minutes is None else escape(hours_and_minutes(episode.minutes)),
        escape(symptom),
        escape(episode.get_severity_display()),
        "\N{EN DASH}" if episode.pain is None else f"{episode.pain}/10",
        escape(episode.get_motor_state_display()),
        escape(words["since_last_dose"]),
        escape(words["to_next_dose"]),
        escape(words["before_first_dose"]),
    ]


def schedule_rows(summary: Summary, paper: bool) -> str:
    role = roles(paper)
    days = [short_day(day.date) for day in summary.days]
    return "\n".join(
        f'<tr class="nhsuk-table__row"{role["row"]}>'
        f'<th scope="row" class="nhsuk-table__header"{role["rowheader"]}>'
        f"{escape(row.time)} {escape(row.medication.name)}</th>"
        + "".join(
            f'<td class="nhsuk-table__cell"{role["cell"]}>{column(day, content, paper)}</td>'
            for day, content in zip(days, schedule_cells(row, summary.zone), strict=True)
        )
        + "</tr>"
        for row in summary.schedule_rows
    )


MISSING = "Not recorded"
# A time from a schedule of other days: the medicine was not due then, nor missed.
NOT_SCHEDULED = "Not scheduled"


def schedule_cells(row: ScheduleRow, zone: ZoneInfo) -> list[str]:
    return [
        f"{dose.taken_at.astimezone(zone):%H:%M} "
        f'<span class="app-summary__note">({escape(describe_lateness(dose.minutes_late))})</span>'
        if dose
        else f'<span class="app-summary__note">{MISSING if scheduled else NOT_SCHEDULED}</span>'
        for dose, scheduled in zip(row.cells, row.scheduled, strict=True)
    ]

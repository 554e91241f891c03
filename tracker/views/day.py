"""The day timeline: one local day's diary, doses, symptoms and meals, with its totals."""

from datetime import date
from html import escape

from django.http import HttpRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET

from toolkit.access import acting_for, patient_access
from toolkit.context_processors import who
from tracker import slots
from tracker.models import DiaryState
from tracker.timeline import DayTimeline
from tracker.views.common import other_days, render_skipped_day

EVENT_ROW = (
    '<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">{}</td>'
    '<td class="nhsuk-table__cell">{}</td><td class="nhsuk-table__cell">{}</td></tr>'
)


def event_rows(timeline: DayTimeline) -> SafeString:
    """The rows of the table that gives the timeline in words, one per run and mark.

    Joined here: a template loop spent about 115 Python calls a row, this about 20,
    and a busy day has hundreds of rows. `html.escape` is what Django's escaping runs.
    """
    return mark_safe(  # noqa: S308 - every value is escaped
        "\n".join(EVENT_ROW.format(*map(escape, row)) for row in timeline.events)
    )


@require_GET
def day_page(request: HttpRequest, day: date):
    access = patient_access(request, "tracker")
    if slots.skipped_day(day, access.patient.zone):
        caption = f"{who(acting_for(request)).Your} day"
        return render_skipped_day(request, access, day, caption=caption, url_name="tracker_day")
    [timeline] = DayTimeline.for_days(access.patient, day, day, now=timezone.now())
    today = access.patient.local_today()
    nav = {"url_name": "tracker_day", **other_days(day, today)}
    context = {
        "access": access,
        "timeline": timeline,
        "event_rows": event_rows(timeline),
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

"""The day timeline: one local day's diary, doses, symptoms and meals, with its totals."""

from datetime import date, timedelta

from django.http import HttpRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from toolkit.access import patient_access
from tracker.models import DiaryState
from tracker.timeline import DayTimeline


@require_GET
def day_page(request: HttpRequest, day: date):
    access = patient_access(request, "tracker")
    [timeline] = DayTimeline.for_days(access.patient, day, day)
    today = access.patient.local_today()
    context = {
        "timeline": timeline,
        # Worked out once: the timeline builds its rows afresh on each use.
        "events": timeline.events,
        "day": day,
        "today": today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1) if day < today else None,
        "diary_states": DiaryState.choices,
    }
    return render(request, "tracker/day.html", context)

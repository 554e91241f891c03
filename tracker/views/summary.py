"""The clinician summary for the patient: screen and print, PDF, CSV and JSON."""

import functools
import logging
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from notes.api import UpcomingAppointment
from toolkit.access import acting_for, can_see, downloads, patient_access
from toolkit.context_processors import who
from toolkit.models import Level, User
from tracker.forms.summary import RangeForm
from tracker.summary import Summary, running_header
from tracker.summary_cache import kept_summary, summary_pdf
from tracker.summary_formats import as_csv, as_json

logger = logging.getLogger(__name__)

# The days before an appointment that the shortcut offers.
BEFORE_APPOINTMENT_DAYS = 5


def chosen_days(request: HttpRequest):
    """((patient, start, end), None) for a good range in the query string, else (None, the
    form's page)."""
    access = patient_access(request, "tracker")
    patient = access.patient
    form = RangeForm(request.GET, today=patient.local_today())
    if not form.is_valid():
        return None, render(request, "tracker/summary.html", {"form": form}, status=400)
    return (patient, *form.range), None


def build(request: HttpRequest):
    """(summary, None) for a good range in the query string, else (None, the form's page)."""
    days, error = chosen_days(request)
    if error:
        return None, error
    return Summary.build(*days, with_notes=can_see(request, "notes")), None


def shortcut_start(patient: User, appointment: UpcomingAppointment) -> date:
    """The first of the days before the appointment that the shortcut offers."""
    day = appointment.starts_at.astimezone(patient.zone).date()
    return day - timedelta(days=BEFORE_APPOINTMENT_DAYS)


@functools.lru_cache(maxsize=256)
def controls_html(
    start: date,
    day_count: int,
    today: date,
    shortcut: tuple[UpcomingAppointment, date] | None,
    can_share: bool,
    your: str,
    start_chosen: bool,
    incomplete: tuple[date, ...],
) -> str:
    """The patient's controls above their summary: the same for everyone asking for these
    days today with that next appointment (and its first day), so made once: Django's
    widgets and `url` tags are slow to draw.

    The first day is filled in only when it was chosen: left empty, a new number of days is
    the last days before today, as the summary first shown was, rather than days from its
    first day, which would run past today."""
    form = RangeForm(
        initial={"start": start if start_chosen else None, "days": day_count}, today=today
    )
    if shortcut:
        appointment, first_day = shortcut
        # Those of the days that are over, as the appointment's page links them: a summary
        # cannot run past today, and today is not over.
        days = min(BEFORE_APPOINTMENT_DAYS, (today - first_day).days)
        shortcut = {
            "appointment": appointment,
            "start": first_day,
            "days": days,
            "of": BEFORE_APPOINTMENT_DAYS,
        }
    return render_to_string(
        "tracker/summary_controls.html",
        {
            "summary": {"start": start, "day_count": day_count},
            "range_form": render_to_string("tracker/summary_range_form.html", {"form": form}),
            "shortcut": shortcut,
            "can_share": can_share,
            "your": your,
            "incomplete": incomplete,
        },
    )


def filename(start: date, end: date, extension: str) -> str:
    return f"summary-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.{extension}"


@require_GET
def page(request: HttpRequest):
    days, error = chosen_days(request)
    if error:
        return error
    patient, start, end = days
    day_count = (end - start).days + 1
    kept = kept_summary(patient, start, end, with_notes=can_see(request, "notes"))
    around = kept.around
    appointment = kept.next_appointment(timezone.now())
    today = patient.local_today()
    first_day = appointment and shortcut_start(patient, appointment)
    grant = acting_for(request)
    words = who(grant)
    controls = controls_html(
        start,
        day_count,
        today,
        # Offered once the first of its days is over.
        (appointment, first_day) if appointment and first_day < today else None,
        # Links for a specialist are the patient's own to make (a carer would get 404).
        can_share=patient == request.user,
        your=words.your,
        start_chosen=bool(request.GET.get("start")),
        incomplete=kept.incomplete,
    )
    left_out = around.unanswered and render_to_string(
        "tracker/summary_questions_left_out.html",
        {
            "count": around.unanswered,
            "who": words,
            "can_answer": grant is None or grant.level_for("notes") == Level.EDIT,
        },
    )
    return render(
        request,
        "tracker/summary.html",
        {
            "summary_html": kept.with_controls(controls, left_out or ""),
            "running_header": running_header(patient, start, end),
            "around": around,
            "day_count": day_count,
            "today": today,
            "later_days": around.days_from_later_day(day_count, today),
        },
    )


@require_GET
@downloads
def pdf(request: HttpRequest):
    days, error = chosen_days(request)
    if error:
        return error
    return pdf_response(request, *days, with_notes=can_see(request, "notes"))


def pdf_response(
    request: HttpRequest, patient: User, start: date, end: date, *, with_notes: bool
) -> HttpResponse:
    try:
        document = summary_pdf(patient, start, end, with_notes=with_notes)
    except Exception:
        # The message names no one: the summary's contents stay out of the logs.
        logger.exception("The summary PDF could not be made")
        return render(request, "tracker/summary_pdf_failed.html", status=503)
    response = HttpResponse(document, content_type="application/pdf")
    return as_download(response, start, end, "pdf")


@require_GET
@downloads
def csv(request: HttpRequest):
    summary, error = build(request)
    if error:
        return error
    response = HttpResponse(as_csv(summary), content_type="text/csv; charset=utf-8")
    return as_download(response, summary.start, summary.end, "csv")


@require_GET
@downloads
def json(request: HttpRequest):
    summary, error = build(request)
    if error:
        return error
    response = JsonResponse(as_json(summary), json_dumps_params={"indent": 1})
    return as_download(response, summary.start, summary.end, "json")


def as_download(response: HttpResponse, start: date, end: date, extension: str) -> HttpResponse:
    """Saved as a file named for its days, as its link says, not opened in the tab."""
    response["Content-Disposition"] = f'attachment; filename="{filename(start, end, extension)}"'
    return response

"""The clinician summary for the patient: screen and print, PDF, CSV and JSON."""

import logging
from datetime import date, timedelta

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from notes.api import next_appointment
from toolkit.access import patient_access
from toolkit.models import User
from tracker.forms.summary import RangeForm
from tracker.summary import Summary, running_header
from tracker.summary_cache import summary_html, summary_pdf
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
        return None, render(request, "tracker/summary.html", context(patient, form), status=400)
    return (patient, *form.range), None


def build(request: HttpRequest):
    """(summary, None) for a good range in the query string, else (None, the form's page)."""
    days, error = chosen_days(request)
    return (Summary.build(*days), None) if days else (None, error)


def context(patient: User, form: RangeForm, shown: dict | None = None) -> dict:
    shortcut = None
    if shown is not None:
        appointment = next_appointment(patient, patient.local_now())
        if appointment is not None:
            day = appointment.starts_at.astimezone(patient.zone).date()
            shortcut = {
                "appointment": appointment,
                "start": day - timedelta(days=BEFORE_APPOINTMENT_DAYS),
                "days": BEFORE_APPOINTMENT_DAYS,
            }
    return {"form": form, "summary": shown, "shortcut": shortcut}


def filename(start: date, end: date, extension: str) -> str:
    return f"summary-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.{extension}"


def shown_range(start: date, end: date) -> dict:
    """What the controls around a summary need to know of it."""
    return {"start": start, "end": end, "day_count": (end - start).days + 1}


@require_GET
def page(request: HttpRequest):
    days, error = chosen_days(request)
    if error:
        return error
    patient, start, end = days
    shown = shown_range(start, end)
    form = RangeForm(
        initial={"start": start, "days": shown["day_count"]}, today=patient.local_today()
    )
    page_context = context(patient, form, shown)
    controls = render_to_string("tracker/summary_controls.html", page_context, request=request)
    page_context["summary_html"] = summary_html(patient, start, end, controls)
    page_context["running_header"] = running_header(patient, start, end)
    return render(request, "tracker/summary.html", page_context)


@require_GET
def pdf(request: HttpRequest):
    days, error = chosen_days(request)
    if error:
        return error
    return pdf_response(request, *days)


def pdf_response(request: HttpRequest, patient: User, start: date, end: date) -> HttpResponse:
    try:
        document = summary_pdf(patient, start, end)
    except Exception:
        # The message names no one: the summary's contents stay out of the logs.
        logger.exception("The summary PDF could not be made")
        return render(request, "tracker/summary_pdf_failed.html", status=503)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename(start, end, "pdf")}"'
    return response


@require_GET
def csv(request: HttpRequest):
    summary, error = build(request)
    if error:
        return error
    response = HttpResponse(as_csv(summary), content_type="text/csv; charset=utf-8")
    name = filename(summary.start, summary.end, "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def json(request: HttpRequest):
    summary, error = build(request)
    if error:
        return error
    return JsonResponse(as_json(summary), json_dumps_params={"indent": 1})

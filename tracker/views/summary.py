"""The clinician summary for the patient: screen and print, PDF, CSV and JSON."""

import logging
from datetime import timedelta

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from notes.api import next_appointment
from toolkit.access import patient_access
from tracker.forms.summary import RangeForm
from tracker.summary import Summary
from tracker.summary_formats import as_csv, as_json, as_pdf

logger = logging.getLogger(__name__)

# The days before an appointment that the shortcut offers.
BEFORE_APPOINTMENT_DAYS = 5


def build(request: HttpRequest):
    """(summary, None) for a good range in the query string, else (None, the form's page)."""
    access = patient_access(request, "tracker")
    patient = access.patient
    form = RangeForm(request.GET, today=patient.local_today())
    if not form.is_valid():
        return None, render(request, "tracker/summary.html", context(form), status=400)
    return Summary.build(patient, *form.range), None


def context(form: RangeForm, summary: Summary | None = None) -> dict:
    shortcut = None
    if summary is not None:
        appointment = next_appointment(summary.patient, summary.patient.local_now())
        if appointment is not None:
            day = appointment.starts_at.astimezone(summary.zone).date()
            shortcut = {
                "appointment": appointment,
                "start": day - timedelta(days=BEFORE_APPOINTMENT_DAYS),
                "days": BEFORE_APPOINTMENT_DAYS,
            }
    return {"form": form, "summary": summary, "shortcut": shortcut}


def filename(summary: Summary, extension: str) -> str:
    return f"summary-{summary.start:%Y-%m-%d}-to-{summary.end:%Y-%m-%d}.{extension}"


@require_GET
def page(request: HttpRequest):
    summary, error = build(request)
    if error:
        return error
    form = RangeForm(
        initial={"start": summary.start, "days": summary.day_count},
        today=summary.patient.local_today(),
    )
    return render(request, "tracker/summary.html", context(form, summary))


@require_GET
def pdf(request: HttpRequest):
    summary, error = build(request)
    if error:
        return error
    return pdf_response(request, summary, filename(summary, "pdf"))


def pdf_response(request: HttpRequest, summary: Summary, name: str) -> HttpResponse:
    html = render_to_string("tracker/summary_pdf.html", {"summary": summary}, request=request)
    try:
        document = as_pdf(html)
    except Exception:
        # The message names no one: the summary's contents stay out of the logs.
        logger.exception("The summary PDF could not be made")
        return render(request, "tracker/summary_pdf_failed.html", status=503)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def csv(request: HttpRequest):
    summary, error = build(request)
    if error:
        return error
    response = HttpResponse(as_csv(summary), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(summary, "csv")}"'
    return response


@require_GET
def json(request: HttpRequest):
    summary, error = build(request)
    if error:
        return error
    return JsonResponse(as_json(summary), json_dumps_params={"indent": 1})

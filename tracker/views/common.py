"""Helpers the tracker's views share: saving a record once, and saying when in words."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from toolkit.models import PatientRecord


def create_once(record: PatientRecord) -> tuple[PatientRecord, bool]:
    """Save a new record unless one with its one-time token exists; (record, created).

    The unique (patient, token) constraint decides, for a second press as for two that
    race: a token is nearly always new, so looking for it first would cost every press
    a query to spare the rare repeat an exception.
    """
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        existing = type(record).objects.filter(patient=record.patient, token=record.token).first()
        if existing is None:  # some other constraint: not a repeat
            raise
        return existing, False
    return record, True


def at_time(instant: datetime, zone: ZoneInfo, today: date) -> str:
    """ "07:05" today, or "07:05 on Tuesday 3 March" on another day."""
    local = instant.astimezone(zone)
    if local.date() == today:
        return f"{local:%H:%M}"
    return f"{local:%H:%M} on {local:%A} {local.day} {local:%B}"


def save_form_record(form) -> tuple[PatientRecord, bool]:
    """Save a valid record form's record; a new one is made only once per token."""
    record = form.instance
    if record._state.adding:
        record.token = form.cleaned_data["token"]
        return create_once(record)
    record.save()
    return record, True


def full_time(instant: datetime, zone: ZoneInfo) -> str:
    """ "07:05 on Tuesday 3 March 2026"."""
    local = instant.astimezone(zone)
    return f"{local:%H:%M} on {local:%A} {local.day} {local:%B %Y}"


def render_in_zone(request, access, template: str, context: dict):
    """Render with times in the patient's zone: a carer helping may live in another."""
    with timezone.override(access.patient.zone):
        return render(request, template, {"access": access, **context})


def render_record_form(request, form, record, *, title, submit, delete_name, back, intro=""):
    """The add-or-change page of a dose, meal or episode, with a delete link when changing."""
    adding = record._state.adding
    return render(
        request,
        "tracker/record_form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "delete_href": "" if adding else reverse(delete_name, args=[record.pk]),
            "back": reverse(back),
        },
    )


def delete_after_confirming(request, record, *, title, what, done, back):
    """GET asks "Delete this …?"; POST deletes, says `done` and goes `back` (a URL name)."""
    if request.method == "POST":
        record.delete()
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "tracker/confirm_delete.html",
        {"title": title, "what": what, "back": reverse(back)},
    )

"""Helpers the tracker's views share: saying when in words, and the record form page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone


def at_time(instant: datetime, zone: ZoneInfo, today: date) -> str:
    """ "07:05" today, or "07:05 on Tuesday 3 March" on another day."""
    local = instant.astimezone(zone)
    if local.date() == today:
        return f"{local:%H:%M}"
    return f"{local:%H:%M} on {local:%A} {local.day} {local:%B}"


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

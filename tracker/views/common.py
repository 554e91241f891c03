"""Helpers the tracker's views share: saying when in words, and the record form page."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from toolkit.lib.local_time import wall_label


def this_minute() -> datetime:
    """Now, to the minute, for what one tap records, as a typed time is: a dose pressed at
    10:00:37 and dystonia typed as starting at 10:00 happened together, not in the wrong
    order."""
    return timezone.now().replace(second=0, microsecond=0)


def at_time(instant: datetime, zone: ZoneInfo, today: date) -> str:
    """ "07:05" today, "07:05 on Tuesday 3 March" on another day this year, or with the year
    on a day of another. A time that happens twice on its day says which ("01:30 (GMT)")."""
    local = instant.astimezone(zone)
    if local.date() == today:
        return wall_label(local)
    if local.year != today.year:
        return full_time(instant, zone)
    return f"{wall_label(local)} on {local:%A} {local.day} {local:%B}"


def full_time(instant: datetime, zone: ZoneInfo) -> str:
    """ "07:05 on Tuesday 3 March 2026"."""
    local = instant.astimezone(zone)
    return f"{wall_label(local)} on {local:%A} {local.day} {local:%B %Y}"


def render_in_zone(request, access, template: str, context: dict):
    """Render with times in the patient's zone: a carer helping may live in another."""
    with timezone.override(access.patient.zone):
        return render(request, template, {"access": access, **context})


def other_days(day: date, today: date) -> dict:
    """The day before and the day after for a page's "Previous day" and "Next day" links;
    no day after today, which has nothing recorded yet."""
    return {
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1) if day < today else None,
    }


def render_skipped_day(request, access, day: date, *, caption: str, url_name: str):
    """The page for a date the patient's zone skipped altogether (Samoa crossing the date
    line in 2011): nothing happened on it, so there is nothing to show or record."""
    context = {
        "caption": caption,
        "url_name": url_name,
        "day": day,
        "following_day": day + timedelta(days=1),
        **other_days(day, access.patient.local_today()),
        "zone_name": access.patient.zone.key,
        "sent": request.method == "POST",
    }
    return render(request, "tracker/skipped_day.html", context)


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
            # "Delete it" says, when read out, what it deletes: "Delete it (this dose)".
            "kind": record._meta.verbose_name,
            "back": reverse(back),
        },
    )

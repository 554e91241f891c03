"""Rendered summaries kept per version of the patient's records.

A summary of dense records takes tens of milliseconds to build and render, and its
PDF about a second, yet it changes only when the records do. Each rendering is kept
in this process's memory (the "summaries" cache) under the patient's id, the days
and the records' current version (toolkit/records_version.py): any change to the
records makes it unreachable at once, and one patient's rendering can only ever be
found under that patient's id.

What is not the records' (the patient's controls, the page around the summary) is
rendered for each request.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import caches
from django.template import Template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from notes.api import UpcomingAppointment, unanswered_from_pages, upcoming_appointments
from toolkit.models import User
from toolkit.records_version import current_version
from tracker.summary import RecordsAround, Summary, records_around
from tracker.summary_formats import as_pdf

# Where the controls go in a kept summary, and under the questions what the patient's own
# page says of those left out: each page fills them in, as the kept summary is the
# specialist's too. Cannot come from the records: their text is escaped, so "<" never
# reaches the page from them.
CONTROLS_SLOT = "<!-- summary controls -->"
LEFT_OUT_SLOT = "<!-- questions left out -->"


@dataclass(frozen=True)
class KeptSummary:
    """A summary for the screen, and the appointments after the moment it was made (they
    are part of the same records, so the same version holds for them)."""

    content: str
    upcoming: tuple[UpcomingAppointment, ...]
    # The days over whose diary is not complete, from the first record on: the patient's
    # controls link to each.
    incomplete: tuple[date, ...]
    # Where the records lie around the days, and the questions left out, for the page around
    # the summary to tell the patient: of the same records (questions are), so kept with it.
    around: RecordsAround

    def next_appointment(self, now: datetime) -> UpcomingAppointment | None:
        return next((a for a in self.upcoming if a.starts_at > now), None)

    def with_controls(self, controls: str, left_out: str = "") -> SafeString:
        """The summary with `controls` and `left_out` (HTML already rendered) in their places."""
        content = self.content.replace(CONTROLS_SLOT, controls, 1)
        return mark_safe(content.replace(LEFT_OUT_SLOT, left_out, 1))  # noqa: S308 - ours


def kept_summary(patient: User, start: date, end: date, *, with_notes: bool) -> KeptSummary:
    """`with_notes`: whether whoever asked may see the patient's notes (their questions and
    appointments); kept apart from the summary without them."""
    return _kept("html", patient, start, end, with_notes, _make_summary)


def summary_pdf(patient: User, start: date, end: date, *, with_notes: bool) -> bytes:
    """The PDF; an exception while rendering it propagates, and nothing is kept."""
    return _kept("pdf", patient, start, end, with_notes, _render_pdf)


def _kept(kind: str, patient: User, start: date, end: date, with_notes: bool, make: Callable):
    if end >= patient.local_today():
        # Days not yet over change with the clock as well as the records: a dose "not yet
        # due" when the summary was made may be missed by now.
        return make(patient, start, end, with_notes)
    notes = "with notes" if with_notes else "without notes"
    version = current_version(patient)
    parts = ("summary", kind, notes, str(patient.pk), version, f"{start}", f"{end}")
    key = hashlib.sha256(":".join(parts).encode()).hexdigest()
    cache = caches["summaries"]
    value = cache.get(key)
    if value is None:
        value = make(patient, start, end, with_notes)
        cache.set(key, value)
    return value


def _make_summary(patient: User, start: date, end: date, with_notes: bool) -> KeptSummary:
    made_at = timezone.now()
    summary = Summary.build(patient, start, end, with_notes=with_notes)
    content = render_to_string(
        "tracker/summary_content.html",
        {
            "summary": summary,
            "controls": Template(CONTROLS_SLOT),
            "left_out": Template(LEFT_OUT_SLOT),
        },
    )
    upcoming = upcoming_appointments(patient, made_at) if with_notes else ()
    around = records_around(
        patient, start, end, unanswered_from_pages(patient, start) if with_notes else None
    )
    incomplete = tuple(
        day.date
        for day in summary.days
        if day.over and not day.valid and around.may_be_filled_in(day.date)
    )
    return KeptSummary(content, tuple(upcoming), incomplete, around)


def _render_pdf(patient: User, start: date, end: date, with_notes: bool) -> bytes:
    summary = Summary.build(patient, start, end, with_notes=with_notes)
    return as_pdf(render_to_string("tracker/summary_pdf.html", {"summary": summary}))

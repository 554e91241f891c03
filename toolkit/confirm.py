"""Asking before a step that cannot be undone with a tap: a tap that shakes should not lose a
record, nor end someone's access."""

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from toolkit.access import Access, get_record, patient_access

DELETED = "deleted_records"  # in the session: what this person deleted lately
DELETED_KEPT = 50


def record_or_gone(
    request, records, section: str, pk, *, write: bool
) -> tuple[Access, Model | None]:
    """One record, found as `get_record` finds it; None for one this person deleted already
    (its page come back to with Back, or Delete pressed twice).

    A deleted record cannot be told apart from one that is someone else's, or never was, so
    only a deletion this session made is: anything else not found is still 404, and a
    stranger learns nothing. Who may not see, or change, these records is refused first.
    """
    try:
        return get_record(request, records, section, write=write, pk=pk)
    except Http404:
        access = patient_access(request, section, write=write)
        if _deletion(access.patient.pk, pk) not in request.session.get(DELETED, []):
            raise
    return access, None


def already_deleted(request, records, back: str):
    """The list the record was on (`back`, a URL name), saying the record is gone."""
    model = records.model if isinstance(records, QuerySet) else records
    messages.info(request, f"That {model._meta.verbose_name} has already been deleted.")
    return redirect(back)


def delete_after_confirming(request, record, *, title, what, done, back):
    """GET asks "Delete this …?"; POST deletes, says `done` and goes `back` (a URL name)."""
    if request.method == "POST":
        deletion = _deletion(record.patient_id, record.pk)
        record.delete()
        request.session[DELETED] = [*request.session.get(DELETED, []), deletion][-DELETED_KEPT:]
        messages.success(request, done)
        return redirect(back)
    return ask_first(request, title=title, what=what, back=back)


def _deletion(patient_pk, pk) -> str:
    return f"{patient_pk}/{pk}"


def ask_first(request, *, title, what, back, action="Delete", keep="Keep it"):
    """The question page: `action` posts back to this address, `keep` goes `back`."""
    return render(
        request,
        "toolkit/confirm_delete.html",
        {"title": title, "what": what, "back": reverse(back), "action": action, "keep": keep},
    )

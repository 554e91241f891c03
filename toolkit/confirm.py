"""Asking before a step that cannot be undone with a tap: a tap that shakes should not lose a
record, nor end someone's access."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from toolkit.access import Access, get_record, patient_access
from toolkit.models import Deletion


def record_or_gone(
    request, records, section: str, pk, *, write: bool
) -> tuple[Access, Model | None]:
    """One record, found as `get_record` finds it; None for one of these records deleted
    already (its page come back to with Back, Delete pressed twice, or a page from before it
    was deleted on another device or by a carer), which says so in a message.

    Who may not see, or change, these records is refused first, and only a deletion from the
    records being worked on is found: an address that names anything else is still 404, and a
    stranger learns nothing.
    """
    try:
        return get_record(request, records, section, write=write, pk=pk)
    except Http404:
        access = patient_access(request, section, write=write)
        deletion = (
            Deletion.objects.filter(patient=access.patient, record_id=pk)
            .select_related("deleted_by")
            .first()
        )
        if deletion is None:
            raise
    model = records.model if isinstance(records, QuerySet) else records
    messages.info(request, deleted_message(model, deletion, request.user))
    return access, None


def deleted_message(model, deletion: Deletion, user) -> str:
    """ "That dose has already been deleted.", or "… has been deleted by John." when someone
    else deleted it."""
    name = model._meta.verbose_name
    by = deletion.deleted_by
    if by is None or by == user:
        return f"That {name} has already been deleted."
    return f"That {name} has been deleted by {by.name}."


def delete_after_confirming(request, record, *, title, what, done, back):
    """GET asks "Delete this …?"; POST deletes, says `done` and goes `back` (a URL name)."""
    if request.method == "POST":
        with transaction.atomic():
            Deletion.objects.create(
                patient_id=record.patient_id, record_id=record.pk, deleted_by=request.user
            )
            record.delete()
        messages.success(request, done)
        return redirect(back)
    return ask_first(request, title=title, what=what, back=back)


def ask_first(request, *, title, what, back, action="Delete", keep="Keep it"):
    """The question page: `action` posts back to this address, `keep` goes `back`."""
    return render(
        request,
        "toolkit/confirm_delete.html",
        {"title": title, "what": what, "back": reverse(back), "action": action, "keep": keep},
    )

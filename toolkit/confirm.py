"""Asking before a record is deleted: a tap that shakes should not lose a record."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse


def delete_after_confirming(request, record, *, title, what, done, back):
    """GET asks "Delete this …?"; POST deletes, says `done` and goes `back` (a URL name)."""
    if request.method == "POST":
        record.delete()
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "toolkit/confirm_delete.html",
        {"title": title, "what": what, "back": reverse(back)},
    )

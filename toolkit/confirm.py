"""Asking before a step that cannot be undone with a tap: a tap that shakes should not lose a
record, nor end someone's access."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse


def delete_after_confirming(request, record, *, title, what, done, back):
    """GET asks "Delete this …?"; POST deletes, says `done` and goes `back` (a URL name)."""
    if request.method == "POST":
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

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from notes.calendar import feed
from notes.models import CalendarFeed
from notes.views.common import SECTION
from toolkit.access import patient_access
from toolkit.confirm import ask_first
from toolkit.reauth import recent_password_required


# The address is the patient's own, like a password: a carer never sees or makes it, so
# it cannot outlive their access. Shown only after the password was typed a moment ago, as a
# specialist's link is made: a session left open on a shared computer, or taken, would
# otherwise copy an address that reads the appointments after that session is ended.
@recent_password_required
def calendar_page(request: HttpRequest):
    access = patient_access(request, SECTION, owner_only=True)
    subscription = CalendarFeed.objects.filter(patient=access.patient).first()
    url = request.build_absolute_uri(feed_path(subscription)) if subscription else ""
    return render(request, "notes/calendar.html", {"feed_url": url})


@require_http_methods(["GET", "POST"])
@recent_password_required
def calendar_reset(request: HttpRequest):
    """Make the calendar address, or a new one after asking first: the old one stops working
    at once, and every calendar subscribed with it stops updating."""
    access = patient_access(request, SECTION, write=True, owner_only=True)
    if request.method == "GET":
        if not CalendarFeed.objects.filter(patient=access.patient).exists():
            return redirect("notes_calendar")  # nothing to replace: the page makes the first
        return ask_first(
            request,
            title="Make a new calendar address?",
            what="The address you have now will stop working at once, and calendars you "
            "subscribed with it will stop updating. To keep them up to date you would have to "
            "give each of them the new address.",
            back="notes_calendar",
            action="Make a new address",
            keep="Keep this address",
        )
    subscription, created = CalendarFeed.objects.get_or_create(patient=access.patient)
    # "Get my calendar address" sends `first`: pressed twice, or on a page open from before
    # the address was made, it must not replace the address already given to a calendar.
    if created or "first" in request.POST:
        messages.success(request, "Your calendar address is ready.")
    else:
        subscription.reset()
        messages.success(request, "Your calendar has a new address. The old one no longer works.")
    return redirect("notes_calendar")


def feed_path(subscription: CalendarFeed) -> str:
    return f"/my-notes/calendar/{subscription.id}/{subscription.token}.ics"


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, feed_id, token: str):
    """The feed itself: whoever holds the secret address may read it, as calendar apps do."""
    subscription = CalendarFeed.objects.filter(id=feed_id).select_related("patient").first()
    if subscription is None or not subscription.opened_by(token):
        raise Http404
    return HttpResponse(feed(subscription.patient), content_type="text/calendar; charset=utf-8")

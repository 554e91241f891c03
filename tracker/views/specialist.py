"""Read-only links to one summary, for a specialist without an account.

The patient makes, lists and stops links under /my-tracker/summary/links; anyone
holding a link sees that summary and its PDF until it expires or is stopped. Only the
token's hash is stored; every opening is counted and written to the access log.
"""

from datetime import date, datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods

from toolkit.access import get_record, patient_access
from toolkit.confirm import ask_first
from toolkit.lib.tokens import hash_token, matches, new_token
from toolkit.models import AccessEvent, SpecialistLink, User
from toolkit.once import recent_twin
from toolkit.reauth import recent_password_required
from tracker.forms.summary import DEFAULT_DAYS, LinkForm
from tracker.summary import default_range, running_header
from tracker.summary_cache import kept_summary
from tracker.views.common import at_time, full_time
from tracker.views.summary import pdf_response

# The session key of a new link's address, shown once on the page after it is made.
NEW_LINK = "new_specialist_link"


@require_http_methods(["GET", "POST"])
@recent_password_required
def links(request: HttpRequest):
    # Only the patient shares their summary outside the app; carers never see these links.
    access = patient_access(request, "tracker", write=request.method == "POST", owner_only=True)
    patient = access.patient
    today = patient.local_today()
    if request.method == "POST":
        form = LinkForm(request.POST, today=today)
        if form.is_valid():
            now = timezone.now()
            start, _ = form.range
            link = SpecialistLink(
                patient=patient,
                recorded_by=request.user,
                recorded_at=now,
                start_date=start,
                days=form.cleaned_data["days"],
                expires_at=now + timedelta(days=form.cleaned_data["valid_days"]),
            )
            if (twin := recent_twin(link, live_to_the_same_days(link, now))) is not None:
                messages.info(request, made_already(request, twin, patient.zone, today))
                return redirect("summary_links")
            raw, link.token_hash = new_token()
            link.save()
            # Said in words, so a screen reader hears that the link was made (init.mjs
            # focuses the message), with when it stops working in the patient's own time.
            messages.success(
                request,
                f"Link made. It works until {full_time(link.expires_at, patient.zone)}. "
                "Copy it below and send it to your specialist.",
            )
            # The token is shown once, on the next page, and never stored.
            request.session[NEW_LINK] = request.build_absolute_uri(
                reverse("specialist_summary", kwargs={"token": raw})
            )
            return redirect("summary_links")
    else:
        start, _ = default_range(today, DEFAULT_DAYS)
        initial = {"start": start, "days": DEFAULT_DAYS}
        initial.update({k: v for k, v in request.GET.items() if k in ("start", "days")})
        form = LinkForm(initial=initial, today=today)
    now = timezone.now()
    return render(
        request,
        "tracker/summary_links.html",
        {
            "form": form,
            "new_link": request.session.pop(NEW_LINK, None),
            "links": [
                (link, link.is_active(now), link.end_date)
                for link in SpecialistLink.objects.filter(patient=patient)
            ],
        },
    )


def live_to_the_same_days(link: SpecialistLink, now: datetime) -> dict:
    """What a link made a moment before must match to be the one `link` would repeat: the
    form sent again after going Back, its days unchanged (other days are another link),
    however long it was to work for. One stopped or over may be made again at once."""
    return {
        "start_date": link.start_date,
        "days": link.days,
        "revoked_at__isnull": True,
        "expires_at__gt": now,
    }


def made_already(request: HttpRequest, link: SpecialistLink, zone, today: date) -> str:
    said = (
        f"That link was already made at {at_time(link.recorded_at, zone, today)}. It works "
        f"until {full_time(link.expires_at, zone)}. No other link was made."
    )
    if NEW_LINK in request.session:
        # Sent twice before the page after the first was seen (a double tap): that page,
        # with the link to copy, is the one this leads to.
        return f"{said} Copy it below and send it to your specialist."
    return (
        f"{said} It was shown once, when it was made, and no copy is kept: if you did not "
        "copy it, stop it below and make a new one."
    )


@require_http_methods(["GET", "POST"])
def revoke(request: HttpRequest, link_id):
    """GET asks first (a stopped link cannot be shown again, so the specialist would need a new
    one); POST stops it."""
    _, link = get_record(
        request, SpecialistLink, "tracker", write=True, owner_only=True, id=link_id
    )
    if request.method == "GET":
        if not link.is_active():
            return redirect("summary_links")  # stopped or expired already: nothing to ask
        days = f"{date_format(link.start_date, 'j F Y')} to {date_format(link.end_date, 'j F Y')}"
        return ask_first(
            request,
            title="Stop this link?",
            what=f"Your specialist will no longer be able to open the summary of {days} "
            "with it. If they still need it, you would have to make a new link and send it "
            "to them.",
            back="summary_links",
            action="Stop this link",
            keep="Keep the link",
        )
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    messages.success(request, "The link has been stopped. Nobody can open it any more.")
    return redirect("summary_links")


def open_link(request: HttpRequest, token: str):
    """(the link, None), or (None, a page saying why not): 404 unknown, 410 over."""
    link = (
        SpecialistLink.objects.filter(token_hash=hash_token(token))
        .select_related("patient")
        .first()
    )
    if link is None or not matches(token, link.token_hash):
        return None, gone(request, status=404)
    if not link.is_active():
        return None, gone(request, status=410)
    now = timezone.now()
    SpecialistLink.objects.filter(pk=link.pk).update(
        open_count=F("open_count") + 1, last_opened_at=now
    )
    AccessEvent.objects.create(
        patient=link.patient,
        actor=None,
        action=AccessEvent.Action.LINK_OPENED,
        what=f"summary {link.start_date:%Y-%m-%d} to {link.end_date:%Y-%m-%d}",
        at=now,
    )
    return link, None


def link_days(link: SpecialistLink) -> tuple[User, date, date]:
    """(patient, first day, last day) of the link's summary."""
    return link.patient, link.start_date, link.end_date


def gone(request: HttpRequest, status: int):
    return private(
        render(request, "tracker/summary_link_gone.html", {"status": status}, status=status)
    )


def private(response):
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@require_GET
def shared(request: HttpRequest, token: str):
    link, error = open_link(request, token)
    if error:
        return error
    days = link_days(link)
    zone = link.patient.zone
    controls = render_to_string(
        "tracker/summary_shared_controls.html",
        {"token": token, "until": f"{full_time(link.expires_at, zone)} ({zone.key} time)"},
        request,
    )
    context = {
        # The patient made the link for their specialist: their questions go too.
        "summary_html": kept_summary(*days, with_notes=True).with_controls(controls),
        "running_header": running_header(*days),
        "shared_summary": True,
    }
    return private(render(request, "tracker/summary_shared.html", context))


@login_not_required
@require_GET
def shared_pdf(request: HttpRequest, token: str):
    link, error = open_link(request, token)
    if error:
        return error
    return private(pdf_response(request, *link_days(link), with_notes=True))

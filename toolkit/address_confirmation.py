"""An address typed at sign-up is the account's once a link sent to it is opened.

Sign-up made the account at once, before it began from a link sent to the address
(toolkit/signup.py), and anyone could sign up with anyone's address: for accounts made then,
until the link is opened, nothing is emailed there for the account and it invites nobody
(docs/decisions.md). A password set from a reset link
proves the mailbox too, and then ends whatever was set up before.
"""

import math
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_http_methods, require_POST

from toolkit.access import log_access_change
from toolkit.lib import emails
from toolkit.lib.keyed import made_with_a_key
from toolkit.lib.next_page import safe_next
from toolkit.models import CareGrant, Session, SpecialistLink, User
from toolkit.signals import taken_back

ADDRESS_LINK_SALT = "toolkit.confirm-address"
ADDRESS_LINK_MAX_AGE = 7 * 24 * 60 * 60
SEND_AGAIN_AFTER = timedelta(minutes=5)
SEND_AGAIN_MINUTES = int(SEND_AGAIN_AFTER.total_seconds() // 60)  # as pages say it


def start_afresh(person: User) -> None:
    """After a reset from the link sent to an address not confirmed before: the address is
    the owner's, and whatever was set up before may be the doing of whoever typed it at sign-up
    (a carer of their own to read what the owner writes, a specialist link, a session, the
    calendar's secret address)."""
    now = timezone.now()
    with transaction.atomic():
        User.objects.filter(pk=person.pk).update(email_unconfirmed=False)
        person.email_unconfirmed = False
        helping = CareGrant.objects.filter(carer=person, revoked_at__isnull=True)
        for grant in helping.select_related("patient"):
            what = f"{person.email} no longer has access: their address was confirmed only now"
            log_access_change(grant.patient, person, what)
        helping.update(revoked_at=now)
        CareGrant.objects.filter(patient=person, revoked_at__isnull=True).update(
            revoked_at=now, token_hash=None
        )
        SpecialistLink.objects.filter(patient=person, revoked_at__isnull=True).update(
            revoked_at=now
        )
        Session.objects.filter(person=person).delete()
        taken_back.send(sender=User, person=person)
        what = "address confirmed by a password reset: all sharing ended, everyone signed out"
        log_access_change(person, person, what)


def address_proved(person: User) -> bool:
    """Confirm `person`'s address: something sent only there has come back. False when it
    was confirmed already or has changed since."""
    proved = User.objects.filter(pk=person.pk, email=person.email, email_unconfirmed=True).update(
        email_unconfirmed=False
    )
    return bool(proved)


def address_digest(email: str) -> str:
    """What an address-confirming link holds of the address: a link is kept where a page is
    not (browser histories, mail scanners' logs), and the address itself there would say that
    its owner uses a toolkit for Parkinson's."""
    return salted_hmac(ADDRESS_LINK_SALT, email, algorithm="sha256").hexdigest()[:32]


def address_link_sent(person: User) -> bool | None:
    """Send the account's address a link that confirms it, unless one went there less than
    SEND_AGAIN_AFTER ago (None: a held-down button or a script must not flood a mailbox that
    may be a stranger's); whether it went."""
    if not person.email_unconfirmed:
        return None
    claimed = person.claim_email("address_link_sent_at", SEND_AGAIN_AFTER)
    if claimed is None:
        return None
    token = signing.dumps(
        {"user": str(person.pk), "address": address_digest(person.email)},
        salt=ADDRESS_LINK_SALT,
    )
    context = {"email": person.email, "url": reverse("confirm_address", args=[token])}
    if emails.sent("confirm_address", person.email, context, person.pk):
        return True
    person.release_email("address_link_sent_at", claimed)
    return False


@require_POST
def send_address_link(request: HttpRequest):
    person = request.user
    back = redirect(safe_next(request, reverse("profile")))
    if not person.email_unconfirmed:
        messages.info(request, "Your email address is already confirmed.")
        return back
    sent = address_link_sent(person)
    if sent is None:
        previous = person.address_link_sent_at
        left = (previous + SEND_AGAIN_AFTER - timezone.now()) if previous else SEND_AGAIN_AFTER
        minutes = max(1, math.ceil(left.total_seconds() / 60))
        messages.info(
            request,
            f"We sent a link to {person.email} less than {SEND_AGAIN_MINUTES} minutes ago. You "
            f"can ask for another in {minutes} minute{'' if minutes == 1 else 's'}. If it has "
            "not come, look in your spam or junk folder.",
        )
    elif sent:
        messages.success(
            request,
            f"We have sent a new link to {person.email}. Open it within 7 days to confirm "
            "that the address is yours.",
        )
    else:
        messages.error(request, "We could not send the link just now. Try again in a few minutes.")
    return back


def address_link_refused(token: str) -> tuple[User | None, str]:
    """The account a link to confirm an address is for, or why it no longer works."""
    try:
        link = signing.loads(token, salt=ADDRESS_LINK_SALT, max_age=ADDRESS_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "broken"
    person = User.objects.filter(pk=link["user"]).first()
    if person is None:  # the account was deleted
        return None, "broken"
    if not made_with_a_key(link["address"], ADDRESS_LINK_SALT, person.email, length=32):
        return None, "changed"
    if not person.email_unconfirmed:
        return None, "confirmed"
    return person, ""


@login_not_required
@require_http_methods(["GET", "POST"])
def confirm_address(request: HttpRequest, token: str):
    """The link sent to a new account's address. Works signed in or not: it is often opened
    on a phone's mail app, away from where the account was made.

    GET only says what the button does: mail scanners open links, and a scanner confirming an
    address for someone who typed it at sign-up would let them invite a carer of their own.
    """
    person, refused = address_link_refused(token)
    if refused:
        context = {"reason": refused}
        return render(request, "registration/confirm_address_gone.html", context, status=410)
    if request.method == "GET":
        context = {"email": person.email, "theirs": request.user.pk == person.pk}
        return render(request, "registration/confirm_address.html", context)
    if not address_proved(person):  # pressed twice at once, or the address changed meanwhile
        context = {"reason": address_link_refused(token)[1] or "confirmed"}
        return render(request, "registration/confirm_address_gone.html", context, status=410)
    messages.success(request, f"Your email address, {person.email}, is confirmed.")
    if request.user.pk == person.pk:
        return redirect("profile")
    return redirect("home" if request.user.is_authenticated else "login")

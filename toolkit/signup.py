"""Sign-up starts from an address, and the account is made from a link sent there.

Whatever address is typed, the page that follows is the same: an address with no account is
sent the link; one with an account is emailed that it has one, with a way to log in. No page
says whether an address has an account, which for a Parkinson's toolkit would say something
of its owner's health; and an account's address is its owner's from the start, as only the
mailbox could open the link (docs/decisions.md).
"""

import hashlib
import secrets
from datetime import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from toolkit.address_confirmation import SEND_AGAIN_AFTER
from toolkit.device_cookies import remember_browser
from toolkit.forms import SignupAddressForm, SignupForm
from toolkit.lib import emails
from toolkit.lib.next_page import safe_next
from toolkit.models import SignupRequest, User

# The session key of the address the sign-up email last went to, for the page that says so.
SENT_TO = "signup_sent_to"


def secret_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def claimed(email: str, token_hash: str | None, next_page: str) -> datetime | None:
    """The moment a sign-up email may go to `email` now, with its link's hash kept, or None
    when one went less than SEND_AGAIN_AFTER ago: one claim per wait however many presses
    arrive at once, as anyone may type anyone's address. A new link replaces the last."""
    SignupRequest.delete_expired()
    now = timezone.now()
    kept = {"token_hash": token_hash, "next_page": next_page, "sent_at": now}
    waited = SignupRequest.objects.filter(email=email, sent_at__lte=now - SEND_AGAIN_AFTER)
    if waited.update(**kept):
        return now
    try:
        with transaction.atomic():
            SignupRequest.objects.create(email=email, **kept)
    except IntegrityError:  # one went a moment ago
        return None
    return now


def sign_up_email_sent(email: str, next_page: str, no_account: str = "signup_link") -> bool | None:
    """Send `email` the link to create an account (in the email `no_account`), or word that
    it has one; whether it went (None: held back, one went a moment ago). Both cost the same:
    a page as slow again for one kind of address would tell the kinds apart."""
    has_account = User.objects.filter(email__iexact=email).exists()
    token = None if has_account else secrets.token_urlsafe(32)
    claim = claimed(email, token and secret_hash(token), next_page)
    if claim is None:
        return None
    if has_account:
        name, context = "signup_has_account", {"email": email}
    else:
        url = reverse("finish_signup", args=[token])
        name, context = no_account, {"email": email, "url": url}
    # The log names no address: it would say that its owner uses the toolkit.
    if emails.sent(name, email, context, "an address at sign-up"):
        return True
    SignupRequest.objects.filter(email=email, sent_at=claim).delete()
    return False


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest):
    if request.user.is_authenticated:
        return redirect("home")
    next_page = safe_next(request, "")
    form = SignupAddressForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        if sign_up_email_sent(email, next_page) is not False:
            # Kept for the next page only, so that reloading it sends nothing again.
            request.session[SENT_TO] = email
            return redirect("signup_sent")
        form.add_error(None, "We could not send the email just now. Try again in a few minutes.")
    return render(request, "registration/signup.html", {"form": form, "next": next_page})


@login_not_required
@require_GET
def signup_sent(request: HttpRequest):
    """The same page whether or not the address has an account: its email says which."""
    email = request.session.get(SENT_TO)
    if email is None:
        return redirect("signup")
    context = {"email": email, "wait": int(SEND_AGAIN_AFTER.total_seconds() // 60)}
    return render(request, "registration/signup_sent.html", context)


def waiting(token: str) -> SignupRequest | None:
    """The sign-up a link is for, while it works."""
    return SignupRequest.objects.filter(
        token_hash=secret_hash(token), sent_at__gt=timezone.now() - SignupRequest.LINK_WORKS_FOR
    ).first()


@login_not_required
@require_http_methods(["GET", "POST"])
def finish_signup(request: HttpRequest, token: str):
    """The link sent to the address. GET only shows the form: mail scanners open links."""
    pending = waiting(token)
    if pending is None:
        return render(request, "registration/signup_gone.html", {"reason": "gone"}, status=410)
    if User.objects.filter(email__iexact=pending.email).exists():  # made since, another way
        return render(request, "registration/signup_gone.html", {"reason": "made"}, status=410)
    form = SignupForm(request.POST or None, instance=User(email=pending.email))
    if form.is_valid():
        try:
            with transaction.atomic():
                person = form.save()
                pending.delete()
        except IntegrityError:  # the same link sent twice at once, or an older one's account
            return render(request, "registration/signup_gone.html", {"reason": "made"}, status=410)
        request.session.pop(SENT_TO, None)
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account has been created. You are signed in.")
        response = redirect(pending.next_page or reverse("profile"))
        remember_browser(response, person.email)
        return response
    context = {"form": form, "email": pending.email}
    return render(request, "registration/signup_finish.html", context)

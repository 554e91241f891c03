"""Sign-up starts from an address, and the account is made from a link sent there.

Whatever address is typed, the page that follows is the same: an address with no account is
sent the link; one with an account is emailed that it has one, with a way to log in. A
password reset is answered the same way, the other way round: a reset link to an account's
address, a link to create one to any other. No page says whether an address has an account,
which for a Parkinson's toolkit would say something of its owner's health, and neither does
how long a page takes: both kinds of address cost the same queries and one email, under one
claim per address (`EmailClaim`), checked before the account is looked for. An account's
address is its owner's from the start, as only the mailbox could open the link
(docs/decisions.md).
"""

from datetime import datetime
from enum import Enum

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_GET, require_http_methods

from toolkit import email_limits
from toolkit.address_confirmation import SEND_AGAIN_AFTER, SEND_AGAIN_MINUTES
from toolkit.device_cookies import remember_browser
from toolkit.forms import PasswordResetForm, SignupAddressForm, SignupForm
from toolkit.lib import emails
from toolkit.lib.next_page import safe_next
from toolkit.lib.tokens import hash_token, new_token
from toolkit.models import EmailClaim, User

# The browser that asked keeps, for an hour, the address it typed and where it was going (an
# invitation, say), signed: for the page that says where the email went, and to go on there
# if the account is made in the same browser. Kept nowhere else: a session row would hold the
# address for weeks, and a page to go to kept with the claim would be chosen by whoever asked.
ASKED_COOKIE = "signup"
ASKED_SALT = "toolkit.signup-asked"
ASKED_FOR = 60 * 60
SIGN_UP, RESET = "sign up", "reset"
# The email each kind of request sends, by whether the address has an account.
EMAILS = {
    (SIGN_UP, True): "signup_has_account",
    (SIGN_UP, False): "signup_link",
    (RESET, True): "password_reset",
    (RESET, False): "password_reset_no_account",
}


def claimed(email: str, token_hash: str | None) -> datetime | None:
    """The moment an email may go to `email` now, with the hash of its link to create an
    account kept, or None when one went there less than SEND_AGAIN_AFTER ago: one claim per
    wait however many presses arrive at once, as anyone may type anyone's address. A new link
    replaces the last."""
    EmailClaim.delete_expired()
    now = timezone.now()
    kept = {"token_hash": token_hash, "sent_at": now}
    waited = EmailClaim.objects.filter(email=email, sent_at__lte=now - SEND_AGAIN_AFTER)
    if waited.update(**kept):
        return now
    try:
        with transaction.atomic():
            EmailClaim.objects.create(email=email, **kept)
    except IntegrityError:  # one went a moment ago
        return None
    return now


def release(email: str, claim: datetime) -> None:
    """An email claimed did not go: asking again need not wait."""
    EmailClaim.objects.filter(email=email, sent_at=claim).delete()


class Answer(Enum):
    SENT = "sent"
    HELD_BACK = "held back"  # one went to the address a moment ago
    NOT_SENT = "not sent"  # the mail server failed
    OVER_LIMIT = "over the limit"  # the sender, or the site, has sent its hour's share


def address_emailed(request: HttpRequest, email: str, asked: str) -> Answer:
    """Answer a sign-up or a reset (`asked`) for `email`. The sender's limit and the claim
    come first and a link's secret is made either way, so that both kinds of address cost
    the same."""
    counted = email_limits.counted(request)
    if counted is None:
        return Answer.OVER_LIMIT
    token, token_hash = new_token()
    claim = claimed(email, token_hash)
    if claim is None:
        email_limits.not_sent(counted)
        return Answer.HELD_BACK
    person = User.objects.filter(email__iexact=email).first()
    name = EMAILS[asked, person is not None]
    if person is None:
        context = {"email": email, "url": reverse("finish_signup", args=[token])}
    elif asked == RESET:
        uid = urlsafe_base64_encode(force_bytes(person.pk))
        context = {"email": email, "uid": uid, "token": default_token_generator.make_token(person)}
    else:
        context = {"email": email}
    # The log names no address: it would say that its owner uses the toolkit.
    if emails.sent(name, email, context, f"an address to {asked}"):
        return Answer.SENT
    release(email, claim)
    email_limits.not_sent(counted)
    return Answer.NOT_SENT


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest):
    if request.user.is_authenticated:
        return redirect("home")
    next_page = safe_next(request, "")
    form = SignupAddressForm(request.POST or None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        answer = address_emailed(request, email, SIGN_UP)
        if answer is Answer.OVER_LIMIT:
            form.add_error(None, email_limits.REFUSED)
            context = {"form": form, "next": next_page}
            return render(request, "registration/signup.html", context, status=429)
        if answer is not Answer.NOT_SENT:
            response = redirect("signup_sent")
            response.set_cookie(
                ASKED_COOKIE,
                signing.dumps({"email": email, "next": next_page}, salt=ASKED_SALT),
                max_age=ASKED_FOR,
                path=reverse("signup"),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
        form.add_error(None, "We could not send the email just now. Try again in a few minutes.")
    return render(request, "registration/signup.html", {"form": form, "next": next_page})


def asked(request: HttpRequest) -> dict:
    """What this browser asked for at sign-up within the hour: the address and where it was
    going; {} for nothing."""
    try:
        return signing.loads(
            request.COOKIES.get(ASKED_COOKIE, ""), salt=ASKED_SALT, max_age=ASKED_FOR
        )
    except signing.BadSignature:
        return {}


@login_not_required
@require_GET
def signup_sent(request: HttpRequest):
    """The same page whether or not the address has an account: its email says which."""
    email = asked(request).get("email")
    if email is None:
        return redirect("signup")
    context = {"email": email, "wait": SEND_AGAIN_MINUTES}
    return render(request, "registration/signup_sent.html", context)


def waiting(token: str) -> EmailClaim | None:
    """The address a link to create an account was sent to, while it works."""
    return EmailClaim.objects.filter(
        token_hash=hash_token(token), sent_at__gt=timezone.now() - EmailClaim.LINK_WORKS_FOR
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
        except IntegrityError:  # the same link sent twice at once
            return render(request, "registration/signup_gone.html", {"reason": "made"}, status=410)
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Your account has been created. You are signed in.")
        this_browser = asked(request)
        going = this_browser.get("next") if this_browser.get("email") == person.email else ""
        response = redirect(going or reverse("profile"))
        response.delete_cookie(ASKED_COOKIE, path=reverse("signup"))
        remember_browser(response, person.email)
        return response
    context = {"form": form, "email": pending.email}
    return render(request, "registration/signup_finish.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page, answered as sign-up is (`address_emailed`): Django's own sending sent
    nothing to an address with no account, and how soon the page came back told which."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if address_emailed(self.request, email, RESET) is Answer.OVER_LIMIT:
            form.add_error(None, email_limits.REFUSED)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return HttpResponseRedirect(self.get_success_url())

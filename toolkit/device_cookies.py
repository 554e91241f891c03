"""Device cookies: a browser that has logged in to an account has its wrong passwords for that
account counted on their own, so that a stranger's cannot pause its log-ins.

django-axes counts failures under the key `failure_key` gives (AXES_USERNAME_CALLABLE), both
when it records a failure and when it checks for a pause, and resets that key on a successful
log-in. A browser without a valid cookie for the account typed is counted under the account,
as before; one with it, under the account's hash and the cookie's random number. A browser
with it is paused by that key alone (`lockout_parameters`), not by its address: everyone on a
care home's Wi-Fi shares one, and a neighbour's wrong passwords would pause the patient.

A browser keeps one cookie, for the account logged in to last: a shared computer remembers
only its latest person, and the cookie stays small. The cookie holds no address: a keyed hash
of it and a random number, signed so that it cannot be made up.
"""

import secrets
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from toolkit.lib.keyed import keyed_hashes, made_with_a_key
from toolkit.models import normalise_email

COOKIE = "device"
SALT = "toolkit.device-cookie"
MAX_AGE = timedelta(days=180)
KEY_PREFIX = "device:"


def account_hash(email: str) -> str:
    return salted_hmac(f"{SALT}.account", normalise_email(email), algorithm="sha256").hexdigest()


def remember_browser(response, email: str) -> None:
    """Give the browser a new cookie for the account it has just logged in to."""
    value = f"{account_hash(email)}:{secrets.token_urlsafe(16)}"
    response.set_signed_cookie(
        COOKIE,
        value,
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def failure_key(request, credentials: dict | None) -> str | None:
    """The key under which django-axes counts this log-in attempt's failures for the account."""
    # Where axes itself would read the account typed, without AXES_USERNAME_CALLABLE.
    email = (credentials or request.POST).get(settings.AXES_USERNAME_FORM_FIELD)
    if not email:
        return email
    account, _, nonce = request.get_signed_cookie(
        COOKIE, default="", salt=SALT, max_age=MAX_AGE
    ).partition(":")
    if nonce and made_with_a_key(account, f"{SALT}.account", normalise_email(email)):
        return f"{KEY_PREFIX}{account}:{nonce}"
    return email


def lockout_parameters(request_or_attempt, credentials: dict | None) -> list[str]:
    """What pauses this log-in attempt (AXES_LOCKOUT_PARAMETERS): the failures under its key,
    and, unless the browser holds the account's cookie, those from its address too.

    axes also asks about an attempt already stored, which has no cookie to read."""
    if isinstance(request_or_attempt, HttpRequest):
        key = failure_key(request_or_attempt, credentials)
        if key and key.startswith(KEY_PREFIX):
            return ["username"]
    return ["username", "ip_address"]


def failed_log_ins(email: str) -> QuerySet[AccessAttempt]:
    """The failed log-ins kept for an account, from any browser, with or without its cookie."""
    found = Q(username__iexact=email)
    # Under the key the browser's cookie was made with: the current one, or an earlier one.
    for account in keyed_hashes(f"{SALT}.account", normalise_email(email)):
        found |= Q(username__startswith=f"{KEY_PREFIX}{account}:")
    return AccessAttempt.objects.filter(found)

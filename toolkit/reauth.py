"""Sensitive actions ask for the password again unless it was given in the last 15 minutes."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

CONFIRMED_AT = "password_confirmed_at"
WINDOW_SECONDS = 15 * 60


def mark_password_confirmed(request) -> None:
    request.session[CONFIRMED_AT] = time.time()


def is_own_password(request, password: str) -> bool:
    """Whether this is the signed-in person's password, each wrong one counted as a failed log-in.

    Someone with a stolen session could otherwise guess at it for ever, so a wrong one goes
    through `authenticate` and django-axes counts it with the log-ins': once the count reaches
    AXES_FAILURE_LIMIT the person is signed out here, logging in is paused as after as many
    wrong log-ins, and AxesMiddleware answers with its "Too many attempts" page. A wrong one
    while log-ins are already paused signs out too, or a thief could pause them from their own
    address and then guess here freely. The right password is checked first and confirms
    whatever axes thinks: someone else's wrong log-ins (a stranger guessing at the email, others
    on the same care-home network) must not sign the person out.
    """
    user = request.user
    if user.check_password(password):
        return True
    authenticate(request, username=user.get_username(), password=password)
    if getattr(request, "axes_locked_out", False):
        logout(request)
        messages.error(
            request, "You have been signed out because the password was wrong too many times."
        )
    return False


def password_recently_confirmed(request) -> bool:
    return time.time() - request.session.get(CONFIRMED_AT, 0) < WINDOW_SECONDS


@receiver(user_logged_in)
def _confirmed_by_logging_in(sender, request, user, **kwargs):
    if request is not None:
        mark_password_confirmed(request)


def recent_password_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not password_recently_confirmed(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('confirm_password')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper

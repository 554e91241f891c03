"""Sensitive actions ask for the password again unless it was given in the last 15 minutes."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse

CONFIRMED_AT = "password_confirmed_at"
WINDOW_SECONDS = 15 * 60


def mark_password_confirmed(request) -> None:
    request.session[CONFIRMED_AT] = time.time()


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

"""Print, as JSON, what `make bench` signs in with: a session cookie for the measured patient,
and one for the patient the "Taken" rows press for, with that patient's medicines."""

import json
import os
import secrets

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402

from bench.seed import measured_patient, press_patient  # noqa: E402
from toolkit.models import User  # noqa: E402
from toolkit.sessions import SessionStore  # noqa: E402

CSRF = secrets.token_hex(16)  # 32 characters: Django accepts it unmasked


def cookie(user: User) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={CSRF}"
    )


presses, medicines = press_patient()
print(
    json.dumps(
        {
            "cookie": cookie(measured_patient()),
            "csrf": CSRF,
            "press_cookie": cookie(presses),
            "press_patient": str(presses.pk),
            "press_medicines": medicines,
        }
    )
)

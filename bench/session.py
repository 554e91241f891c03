"""Print a session cookie and the first medication id for one seeded patient (as JSON)."""

import json
import os
import secrets

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402

from bench.seed import measured_patient  # noqa: E402
from toolkit.sessions import SessionStore  # noqa: E402
from tracker.models import Medication  # noqa: E402

user = measured_patient()
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
csrf = secrets.token_hex(16)  # 32 characters: Django accepts it unmasked
print(
    json.dumps(
        {
            "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}",
            "csrf": csrf,
            "medication": str(Medication.objects.filter(patient=user).first().pk),
        }
    )
)

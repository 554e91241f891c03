import re
import uuid
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.tracker import make
from toolkit.models import CareGrant, User
from toolkit.read_first import ASKED, asked_at

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Fast hashing; plain static storage so tests need no collectstatic manifest.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Kept summaries are found by patient id and records version; every test starts cold.
    caches["summaries"].clear()


@pytest.fixture(autouse=True)
def _questions_answered_at_machine_speed(monkeypatch):
    # A test answers "Record another dose?" in the same instant it is asked, which
    # `toolkit.read_first` refuses as a double tap; its own tests give it back its second.
    monkeypatch.setattr("toolkit.read_first.READING_TIME", timedelta(0))


def confirmed() -> dict:
    """What "Yes" on a question asked before saving sends: the answer, and when it was asked."""
    return {"confirmed": "yes", ASKED: asked_at(timezone.now())}


def make_user(email: str, name: str = "", time_zone: str = "Europe/London") -> User:
    return User.objects.create_user(email, PASSWORD, display_name=name, time_zone=time_zone)


def sign_up_link(client, email: str, next_page: str = "") -> str:
    """Ask for the link to create an account at `email`, and the link's path from the email."""
    query = f"?next={next_page}" if next_page else ""
    client.post(f"{reverse('signup')}{query}", {"email": email})
    return re.search(r"/account/sign-up/\S+", mail.outbox[-1].body).group()


def sign_up(client, email: str, **details):
    """Create an account as a person does: the address, then the form the emailed link opens.
    The response to that form."""
    link = sign_up_link(client, email, details.pop("next_page", ""))
    form = {"display_name": "", "password1": PASSWORD, "password2": PASSWORD, **details}
    return client.post(link, form)


@pytest.fixture
def frozen(monkeypatch):
    """Set what `timezone.now()` answers for the rest of the test."""

    def freeze(instant: datetime) -> datetime:
        monkeypatch.setattr("django.utils.timezone.now", lambda: instant)
        return instant

    return freeze


@pytest.fixture
def patient(db):
    return make_user("mary@example.com", "Mary")


@pytest.fixture
def stranger(db):
    return make_user("stranger@example.com", "Sam")


@pytest.fixture
def patient_client(client, patient):
    client.force_login(patient)
    return client


@pytest.fixture
def stranger_client(client, stranger):
    client.force_login(stranger)
    return client


def grant_care(patient, carer, *, tracker="none", notes="none"):
    return CareGrant.objects.create(
        patient=patient,
        carer=carer,
        email=carer.email,
        tracker=tracker,
        notes=notes,
        expires_at=timezone.now() + timedelta(days=7),
        accepted_at=timezone.now(),
    )


def sign_in_as_carer(client, carer, patient):
    """Log `carer` in, working on `patient`'s records."""
    client.force_login(carer)
    session = client.session
    session["acting_for"] = str(patient.pk)
    session.save()
    return client


@pytest.fixture
def carer(db):
    return make_user("john@example.com", "John")


def new_token() -> str:
    """The one-time token a new record's form carries (see toolkit.once)."""
    return str(uuid.uuid4())


@pytest.fixture
def records(patient, carer):
    """One of each of the patient's records, by the placeholder that names it (see the
    form tables in tests/hostile/test_forms.py)."""
    medication = make.medication(patient)
    now = timezone.now()
    reminder = Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Stretch", times=["09:00"]
    )
    appointment = Appointment.objects.create(
        patient=patient, starts_at=now + timedelta(days=10), role="neurologist"
    )
    return {
        "medication": medication.pk,
        "dose": make.dose(patient, medication, now - timedelta(hours=2)).pk,
        "episode": make.episode(patient, now - timedelta(hours=1)).pk,
        "meal": make.meal(patient, now - timedelta(hours=3)).pk,
        "question": Question.objects.create(patient=patient, text="Why?").pk,
        "note": Note.objects.create(
            patient=patient, written_on="2025-01-01", title="T", text="x"
        ).pk,
        "appointment": appointment.pk,
        "contact": Contact.objects.create(
            patient=patient,
            name="Helpline",
            phone="0808 800 0303",
            email="help@example.org",
            website="https://example.org/help",
        ).pk,
        "reminder": reminder.pk,
        "grant": grant_care(patient, carer, tracker="view").pk,
    }

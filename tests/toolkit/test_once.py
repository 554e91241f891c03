"""A form sent twice (a double tap, a re-sent page) makes its record once."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.urls import reverse

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.conftest import new_token
from toolkit.once import TWIN_WINDOW
from tracker.models import Medication

NEW_RECORDS = [
    (reverse("medication_new"), {"name": "Madopar", "times": "08:00"}, Medication),
    (reverse("notes_note_new"), {"written_on": "2025-03-01", "title": "T", "text": "x"}, Note),
    (
        reverse("notes_appointment_new"),
        {"day": "2030-01-10", "time": "10:00", "role": "gp"},
        Appointment,
    ),
    (reverse("notes_questions"), {"text": "Can I drive?"}, Question),
    (reverse("notes_contact_new"), {"name": "Parkinson's nurse"}, Contact),
    (
        reverse("notes_reminder_new") + "?kind=custom",
        {"message": "Stretch", "repeat": "daily", "times_text": "08:00"},
        Reminder,
    ),
]


@pytest.mark.parametrize(
    ("url", "data", "model"), NEW_RECORDS, ids=lambda v: getattr(v, "__name__", "")
)
def test_the_same_form_sent_twice_makes_one_record(patient_client, url, data, model):
    sent = {**data, "token": new_token()}
    first, second = patient_client.post(url, sent), patient_client.post(url, sent)
    assert (first.status_code, second.status_code) == (302, 302)
    assert model.objects.count() == 1
    # A new form, once the first is no longer a moment ago: a new record. (A moment after,
    # it is the same form sent again after going Back: see test_back_and_send_again.py.)
    model.objects.update(recorded_at=F("recorded_at") - TWIN_WINDOW - timedelta(minutes=1))
    patient_client.post(url, {**data, "token": new_token()})
    assert model.objects.count() == 2


@pytest.mark.parametrize(
    ("url", "data", "model"), NEW_RECORDS, ids=lambda v: getattr(v, "__name__", "")
)
def test_a_form_sent_without_its_token_saves_nothing_and_says_why(patient_client, url, data, model):
    response = patient_client.post(url, data)
    assert (
        "This form was sent incomplete. Reload the page and try again." in response.content.decode()
    )
    assert not model.objects.exists()


def test_two_patients_may_send_the_same_token(client, patient, stranger):
    token = new_token()
    for person in (patient, stranger):
        client.force_login(person)
        client.post(reverse("notes_questions"), {"text": "Can I drive?", "token": token})
    assert Question.objects.count() == 2

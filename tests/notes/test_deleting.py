"""Deleting a note, question, appointment, contact or reminder asks first: a tap that
shakes on the page that changes it loses nothing."""

import pytest
from django.urls import reverse

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.notes import record_urls

QUESTION_QUERIES = 2
KINDS = [
    # (model, maker, its change page, its delete page, the question asked, then the record)
    (Note, record_urls._note, "notes_note", "notes_note_delete", "Delete this note?", "“T”"),
    (
        Question,
        record_urls._question,
        "notes_question",
        "notes_question_delete",
        "Remove this question?",
        "“Why?”",
    ),
    (
        Appointment,
        record_urls._appointment,
        "notes_appointment_edit",
        "notes_appointment_delete",
        "Delete this appointment?",
        "Questions for it are kept.",
    ),
    (
        Contact,
        record_urls._contact,
        "notes_contact",
        "notes_contact_delete",
        "Remove this contact?",
        "Parkinson&#x27;s UK.",
    ),
    (
        Reminder,
        record_urls._reminder,
        "notes_reminder",
        "notes_reminder_delete",
        "Delete this reminder?",
        "The reminder “Stretch”.",
    ),
]


@pytest.mark.parametrize(("model", "make", "change", "delete", "asked", "what"), KINDS)
def test_deleting_asks_first_and_keeping_it_loses_nothing(
    patient_client, patient, model, make, change, delete, asked, what, django_assert_num_queries
):
    pk = make(patient)["pk"]
    url = reverse(delete, args=[pk])
    change_page = patient_client.get(reverse(change, args=[pk])).content.decode()
    # A link to the question, not a button that deletes; a 44px target like every other.
    assert f'<a class="app-standalone-link" href="{url}">' in change_page

    # The session with its person, then the record: whatever the record.
    with django_assert_num_queries(QUESTION_QUERIES):
        question = patient_client.get(url).content.decode()
    assert f"<h1>{asked}</h1>" in question and what in question
    assert "Keep it</a>" in question
    assert model.objects.filter(pk=pk).exists()

    response = patient_client.post(url, follow=True)
    assert not model.objects.filter(pk=pk).exists()
    said = response.text
    assert "was deleted" in said or "removed" in said

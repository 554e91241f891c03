"""A carer working on Mary's notes: the pages name Mary, and Mary sees what the carer added."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.conftest import grant_care, new_token, sign_in_as_carer
from tests.toolkit.test_form_pack import Page

YOURS = {"Your": "Your", "your": "your", "you": "you"}
MARYS = {"Your": "Mary's", "your": "Mary's", "you": "Mary"}


@pytest.fixture(params=["patient", "carer"])
def writer(request, client, patient, carer):
    """Someone who may change Mary's notes, with the words the pages should use for her."""
    if request.param == "patient":
        client.force_login(patient)
        return client, YOURS
    grant_care(patient, carer, notes="edit")
    return sign_in_as_carer(client, carer, patient), MARYS


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_saving_an_appointment_and_its_tracking_plan_names_whose_they_are(writer, patient):
    client, words = writer
    day = patient.local_today() + timedelta(days=10)
    data = {"day": day.isoformat(), "time": "10:30", "role": "neurologist", "with_name": "Dr Shah"}
    response = client.post(
        reverse("notes_appointment_new"), {**data, "token": new_token()}, follow=True
    )
    saved = f"{words['Your']} appointment with Neurologist (Dr Shah) has been saved."
    assert said(response) == [saved]
    appointment = Appointment.objects.get()
    response = client.post(
        reverse("notes_appointment_edit", args=[appointment.id]), data, follow=True
    )
    assert said(response) == [saved]

    response = client.post(
        reverse("notes_appointment_tracking", args=[appointment.id]), {"time": "20:00"}, follow=True
    )
    first, last = day - timedelta(days=5), day - timedelta(days=1)
    assert said(response) == [
        f"We will remind {words['you']} to fill in the ON/OFF diary each day "
        f"from {first:%-d %B} to {last:%-d %B}."
    ]


def test_saving_a_note_or_a_contact_names_whose_they_are(writer):
    client, words = writer
    note = {"written_on": "2026-11-01", "title": "Night", "text": "Woke at 3"}
    response = client.post(reverse("notes_note_new"), {**note, "token": new_token()}, follow=True)
    assert said(response) == [f"{words['Your']} note “Night” has been saved."]
    url = reverse("notes_note", args=[Note.objects.get().id])
    assert said(client.post(url, note, follow=True)) == [
        f"{words['Your']} note “Night” has been saved."
    ]

    contact = {"name": "Nurse Ali", "token": new_token()}
    response = client.post(reverse("notes_contact_new"), contact, follow=True)
    assert said(response) == [f"Nurse Ali has been added to {words['your']} contacts."]
    url = reverse("notes_contact_delete", args=[Contact.objects.get().id])
    assert said(client.post(url, follow=True)) == [
        f"Nurse Ali was removed from {words['your']} contacts."
    ]


def test_saving_or_turning_off_a_reminder_names_whose_it_is(writer):
    client, words = writer
    data = {"message": "Stretch", "repeat": "daily", "times_text": "09:00"}
    response = client.post(
        reverse("notes_reminder_new") + "?kind=custom", {**data, "token": new_token()}, follow=True
    )
    assert said(response) == [f"{words['Your']} reminder “Stretch” has been saved."]
    reminder = Reminder.objects.get()
    response = client.post(reverse("notes_reminder", args=[reminder.id]), data, follow=True)
    assert said(response) == [f"{words['Your']} reminder “Stretch” has been saved."]
    response = client.post(reverse("notes_reminder_active", args=[reminder.id]), follow=True)
    assert said(response) == [f"{words['Your']} reminder “Stretch” is off."]


def test_a_carer_who_may_only_look_sees_the_questions_as_marys(client, patient, carer):
    Question.objects.create(patient=patient, text="Can I drive?", answer="Only by day")
    grant_care(patient, carer, notes="view")
    response = sign_in_as_carer(client, carer, patient).get(reverse("notes_questions"))
    text = Page(response.content.decode()).text("main")
    assert "Mary's own questions" in text
    assert "Mary's answer: Only by day" in text
    assert "your" not in text.lower()


def carer_and_patient_records(patient, carer):
    """One of each list's records by the carer, and one by Mary herself."""
    soon = timezone.now() + timedelta(days=3)
    for by, name in ((carer, "John's entry"), (patient, "Mary's entry")):
        fields = {"patient": patient, "recorded_by": by}
        Note.objects.create(**fields, written_on="2026-11-01", title=name, text="x")
        Question.objects.create(**fields, text=name)
        Contact.objects.create(**fields, name=name)
        Appointment.objects.create(**fields, starts_at=soon, role="gp", with_name=name)
        Appointment.objects.create(
            **fields, starts_at=soon - timedelta(days=30), role="gp", with_name=name
        )
        Reminder.objects.create(**fields, kind=Reminder.CUSTOM, message=name, times=["09:00"])


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        ("notes_notes", 1),
        ("notes_questions", 1),
        ("notes_contacts", 1),
        ("notes_appointments", 2),  # one coming up, one past
        ("notes_reminders", 1),
    ],
)
def test_mary_sees_which_records_a_carer_added(patient_client, patient, carer, name, marks):
    carer_and_patient_records(patient, carer)
    text = Page(patient_client.get(reverse(name)).content.decode()).text("main")
    assert text.count("Recorded by John") == marks
    assert "Recorded by Mary" not in text

"""The notes app's record URLs, each with a record of the patient's to reach."""

from datetime import timedelta

from django.utils import timezone

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.access_matrix import register

EDIT = ("GET", "POST")


def appointment(patient):
    return Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=10), role="neurologist"
    )


@register("notes_question", methods=EDIT, section="notes")
def _question(patient):
    return {"pk": Question.objects.create(patient=patient, text="Why?").pk}


@register("notes_question_asked", methods=("POST",), section="notes")
def _question_asked(patient):
    return _question(patient)


@register("notes_question_delete", methods=("GET", "POST"), section="notes")
def _question_delete(patient):
    return _question(patient)


@register("notes_note", methods=EDIT, section="notes")
def _note(patient):
    note = Note.objects.create(patient=patient, written_on="2025-01-01", title="T", text="x")
    return {"pk": note.pk}


@register("notes_note_delete", methods=("GET", "POST"), section="notes")
def _note_delete(patient):
    return _note(patient)


@register("notes_appointment", section="notes")
def _appointment(patient):
    return {"pk": appointment(patient).pk}


@register("notes_appointment_edit", methods=EDIT, section="notes")
def _appointment_edit(patient):
    return _appointment(patient)


@register("notes_appointment_tracking", methods=("POST",), section="notes")
def _appointment_tracking(patient):
    return _appointment(patient)


@register("notes_appointment_delete", methods=("GET", "POST"), section="notes")
def _appointment_delete(patient):
    return _appointment(patient)


@register("notes_contact", methods=EDIT, section="notes")
def _contact(patient):
    return {"pk": Contact.objects.create(patient=patient, name="Parkinson's UK").pk}


@register("notes_contact_delete", methods=("GET", "POST"), section="notes")
def _contact_delete(patient):
    return _contact(patient)


@register("notes_reminder", methods=EDIT, section="notes")
def _reminder(patient):
    reminder = Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Stretch", times=["09:00"]
    )
    return {"pk": reminder.pk}


@register("notes_reminder_active", methods=("POST",), section="notes")
def _reminder_active(patient):
    return _reminder(patient)


@register("notes_reminder_delete", methods=("GET", "POST"), section="notes")
def _reminder_delete(patient):
    return _reminder(patient)

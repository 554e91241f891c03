import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from notes import api
from notes.models import Appointment, MedicationSchedule, Question, Reminder

LONDON = ZoneInfo("Europe/London")


def medication_reminder(patient, name: str) -> Reminder:
    """A medicine taken at 08:00, as the tracker tells notes of it, and a reminder for it."""
    medication_id = uuid.uuid4()
    api.medication_schedule_changed(patient, medication_id, name, ["08:00"], True)
    return Reminder.objects.create(
        patient=patient,
        kind=Reminder.MEDICATION,
        medication_id=medication_id,
        medication_name=name,
        times=["08:00"],
    )


def test_a_medication_reminder_follows_its_schedule_and_stops_with_it(patient):
    reminder = medication_reminder(patient, "Co-careldopa")
    medication_id = reminder.medication_id

    api.medication_schedule_changed(patient, medication_id, "Sinemet", [time(14, 0), "07:30"], True)
    reminder.refresh_from_db()
    assert reminder.times == ["07:30", "14:00"]
    assert reminder.medication_name == "Sinemet"
    assert reminder.active

    api.medication_schedule_changed(patient, medication_id, "Sinemet", ["07:30"], False)
    reminder.refresh_from_db()
    assert not reminder.active
    assert MedicationSchedule.objects.get(medication_id=medication_id).active is False


def test_another_patients_medication_reminders_are_left_alone(patient, stranger):
    medication_id = uuid.uuid4()
    theirs = Reminder.objects.create(
        patient=stranger, kind=Reminder.MEDICATION, medication_id=medication_id, times=["09:00"]
    )
    api.medication_schedule_changed(patient, medication_id, "Ropinirole", ["10:00"], False)
    theirs.refresh_from_db()
    assert theirs.times == ["09:00"]
    assert theirs.active


def test_questions_for_a_summary_leave_out_asked_ones_and_past_appointments(patient):
    past = Appointment.objects.create(
        patient=patient, starts_at=datetime(2025, 1, 10, 10, tzinfo=LONDON), role="gp"
    )
    coming = Appointment.objects.create(
        patient=patient,
        starts_at=datetime(2025, 3, 12, 10, 30, tzinfo=LONDON),
        role="neurologist",
        with_name="Dr Shah",
    )
    Question.objects.create(patient=patient, text="Old question", appointment=past)
    Question.objects.create(patient=patient, text="Already asked", status=Question.ASKED)
    Question.objects.create(patient=patient, text="Any time", page_title="Cramps")
    Question.objects.create(patient=patient, text="For Dr Shah", appointment=coming)

    questions = api.questions_for(patient, date(2025, 3, 7), date(2025, 3, 11))

    assert [q.text for q in questions] == ["For Dr Shah", "Any time"]
    assert questions[0].appointment == "Neurologist (Dr Shah), 12 March 2025 10:30"
    assert questions[1].source_title == "Cramps"


def test_questions_for_a_summary_say_which_came_from_a_page_and_leave_out_unanswered_ones(
    patient,
):
    page = {"page_path": "managing-symptoms/cramps-and-spasms", "page_title": "Cramps"}
    Question.objects.create(patient=patient, text="Can I still drive?")
    Question.objects.create(
        patient=patient, text="Does anything help it?", page_text="Does anything help it?", **page
    )
    # Reworded by the patient, it is still the page's question.
    Question.objects.create(
        patient=patient,
        text="When do my toes curl?",
        page_text="When does it happen?",
        answer="Early in the morning.",
        **page,
    )

    questions = api.questions_for(patient, date(2025, 3, 7), date(2025, 3, 11))

    assert [(q.text, q.taken_from_page) for q in questions] == [
        ("Can I still drive?", False),
        ("When do my toes curl?", True),
    ]


def test_a_stopped_medicines_reminder_cannot_be_turned_back_on(patient_client, patient):
    from django.urls import reverse

    reminder = medication_reminder(patient, "Sinemet")
    api.medication_schedule_changed(patient, reminder.medication_id, "Sinemet", ["08:00"], False)
    page = patient_client.get(reverse("notes_reminders")).content.decode()
    assert "Off while Sinemet is stopped." in page and "Turn on" not in page
    url = reverse("notes_reminder_active", args=[reminder.pk])
    response = patient_client.post(url, {"active": "on"}, follow=True)
    assert "stays off while Sinemet is stopped" in response.content.decode()
    reminder.refresh_from_db()
    assert not reminder.active

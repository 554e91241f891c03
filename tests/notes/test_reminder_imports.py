"""Reminders in an imported file are held to what their forms allow: a file written or
edited by hand cannot give one its pages show wrongly, or one that sends each email twice."""

from datetime import UTC, datetime

import pytest

from notes.models import Appointment, Reminder
from tests.tracker import make
from toolkit.portability import DataError, import_document

APPOINTMENT = "5b0f9f3c-2d1e-4c47-8a52-0e6f3c7d9a11"


def document(*reminders, **parts) -> dict:
    return {"format": "parkinsons-toolkit", "version": 1, "reminders": list(reminders), **parts}


def walk(**fields) -> dict:
    return {"kind": "custom", "message": "Walk", "times": ["18:00"], **fields}


@pytest.mark.parametrize("days", [[], [0, 1, 2, 3, 4, 5, 6]])
def test_no_weekday_or_every_weekday_is_every_day_as_the_form_keeps_it(patient, days):
    import_document(document(walk(weekdays=days)), patient, patient)
    assert Reminder.objects.get().weekdays is None


@pytest.mark.parametrize(
    ("fields", "place", "problem"),
    [
        (
            {"at": "2026-12-01T09:00:00+00:00"},
            "reminders[0].at",
            "a one-off reminder has no times as well",
        ),
        (
            {"starts_on": "2026-12-05", "ends_on": "2026-11-25"},
            "reminders[0].ends_on",
            "is before starts_on",
        ),
    ],
)
def test_a_reminder_its_form_would_refuse_is_refused(patient, fields, place, problem):
    with pytest.raises(DataError) as refused:
        import_document(document(walk(**fields)), patient, patient)
    assert str(refused.value) == f"{place}: {problem}"
    assert not Reminder.objects.exists()


def test_an_appointment_reminder_after_the_appointment_is_refused(patient):
    appointment = {"id": APPOINTMENT, "starts_at": "2026-12-01T10:30:00+00:00", "role": "nurse"}
    reminder = {
        "kind": "appointment",
        "appointment_id": APPOINTMENT,
        "at": "2026-12-01T11:30:00+00:00",
    }
    with pytest.raises(DataError) as refused:
        import_document(document(reminder, appointments=[appointment]), patient, patient)
    assert str(refused.value) == "reminders[0].at: is after the appointment it reminds of"
    assert not Appointment.objects.exists()


def test_a_medication_reminder_naming_no_medicine_anywhere_is_refused(patient):
    reminder = {"kind": "medication", "medication_id": "8e7c3f1e-7f0e-4a53-9d55-1d1f7a3b2c10"}
    with pytest.raises(DataError) as refused:
        import_document(document(reminder), patient, patient)
    assert str(refused.value) == (
        "reminders[0].medication_id: names no medicine in the document or the account"
    )


def test_a_file_without_ids_imported_again_is_refused_rather_than_send_each_email_twice(
    patient,
):
    import_document(document(walk(weekdays=[0, 4])), patient, patient)
    with pytest.raises(DataError) as refused:
        import_document(document(walk(weekdays=[0, 4])), patient, patient)
    assert str(refused.value) == "reminders[0]: the account has this reminder already, turned on"
    assert Reminder.objects.count() == 1


def test_a_reminder_like_one_turned_off_may_be_imported(patient):
    Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Walk", times=["18:00"], active=False
    )
    import_document(document(walk()), patient, patient)
    assert list(Reminder.objects.values_list("active", flat=True).order_by("active")) == [
        False,
        True,
    ]


def test_a_medication_reminder_may_name_a_medicine_of_the_same_document(patient):
    medicine = make.medication(patient, name="Rasagiline", schedule=("08:00",))
    at = datetime(2026, 1, 1, tzinfo=UTC).isoformat()
    listed = {"id": str(medicine.pk), "name": "Rasagiline", "schedule": ["08:00"]}
    medicine.delete()
    reminder = {"kind": "medication", "medication_id": listed["id"], "recorded_at": at}
    import_document(document(reminder, medications=[listed]), patient, patient)
    assert Reminder.objects.get().medication_name == "Rasagiline"

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.conftest import make_user
from toolkit.portability import DataError, export_document, import_document


@pytest.fixture
def records(patient):
    appointment = Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=9), role="nurse", place="Clinic"
    )
    Question.objects.create(
        patient=patient, text="When?", page_path="p", page_title="P", appointment=appointment
    )
    Note.objects.create(patient=patient, written_on=date(2025, 1, 2), title="T", text="Line\nTwo")
    Contact.objects.create(patient=patient, name="Helpline", phone="0808 800 0303")
    Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Walk", times=["09:00"], weekdays=[0, 4]
    )
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        at=appointment.starts_at - timedelta(hours=2),
        minutes_before=120,
    )
    return appointment


def test_notes_travel_to_another_account_and_back_the_same(patient, records):
    document = json.loads(json.dumps(export_document(patient)))
    assert {"questions", "notes", "appointments", "contacts", "reminders"} <= set(document)
    walk = next(r for r in document["reminders"] if r["kind"] == "custom")
    assert (walk["times"], walk["weekdays"], walk["at"]) == (["09:00"], [0, 4], None)

    other = make_user("other@example.com")
    import_document(document, other, other)

    moved = Question.objects.get(patient=other)
    assert moved.appointment.patient == other
    assert moved.appointment.place == "Clinic"
    reminder = Reminder.objects.get(patient=other, kind=Reminder.APPOINTMENT)
    assert (reminder.appointment, reminder.minutes_before) == (moved.appointment, 120)
    assert Note.objects.get(patient=other).text == "Line\nTwo"
    exported_again = export_document(other)
    for key in ("notes", "contacts"):
        strip = [
            {k: v for k, v in r.items() if k not in ("id", "recorded_by")} for r in document[key]
        ]
        again = [
            {k: v for k, v in r.items() if k not in ("id", "recorded_by")}
            for r in exported_again[key]
        ]
        assert strip == again


@pytest.mark.parametrize(
    ("reminder", "place"),
    [
        ({"kind": "custom", "times": []}, "reminders[0].times"),
        ({"kind": "custom", "times": ["25:00"]}, "reminders[0].times"),
        ({"kind": "custom", "times": ["08:00"], "weekdays": [7]}, "reminders[0].weekdays"),
        ({"kind": "sometimes", "times": ["08:00"]}, "reminders[0].kind"),
        ({"kind": "medication", "times": ["08:00"]}, "reminders[0].medication_id"),
        (
            {"kind": "custom", "times": ["08:00"], "appointment_id": "x"},
            "reminders[0].appointment_id",
        ),
        # A date that is not text is refused, never taken as "no start date".
        ({"kind": "custom", "times": ["08:00"], "starts_on": 5}, "reminders[0].starts_on"),
    ],
)
def test_a_bad_reminder_in_the_document_names_its_place_and_loads_nothing(patient, reminder, place):
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": "2025-01-01", "title": "kept?", "text": "no"}],
        "reminders": [reminder],
    }
    with pytest.raises(DataError, match=place.replace("[", r"\[").replace("]", r"\]")):
        import_document(document, patient, patient)
    assert not Note.objects.exists()
    assert not Reminder.objects.exists()


def test_a_contact_already_taken_from_a_page_is_not_imported_twice(patient):
    contact = {"name": "Parkinson's UK", "phone": "0808 800 0303", "page_path": "tremor"}
    Contact.objects.create(patient=patient, name=contact["name"], page_path="tremor")
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": "2025-01-01", "title": "Kept", "text": "yes"}],
        "contacts": [contact, contact],
    }
    import_document(document, patient, patient)
    assert Contact.objects.filter(patient=patient).count() == 1
    assert Note.objects.get(patient=patient).title == "Kept"


def test_a_note_whose_date_is_not_text_names_its_place_and_loads_nothing(patient):
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "notes": [{"written_on": 20250101, "title": "When?", "text": "no"}],
    }
    with pytest.raises(DataError, match=r"notes\[0\]\.written_on"):
        import_document(document, patient, patient)
    assert not Note.objects.exists()

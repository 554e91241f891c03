"""A key of a record that the import does not read is refused: a misspelled one ("dose_amout",
"body_site") would otherwise leave its value behind while the person thinks it came across.
Every key the download writes is one the import takes."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from notes.models import Appointment, Contact, Delivery, Note, Question, Reminder
from tests.conftest import grant_care, make_user
from tests.tracker import make
from tests.tracker.make import utc
from tests.tracker.summary_record_urls import specialist_link
from toolkit.models import AccessEvent, TimeZoneChange, User
from tracker import diary
from tracker.models import DiaryEntry, Dose, Meal, Medication, SymptomEpisode

IMPORTED = {
    Medication: "patient",
    Dose: "patient",
    SymptomEpisode: "patient",
    DiaryEntry: "patient",
    Meal: "patient",
    TimeZoneChange: "person",
    Question: "patient",
    Note: "patient",
    Appointment: "patient",
    Contact: "patient",
    Reminder: "patient",
}


def counts(person: User) -> dict[str, int]:
    return {
        model.__name__: model.objects.filter(**{owner: person}).count()
        for model, owner in IMPORTED.items()
    }


def every_record(patient, carer) -> None:
    """Every kind of record, with every field the download writes given a value."""
    now = timezone.now()
    TimeZoneChange.objects.create(
        person=patient, earlier="Asia/Kathmandu", changed_at=now - timedelta(days=200)
    )
    medicine = make.medication(
        patient,
        schedule=("07:00", "13:00"),
        earlier_schedules=[
            {"schedule": ["06:00"], "until": (now - timedelta(days=90)).isoformat()},
            {
                "schedule": ["08:00"],
                "until": (now - timedelta(days=60)).isoformat(),
                "dose": "2 tablets",
            },
        ],
    )
    make.medication(
        patient, name="Rasagiline", schedule=(), as_needed=True, stopped_at=now - timedelta(days=5)
    )
    make.dose(patient, medicine, now - timedelta(hours=5), scheduled_for=now - timedelta(hours=5))
    make.dose(patient, medicine, now - timedelta(hours=2))
    make.episode(
        patient,
        now - timedelta(hours=4),
        now - timedelta(hours=3),
        body_sites=["toes", "foot"],
        side="left",
        pain=6,
        relief=["stretching"],
        note="Curled toes",
    )
    make.episode(patient, now - timedelta(minutes=30))  # not ended yet
    diary.set_run(patient, utc(2026, 10, 1, 8), utc(2026, 10, 1, 9), "on", patient)
    make.meal(patient, now - timedelta(hours=1), protein_rich=True)
    appointment = Appointment.objects.create(
        patient=patient,
        starts_at=now + timedelta(days=9),
        role="nurse",
        with_name="Sister Ward",
        place="Clinic",
        notes="Bring the diary",
    )
    Question.objects.create(
        patient=patient,
        text="Which hand first?",
        page_path="tremor",
        page_title="Tremor",
        page_url="/information/tremor",
        page_text="Which hand?",
        appointment=appointment,
    )
    Question.objects.create(patient=patient, text="Why?", answer="Because", status="asked")
    Note.objects.create(patient=patient, written_on="2026-01-02", title="T", text="Line\nTwo")
    Contact.objects.create(
        patient=patient,
        name="Helpline",
        role="helpline",
        phone="0808 800 0303",
        email="help@example.org",
        website="https://example.org/help",
        notes="Weekdays",
        page_path="tremor",
    )
    walk = Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Walk",
        times=["09:00"],
        weekdays=[0, 4],
        starts_on="2026-01-01",
        ends_on="2027-01-01",
        active=False,
    )
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        at=appointment.starts_at - timedelta(hours=2),
        minutes_before=120,
    )
    Reminder.objects.create(patient=patient, kind=Reminder.MEDICATION, medication_id=medicine.pk)
    medicine.tell_reminders()
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.TRACKING,
        times=["20:00"],
        starts_on="2026-12-01",
        ends_on="2026-12-07",
    )
    Delivery.objects.create(reminder=walk, due_at=now, status=Delivery.SENT, sent_at=now)
    grant_care(patient, carer, tracker="edit")
    grant_care(make_user("peter@example.com", "Peter"), patient, notes="view")
    specialist_link(patient)
    AccessEvent.objects.create(patient=patient, actor=carer, action="viewed", what="tracker")
    for model in (Medication, Dose, SymptomEpisode, Meal):
        model.objects.update(recorded_by=carer)


@pytest.fixture
def downloaded(patient_client, patient, carer) -> dict:
    every_record(patient, carer)
    return patient_client.get(reverse("download_data")).json()


def load(tmp_path, document, email: str, **options) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document))
    call_command("importrecords", str(path), user=email, stdout=io.StringIO(), **options)


def test_a_download_of_every_kind_of_record_imports_every_record(patient, downloaded, tmp_path):
    assert all(value for value in downloaded.values()), "every list of the download has records"
    load(tmp_path, downloaded, "copy@example.com", create=True)
    assert counts(User.objects.get(email="copy@example.com")) == counts(patient)


def renamed(record: dict, key: str, new: str) -> dict:
    return {(new if k == key else k): v for k, v in record.items()}


@pytest.mark.parametrize(
    ("key", "change", "message"),
    [
        (
            "doses",
            lambda dose: dose | {"dose_amout": "2 tablets"},
            "doses[0].dose_amout: is not a key of a dose",
        ),
        (
            "doses",
            lambda dose: renamed(dose, "scheduled_for", "scheduled_for "),
            "doses[0].scheduled_for : 'scheduled_for ' is not a key of a dose;"
            " did you mean scheduled_for?",
        ),
        (
            "doses",
            lambda dose: renamed(dose, "taken_at", "taken_at "),
            "doses[0].taken_at: is required ('taken_at ' is not taken_at)",
        ),
        (
            "episodes",
            lambda episode: renamed(episode, "body_sites", "body_site"),
            "episodes[0].body_site: is not a key of an episode; did you mean body_sites?",
        ),
        (
            "medications",
            lambda medicine: (
                medicine
                | {
                    "earlier_schedules": [
                        {"schedule": [], "until": "2026-01-01T08:00Z", "dosage": ""}
                    ]
                }
            ),
            "medications[0].earlier_schedules[0].dosage: is not a key of an earlier schedule;"
            " did you mean dose?",
        ),
        (
            "diary",
            lambda entry: entry | {"id": None},
            "diary[0].id: is not a key of a diary half-hour",
        ),
        (
            "time_zone_changes",
            lambda change: change | {"zone": "UTC"},
            "time_zone_changes[0].zone: is not a key of a change of time zone",
        ),
        (
            "notes",
            lambda note: renamed(note, "title", "titel"),
            "notes[0].titel: is not a key of a note; did you mean title?",
        ),
        (
            "reminders",
            lambda reminder: reminder | {"mesage": "Walk"},
            "reminders[0].mesage: is not a key of a reminder; did you mean message?",
        ),
        (
            "contacts",
            lambda contact: contact | {"phone_number": "0808"},
            "contacts[0].phone_number: is not a key of a contact",
        ),
        (
            "questions",
            lambda question: question | {"page": "tremor"},
            "questions[0].page: is not a key of a question",
        ),
    ],
)
def test_a_key_the_record_does_not_have_is_refused_and_nothing_is_imported(
    downloaded, tmp_path, key, change, message
):
    downloaded[key][0] = change(downloaded[key][0])
    other = make_user("other@example.com")
    with pytest.raises(CommandError, match=rf"^Nothing was imported\. {re.escape(message)}"):
        load(tmp_path, downloaded, other.email)
    assert set(counts(other).values()) == {0}


def test_a_question_and_a_contact_taken_from_a_page_already_are_left_out_not_refused(
    downloaded, tmp_path
):
    other = make_user("other@example.com")
    Question.objects.create(
        patient=other, text="Which hand first?", page_path="tremor", page_text="Which hand?"
    )
    Contact.objects.create(patient=other, name="Helpline", page_path="tremor")
    load(tmp_path, downloaded, other.email)
    assert (counts(other)["Question"], counts(other)["Contact"]) == (2, 1)


@pytest.mark.parametrize(("key", "value"), [("body_sites", "foot"), ("relief", "stretching")])
def test_a_body_site_or_relief_given_twice_is_refused_and_nothing_is_imported(
    downloaded, tmp_path, key, value
):
    # Each is a box ticked on the form, once or not at all.
    downloaded["episodes"][0][key] = [value, value]
    other = make_user("other@example.com")
    place = f"episodes[0].{key}[1]: {value!r} is given twice"
    with pytest.raises(CommandError, match=re.escape(place)):
        load(tmp_path, downloaded, other.email)
    assert set(counts(other).values()) == {0}


def test_nothing_helped_with_what_helped_is_refused_as_the_form_refuses_it(downloaded, tmp_path):
    downloaded["episodes"][0]["relief"] = ["stretching", "nothing"]
    other = make_user("other@example.com")
    with pytest.raises(CommandError, match=r"episodes\[0\]\.relief: gives nothing with what"):
        load(tmp_path, downloaded, other.email)
    assert set(counts(other).values()) == {0}

"""A download imported into an account is recognised when it is imported there again,
whichever account it came from, and refused before it doubles anything."""

import json
import re
import uuid
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.tracker import make
from tests.tracker.make import utc
from toolkit.models import User
from tracker import diary
from tracker.models import DiaryEntry, Dose, Meal, Medication, SymptomEpisode

MODELS = {
    "medications": Medication,
    "doses": Dose,
    "episodes": SymptomEpisode,
    "diary": DiaryEntry,
    "meals": Meal,
    "questions": Question,
    "notes": Note,
    "appointments": Appointment,
    "contacts": Contact,
    "reminders": Reminder,
}
ALREADY = "this record is in the account already: the file was imported into it before"


def every_kind_of_record(patient: User) -> None:
    """One or more of each kind but the diary's half-hours, which alone would refuse a file
    imported again: many people never fill in the diary."""
    med = make.medication(patient, name="Co-careldopa", schedule=("07:00", "13:00"))
    make.dose(patient, med, utc(2026, 7, 1, 6, 5), scheduled_for=utc(2026, 7, 1, 6))
    make.episode(patient, utc(2026, 7, 1, 5, 40), utc(2026, 7, 1, 6, 10), note="Curled toes")
    make.meal(patient, utc(2026, 7, 1, 11, 30), protein_rich=True)
    appointment = Appointment.objects.create(
        patient=patient, starts_at=utc(2026, 12, 10, 10, 30), role="neurologist", place="City"
    )
    Question.objects.create(patient=patient, text="Why at night?", appointment=appointment)
    Question.objects.create(
        patient=patient,
        text="When does it happen?",
        page_path="managing-symptoms/cramps-and-spasms",
        page_title="Cramps & Spasms",
    )
    Note.objects.create(patient=patient, written_on=date(2026, 7, 1), title="Bad", text="Night")
    Contact.objects.create(patient=patient, name="Helpline", phone="0808 800 0303")
    Reminder.objects.create(
        patient=patient, kind=Reminder.MEDICATION, medication_id=med.pk, times=["07:00"]
    )
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        at=appointment.starts_at - timedelta(hours=2),
        minutes_before=120,
    )
    Reminder.objects.create(patient=patient, kind=Reminder.CUSTOM, message="Walk", times=["18:00"])


def downloaded(client, person: User) -> dict:
    """What "Download my data" gives that person."""
    client.force_login(person)
    response = client.get(reverse("download_data"))
    client.logout()
    return json.loads(response.content)


def write(tmp_path, document: dict) -> str:
    path = tmp_path / "my-parkinsons-records.json"
    path.write_text(json.dumps(document))
    return str(path)


def counts(person: User) -> dict[str, int]:
    return {key: model.objects.filter(patient=person).count() for key, model in MODELS.items()}


def test_a_file_from_another_account_imported_twice_is_refused_the_second_time(
    client, tmp_path, patient
):
    every_kind_of_record(patient)
    path = write(tmp_path, downloaded(client, patient))
    call_command("importrecords", path, user="new@example.com", create=True)
    copy = User.objects.get(email="new@example.com")
    once = counts(copy)
    assert once == counts(patient)

    with pytest.raises(
        CommandError, match=re.escape(f"Nothing was imported. appointments[0].id: {ALREADY}")
    ):
        call_command("importrecords", path, user="new@example.com")
    assert counts(copy) == once
    assert counts(patient) == once


# What a record of each kind names must come with it: a dose its medicine, a reminder its
# medicine or appointment, a question its appointment.
NEEDS = {"doses": ["medications"], "reminders": ["medications", "appointments"]}
NEEDS["questions"] = ["appointments"]
REFERENCES = {"medications": "medication_id", "appointments": "appointment_id"}


def named_apart(record: dict, kind: str) -> dict:
    return {"name": f"{record['name']} (copy)"} if kind == "medications" else {}


def only(document: dict, key: str) -> dict:
    """The document with only the records of this kind, and fresh copies of those they
    name, so that only records of this kind can be recognised."""
    result = {name: value for name, value in document.items() if name not in MODELS}
    result[key] = document[key]
    for needed in NEEDS.get(key, []):
        renamed = {record["id"]: str(uuid.uuid4()) for record in document[needed]}
        result[needed] = [
            # A medicine taken now is one of its name: the copy is named apart.
            record | {"id": renamed[record["id"]]} | named_apart(record, needed)
            for record in document[needed]
        ]
        reference = REFERENCES[needed]
        result[key] = [
            record | {reference: renamed.get(record.get(reference), record.get(reference))}
            for record in result[key]
        ]
    return result


@pytest.mark.parametrize("key", list(MODELS))
def test_each_kind_of_record_is_recognised_the_second_time(client, tmp_path, patient, key):
    every_kind_of_record(patient)
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 6), "asleep", patient)
    document = downloaded(client, patient)
    call_command("importrecords", write(tmp_path, document), user="new@example.com", create=True)
    copy = User.objects.get(email="new@example.com")
    once = counts(copy)

    # The diary's half-hours have no ids: they are recognised by when they are.
    problem = "this half-hour is recorded in the account already" if key == "diary" else ALREADY
    with pytest.raises(CommandError, match=re.escape(f"{key}") + ".*" + re.escape(problem)):
        call_command("importrecords", write(tmp_path, only(document, key)), user=copy.email)
    assert counts(copy) == once


def test_the_copies_point_at_each_other_not_at_the_records_they_came_from(
    client, tmp_path, patient
):
    every_kind_of_record(patient)
    path = write(tmp_path, downloaded(client, patient))
    call_command("importrecords", path, user="new@example.com", create=True)
    copy = User.objects.get(email="new@example.com")

    medication = Medication.objects.get(patient=copy)
    appointment = Appointment.objects.get(patient=copy)
    assert Dose.objects.get(patient=copy).medication == medication
    reminders = {r.kind: r for r in Reminder.objects.filter(patient=copy)}
    assert reminders[Reminder.MEDICATION].medication_id == medication.pk
    assert reminders[Reminder.MEDICATION].times == ["07:00", "13:00"]
    assert reminders[Reminder.APPOINTMENT].appointment == appointment
    assert Question.objects.get(patient=copy, page_path="").appointment == appointment
    originals = {
        Medication.objects.get(patient=patient).pk,
        Appointment.objects.get(patient=patient).pk,
    }
    assert not originals & {medication.pk, appointment.pk}


def test_the_same_file_goes_once_into_each_other_account(client, tmp_path, patient):
    every_kind_of_record(patient)
    path = write(tmp_path, downloaded(client, patient))
    call_command("importrecords", path, user="new@example.com", create=True)
    call_command("importrecords", path, user="third@example.com", create=True)
    third = User.objects.get(email="third@example.com")
    assert counts(third) == counts(patient)
    assert Reminder.objects.count() == 3 * 3

    with pytest.raises(CommandError, match=re.escape(ALREADY)):
        call_command("importrecords", path, user="third@example.com")
    with pytest.raises(CommandError, match=re.escape(ALREADY)):
        call_command("importrecords", path, user=patient.email)
    assert Reminder.objects.count() == 3 * 3


def test_a_file_is_still_recognised_once_the_account_it_came_from_is_deleted(
    client, tmp_path, patient
):
    every_kind_of_record(patient)
    path = write(tmp_path, downloaded(client, patient))
    call_command("importrecords", path, user="new@example.com", create=True)
    patient.delete()  # its records go with it: the file's own ids are free again
    copy = User.objects.get(email="new@example.com")
    once = counts(copy)

    with pytest.raises(CommandError, match=re.escape(ALREADY)):
        call_command("importrecords", path, user="new@example.com")
    assert counts(copy) == once


def test_a_download_of_the_copy_is_refused_by_the_account_it_was_made_in(client, tmp_path, patient):
    every_kind_of_record(patient)
    call_command(
        "importrecords",
        write(tmp_path, downloaded(client, patient)),
        user="new@example.com",
        create=True,
    )
    copy = User.objects.get(email="new@example.com")
    once = counts(copy)

    with pytest.raises(CommandError, match=re.escape(ALREADY)):
        call_command("importrecords", write(tmp_path, downloaded(client, copy)), user=copy.email)
    assert counts(copy) == once

import json
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import grant_care, make_user
from tests.tracker import make
from tests.tracker.make import utc
from toolkit import portability
from toolkit.models import CareGrant, User
from tracker import diary
from tracker.models import DiaryEntry, Dose, Meal, Medication, SymptomEpisode


def some_records(patient):
    med = make.medication(
        patient,
        name="Co-careldopa",
        schedule=("07:00", "13:00"),
        earlier_schedules=[{"schedule": ["08:00"], "until": "2026-06-20T08:12:00+00:00"}],
    )
    make.medication(
        patient, name="Rasagiline", schedule=(), as_needed=True, stopped_at=utc(2026, 7, 2, 9)
    )
    make.dose(patient, med, utc(2026, 7, 1, 6, 5))
    make.episode(
        patient,
        utc(2026, 7, 1, 5, 40),
        utc(2026, 7, 1, 6, 10),
        body_sites=["toes", "foot"],
        side="left",
        pain=6,
        relief=["stretching"],
        note="Curled toes",
    )
    make.episode(patient, utc(2026, 7, 1, 20))  # not ended yet
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 6), "asleep", patient)
    make.meal(patient, utc(2026, 7, 1, 11, 30), protein_rich=True)
    for model in (Dose, SymptomEpisode, Meal):
        model.objects.update(recorded_by=patient)


def without_ids(document: dict) -> dict:
    """The records of a document without their ids, which a new account may not keep."""
    names = {m["id"]: m["name"] for m in document["medications"]}
    result = {}
    for key, records in document.items():
        if not isinstance(records, list):
            continue
        result[key] = sorted(
            json.dumps(
                {k: v for k, v in r.items() if k not in ("id", "medication_id")}
                | ({"medication": names[r["medication_id"]]} if "medication_id" in r else {}),
                sort_keys=True,
            )
            for r in records
        )
    return result


def write(tmp_path, document) -> str:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document))
    return str(path)


def test_download_my_data_gives_one_json_document(patient_client, patient):
    some_records(patient)
    response = patient_client.get(reverse("download_data"))
    assert response["Content-Disposition"].startswith('attachment; filename="my-parkinsons-records')
    document = response.json()
    assert document["format"] == "parkinsons-toolkit"
    assert document["version"] == 1
    assert document["time_zone"] == "Europe/London"
    assert document["doses"][0]["taken_at"] == "2026-07-01T07:05:00+01:00"
    assert document["doses"][0]["recorded_by"] == "mary@example.com"
    assert document["episodes"][0]["severity"] == "moderate"
    assert document["episodes"][1]["ended_at"] is None
    assert len(document["diary"]) == 14
    assert document["meals"][0]["protein_rich"] is True


def test_the_profile_links_to_the_download(patient_client):
    assert reverse("download_data") in patient_client.get(reverse("profile")).content.decode()


def test_download_takes_the_same_queries_however_many_records(
    patient_client, patient, django_assert_max_num_queries
):
    some_records(patient)
    # Every part of the document is a query or two, whatever the number of records.
    with django_assert_max_num_queries(20):
        patient_client.get(reverse("download_data"))


def test_a_carer_is_named_by_the_address_the_patient_invited_not_a_later_one(patient, carer):
    """A former carer's new address, which no page shows the patient, was in the download."""
    grant_care(patient, carer, tracker="edit")
    dose = make.dose(patient, make.medication(patient), utc(2026, 6, 1, 8))
    Dose.objects.filter(pk=dose.pk).update(recorded_by=carer)
    User.objects.filter(pk=carer.pk).update(email="john.new@example.org")
    (exported,) = portability.export_document(patient)["doses"]
    assert exported["recorded_by"] == "john@example.com"


def test_a_round_trip_into_an_empty_account_gives_the_same_records(patient, tmp_path):
    some_records(patient)
    exported = portability.export_document(patient)
    call_command("importrecords", write(tmp_path, exported), user="new@example.com", create=True)
    copy = User.objects.get(email="new@example.com")
    assert not copy.has_usable_password()
    again = portability.export_document(copy)
    # What Mary recorded herself is the new account's own, not "recorded by Mary".
    moved = json.loads(json.dumps(exported).replace(patient.email, copy.email))
    assert without_ids(again) == without_ids(moved)
    assert not Dose.objects.filter(patient=copy, recorded_by=patient).exists()


def test_an_episode_on_neither_side_and_one_with_no_side_keep_their_sides(patient, tmp_path):
    """ "Neither side" is an answer; no side is none given: the file tells them apart."""
    make.episode(patient, utc(2026, 7, 1, 5, 40), side="none")
    make.episode(patient, utc(2026, 7, 1, 9, 0), side="")
    exported = portability.export_document(patient)
    assert [e["side"] for e in exported["episodes"]] == ["none", None]
    call_command("importrecords", write(tmp_path, exported), user="new@example.com", create=True)
    copy = SymptomEpisode.objects.filter(patient__email="new@example.com")
    assert [e.get_side_display() for e in copy.order_by("started_at")] == ["Neither side", ""]


def test_a_dose_keeps_the_scheduled_time_it_was_for_through_export_and_import(patient, tmp_path):
    med = make.medication(patient, name="Rasagiline", schedule=("08:00", "20:00"))
    # "Taken" pressed on the 08:00 row at 19:30: nearest would say 20:00.
    make.dose(patient, med, utc(2026, 7, 1, 18, 30), scheduled_for=utc(2026, 7, 1, 7))
    make.dose(patient, med, utc(2026, 7, 1, 12), scheduled_for=None)  # not a scheduled dose
    exported = portability.export_document(patient)
    assert {d["taken_at"]: d["scheduled_for"] for d in exported["doses"]} == {
        "2026-07-01T19:30:00+01:00": "2026-07-01T08:00:00+01:00",
        "2026-07-01T13:00:00+01:00": None,
    }
    call_command("importrecords", write(tmp_path, exported), user="new@example.com", create=True)
    copy = Dose.objects.filter(patient__email="new@example.com").order_by("taken_at")
    assert [d.scheduled_for for d in copy] == [None, utc(2026, 7, 1, 7)]


def test_a_dose_written_without_a_scheduled_time_is_matched_to_the_nearest(patient, tmp_path):
    med = make.medication(patient, name="Rasagiline", schedule=("08:00", "20:00"))
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "doses": [{"medication_id": str(med.pk), "taken_at": "2026-07-01T19:30:00+01:00"}],
    }
    call_command("importrecords", write(tmp_path, document), user=patient.email)
    assert Dose.objects.get().scheduled_for == utc(2026, 7, 1, 19)


def test_ids_are_kept_when_they_are_free(patient, tmp_path):
    some_records(patient)
    exported = portability.export_document(patient)
    Medication.objects.all().delete()  # takes the doses with it
    SymptomEpisode.objects.all().delete()
    Meal.objects.all().delete()
    DiaryEntry.objects.all().delete()
    call_command("importrecords", write(tmp_path, exported), user=patient.email)
    assert portability.export_document(patient) == exported


def test_a_minimal_document_takes_defaults(patient, tmp_path):
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "meals": [{"eaten_at": "2026-07-01T12:00:00+01:00"}],
    }
    call_command("importrecords", write(tmp_path, document), user=patient.email)
    meal = Meal.objects.get()
    assert meal.recorded_by == patient
    assert meal.eaten_at == utc(2026, 7, 1, 11)
    assert not meal.protein_rich


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["episodes"][1].update(severity="bad"),
            "episodes[1].severity: 'bad' is not one of mild, moderate, severe",
        ),
        (
            lambda d: d["episodes"][0].update(body_sites=["toes", "elbow"]),
            "episodes[0].body_sites[1]: 'elbow' is not one of toes, foot",
        ),
        (lambda d: d["episodes"][0].update(pain=11), "episodes[0].pain: 11 is not a whole number"),
        (lambda d: d.update(email=5), "email: 5 is not an email address"),
        (
            lambda d: d["diary"][3].update(state="dancing"),
            "diary[3].state: 'dancing' is not one of asleep, off",
        ),
        (
            lambda d: d["diary"][0].update(slot_start="2026-07-01T00:10:00+01:00"),
            "diary[0].slot_start: A diary slot starts on the hour or the half hour.",
        ),
        (
            lambda d: d["doses"][0].update(taken_at="2026-07-01T07:05:00"),
            "doses[0].taken_at: '2026-07-01T07:05:00' has no UTC offset",
        ),
        (
            lambda d: d["doses"][0].update(medication_id="5f0c7c7e-3b0a-4e59-9a55-3f8f7c1d2a10"),
            "doses[0].medication_id: names no medication in the document",
        ),
        (
            lambda d: d["doses"][0].update(scheduled_for="2026-07-03T07:00:00+01:00"),
            "doses[0].scheduled_for: is more than a day from taken_at",
        ),
        (
            lambda d: d["doses"][0].update(scheduled_for="seven"),
            "doses[0].scheduled_for: 'seven' is not an ISO 8601 date and time",
        ),
        (lambda d: d["meals"][0].pop("eaten_at"), "meals[0].eaten_at: is required"),
        (
            lambda d: d["medications"][0]["earlier_schedules"].append(
                {"schedule": ["09:00"], "until": "2026-06-01T00:00:00+00:00"}
            ),
            "medications[0].earlier_schedules[1].until: must be after the one before it",
        ),
        (
            lambda d: d["medications"][0]["earlier_schedules"][0].update(schedule=["25:00"]),
            "medications[0].earlier_schedules[0].schedule[0]: '25:00' is not a time HH:MM",
        ),
        (
            # A line break after the time: it reaches the schedule, and every page reading it.
            lambda d: d["medications"][0].update(schedule=["07:00\n"]),
            "medications[0].schedule[0]: '07:00",
        ),
        (
            lambda d: d["medications"][1].update(stopped_at="yesterday"),
            "medications[1].stopped_at: 'yesterday' is not an ISO 8601 date and time",
        ),
        (lambda d: d.update(version=2), "version: 2 is not a version we read"),
        (lambda d: d.update(format="other"), "format: expected 'parkinsons-toolkit'"),
        (lambda d: d.update(episodes={}), "episodes: must be a list"),
        (lambda d: d.update(surprise=[]), "surprise: is not a key of this format"),
        (
            lambda d: d["episodes"][0].update(ended_at="2026-07-01T05:00:00+01:00"),
            "episodes[0].ended_at: is before started_at",
        ),
        # What the forms refuse, written into a file by hand.
        (lambda d: d["medications"][0].update(name="   "), "medications[0].name: is empty"),
        (
            lambda d: d["medications"].append(d["medications"][0] | {"id": None}),
            "medications[2].name: 'Co-careldopa' is a medicine taken now already",
        ),
        (
            lambda d: d["doses"][0].update(taken_at="2999-07-01T06:05:00Z"),
            "doses[0].taken_at: '2999-07-01T06:05:00Z' is still to come",
        ),
        (
            lambda d: d["episodes"][0].update(ended_at="2999-07-01T06:05:00Z"),
            "episodes[0].ended_at: '2999-07-01T06:05:00Z' is still to come",
        ),
        (
            lambda d: d["meals"][0].update(eaten_at="2999-07-01T06:05:00Z"),
            "meals[0].eaten_at: '2999-07-01T06:05:00Z' is still to come",
        ),
    ],
)
def test_a_bad_document_names_the_place_and_imports_nothing(tmp_path, patient, change, message):
    some_records(patient)
    document = portability.export_document(patient)
    change(document)
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call_command(
            "importrecords", write(tmp_path, document), user="new@example.com", create=True
        )
    assert not User.objects.filter(email="new@example.com").exists()
    assert Dose.objects.count() == 1


def test_importing_into_an_account_that_has_those_half_hours_already_imports_nothing(
    tmp_path, patient
):
    some_records(patient)
    exported = portability.export_document(patient)
    document = {key: exported[key] for key in ("format", "version", "email", "diary")}
    refused = r"diary\[0\]\.slot_start: this half-hour is recorded in the account already"
    with pytest.raises(CommandError, match=refused):
        call_command("importrecords", write(tmp_path, document), user=patient.email)
    assert Medication.objects.count() == 2


def test_a_file_imported_again_into_the_same_account_imports_nothing(tmp_path, patient):
    from notes.models import Reminder

    med = make.medication(patient, name="Co-careldopa", schedule=("07:00",))
    Reminder.objects.create(
        patient=patient, kind=Reminder.MEDICATION, medication_id=med.pk, times=["07:00"]
    )
    document = portability.export_document(patient)
    message = "reminders[0].id: this record is in the account already"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("importrecords", write(tmp_path, document), user=patient.email)
    document["reminders"] = []
    with pytest.raises(CommandError, match=re.escape("medications[0].id: this record is in")):
        call_command("importrecords", write(tmp_path, document), user=patient.email)
    assert (Medication.objects.count(), Reminder.objects.count()) == (1, 1)


def test_an_unknown_account_needs_create(tmp_path, db):
    document = {"format": "parkinsons-toolkit", "version": 1}
    with pytest.raises(CommandError, match="Add --create"):
        call_command("importrecords", write(tmp_path, document), user="nobody@example.com")


def test_a_file_that_is_not_json_or_too_large_is_refused(tmp_path, patient, monkeypatch):
    path = tmp_path / "records.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not a JSON document"):
        call_command("importrecords", str(path), user=patient.email)
    monkeypatch.setattr(portability, "MAX_BYTES", 4)
    with pytest.raises(CommandError, match="larger than"):
        call_command("importrecords", str(path), user=patient.email)


def test_a_new_account_takes_the_documents_time_zone(tmp_path, db):
    document = {"format": "parkinsons-toolkit", "version": 1, "time_zone": "Asia/Kathmandu"}
    call_command("importrecords", write(tmp_path, document), user="k@example.com", create=True)
    assert User.objects.get(email="k@example.com").time_zone == "Asia/Kathmandu"


@pytest.mark.parametrize("zone", [["Europe/London"], 5, "Mars/Olympus"])
def test_a_new_account_refuses_a_time_zone_it_cannot_place(tmp_path, db, zone):
    document = {"format": "parkinsons-toolkit", "version": 1, "time_zone": zone}
    with pytest.raises(CommandError, match=r"Nothing was imported\. time_zone"):
        call_command("importrecords", write(tmp_path, document), user="k@example.com", create=True)
    assert not User.objects.filter(email="k@example.com").exists()


def test_recorded_by_names_only_the_patient_and_people_they_share_with(
    tmp_path, patient, carer, stranger
):
    grant_care(patient, carer, tracker="edit")
    former = make_user("former@example.com", "Fay")
    ended = grant_care(patient, former)
    ended.revoked_at = timezone.now()
    ended.save()
    # Invited but never accepted: the address alone proves nothing about its account.
    invited = make_user("invited@example.com", "Ivy")
    CareGrant.objects.create(
        patient=patient, email=invited.email, expires_at=timezone.now() + timedelta(days=7)
    )
    grant_care(stranger, make_user("other@example.com", "Olga"))
    by = ["john@example.com", "FORMER@example.com", "mary@example.com"]
    by += ["stranger@example.com", "invited@example.com", "other@example.com"]
    by += ["gone@example.com"]
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "meals": [
            {"eaten_at": f"2026-07-01T{n:02}:00:00+01:00", "recorded_by": email}
            for n, email in enumerate(by)
        ],
    }
    call_command("importrecords", write(tmp_path, document), user=patient.email)
    recorded_by = [m.recorded_by for m in Meal.objects.order_by("eaten_at")]
    assert recorded_by == [carer, former, patient, None, None, None, None]


def test_another_app_can_register_its_own_keys(patient, monkeypatch):
    monkeypatch.setattr(portability, "PARTS", list(portability.PARTS))
    portability.register(["example"], lambda p: {"example": ["hello"]}, lambda c, d: None)
    assert portability.export_document(patient)["example"] == ["hello"]
    with pytest.raises(ValueError, match="already registered"):
        portability.register(["example"], lambda p: {}, lambda c, d: None)


def test_a_half_hour_not_begun_is_refused(tmp_path, patient):
    later = (timezone.now() + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "diary": [{"slot_start": later.isoformat(), "state": "on"}],
    }
    with pytest.raises(CommandError, match="has not begun yet"):
        call_command("importrecords", write(tmp_path, document), user=patient.email)


def test_a_medicine_saved_with_more_times_than_the_limit_downloads_and_imports_again(
    patient, tmp_path
):
    from notes.models import Reminder

    # Saved before a medicine had at most 12 times a day, now and in an earlier schedule,
    # with the reminder that follows it.
    on_the_hour = [f"{h:02d}:00" for h in range(7, 20)]
    on_the_half_hour = [f"{h:02d}:30" for h in range(7, 20)]
    med = make.medication(
        patient,
        schedule=on_the_hour,
        earlier_schedules=[{"schedule": on_the_half_hour, "until": "2026-06-20T08:12:00+00:00"}],
    )
    Reminder.objects.create(
        patient=patient, kind=Reminder.MEDICATION, medication_id=med.pk, times=on_the_hour
    )
    exported = portability.export_document(patient)
    call_command("importrecords", write(tmp_path, exported), user="new@example.com", create=True)
    copy = Medication.objects.get(patient__email="new@example.com")
    assert copy.schedule == on_the_hour
    assert copy.earlier_schedules[0]["schedule"] == on_the_half_hour
    assert Reminder.objects.get(patient=copy.patient).times == on_the_hour


def test_half_hours_recorded_in_a_zone_moved_away_from_download_and_import_again(tmp_path, patient):
    patient.time_zone = "Asia/Kathmandu"  # UTC+05:45: its half-hours start at :15 and :45
    patient.save()
    diary.set_run(patient, utc(2026, 7, 1, 3, 15), utc(2026, 7, 1, 4, 15), "on", patient)
    patient.time_zone = "Europe/London"
    patient.save()
    document = portability.export_document(patient)
    call_command("importrecords", write(tmp_path, document), user="new@example.com", create=True)
    copy = User.objects.get(email="new@example.com")
    copied = DiaryEntry.objects.filter(patient=copy).order_by("slot_start")
    assert [entry.slot_start for entry in copied] == [
        utc(2026, 7, 1, 3, 15),
        utc(2026, 7, 1, 3, 45),
    ]


def test_imported_medications_can_be_reminded_about(patient, tmp_path):
    from notes.models import MedicationSchedule

    some_records(patient)
    exported = portability.export_document(patient)
    call_command("importrecords", write(tmp_path, exported), user="new@example.com", create=True)
    copy = User.objects.get(email="new@example.com")
    known = {
        (s.medication_id, s.name, tuple(s.times))
        for s in MedicationSchedule.objects.filter(patient=copy)
    }
    medications = Medication.objects.filter(patient=copy)
    assert known == {(m.pk, m.name, tuple(m.schedule)) for m in medications}
    assert len(known) == 2


def test_a_medicines_reminder_follows_it_when_its_id_is_taken_here(patient, tmp_path):
    from notes.models import Reminder

    med = make.medication(patient, name="Co-careldopa", schedule=("07:00",))
    Reminder.objects.create(
        patient=patient, kind=Reminder.MEDICATION, medication_id=med.pk, times=["07:00"]
    )
    exported = portability.export_document(patient)
    # Moved to another account on the same server: the medicine's id is Mary's already.
    call_command("importrecords", write(tmp_path, exported), user="new@example.com", create=True)
    copy = Medication.objects.get(patient__email="new@example.com")
    reminder = Reminder.objects.get(patient=copy.patient)
    assert copy.pk != med.pk and reminder.medication_id == copy.pk
    # Stopping the medicine in the new account stops its reminder.
    copy.stopped_at = utc(2026, 7, 2, 9)
    copy.save()
    copy.tell_reminders()
    reminder.refresh_from_db()
    assert not reminder.active
    assert Reminder.objects.get(patient=patient).active


def test_reminders_already_in_the_account_stay_with_their_own_medicine(patient, tmp_path):
    from notes.models import Reminder

    med = make.medication(patient, name="Co-careldopa", schedule=("07:00",))
    own = Reminder.objects.create(
        patient=patient, kind=Reminder.MEDICATION, medication_id=med.pk, times=["07:00"]
    )
    exported = portability.export_document(patient)
    # Loaded into another account on the same server: the medicine and its reminder come in
    # as copies, with new ids.
    call_command(
        "importrecords", write(tmp_path, exported), user=make_user("new@example.com").email
    )
    copy = Medication.objects.exclude(pk=med.pk).get()
    imported = Reminder.objects.exclude(pk=own.pk).get()
    own.refresh_from_db()
    assert (own.medication_id, imported.medication_id) == (med.pk, copy.pk)
    # Stopping the copy stops only the copy's reminder.
    copy.stopped_at = utc(2026, 7, 2, 9)
    copy.save()
    copy.tell_reminders()
    own.refresh_from_db()
    imported.refresh_from_db()
    assert (own.active, imported.active) == (True, False)


def test_a_medicine_a_carer_added_keeps_who_added_it(patient, carer, tmp_path):
    grant_care(patient, carer, tracker="edit")
    med = make.medication(patient, name="Rasagiline", schedule=("08:00",))
    Medication.objects.filter(pk=med.pk).update(recorded_by=carer, recorded_at=utc(2026, 6, 1, 9))
    exported = portability.export_document(patient)
    assert exported["medications"][0]["recorded_by"] == carer.email
    # Moved to a new account that shares with the same carer.
    grant_care(make_user("new@example.com"), carer, tracker="edit")
    call_command("importrecords", write(tmp_path, exported), user="new@example.com")
    copy = Medication.objects.get(patient__email="new@example.com")
    assert (copy.recorded_by, copy.recorded_at) == (carer, utc(2026, 6, 1, 9))


def test_an_id_given_to_two_records_is_refused_and_nothing_is_imported(patient, tmp_path):
    """The dose naming it went to whichever medicine came last, without a word."""
    med = make.medication(patient, name="Rasagiline", schedule=("08:00",))
    make.dose(patient, med, utc(2026, 6, 1, 7))
    document = portability.export_document(patient)
    document["medications"].append(document["medications"][0] | {"name": "Ropinirole"})
    with pytest.raises(CommandError, match=r"medications\[1\]\.id: another record"):
        call_command(
            "importrecords", write(tmp_path, document), user="new@example.com", create=True
        )
    assert not User.objects.filter(email="new@example.com").exists()
    assert Medication.objects.count() == 1

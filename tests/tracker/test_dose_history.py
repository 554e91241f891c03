"""A medicine's dose amount keeps its history, as its times do: a dose changed on its page
counts from the start of that day, and the summary of earlier days names the dose of then."""

import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.tracker.make import dose, utc
from tests.tracker.test_summary import summary_csv, summary_json
from tests.tracker.test_summary_schedule import medication_list
from toolkit import portability
from toolkit.models import User
from tracker.models import Medication
from tracker.summary import Summary

ONE = "1 tablet 25 mg / 100 mg"
TWO = "2 tablets 25 mg / 100 mg"


def co_careldopa(patient, **kw) -> Medication:
    fields = {"dose": ONE, "schedule": ["08:00", "12:00"], **kw}
    return Medication.objects.create(patient=patient, name="Co-careldopa", **fields)


def change(client, med, dose_text, times="08:00, 12:00"):
    url = reverse("medication_edit", args=[med.pk])
    response = client.post(url, {"name": med.name, "dose": dose_text, "times": times})
    assert response.status_code == 302
    med.refresh_from_db()


def test_a_dose_changed_later_leaves_the_summary_of_earlier_days_as_it_was(
    patient_client, patient, frozen
):
    med = co_careldopa(patient)
    frozen(utc(2026, 11, 29, 10))
    change(patient_client, med, TWO)
    assert med.earlier_schedules == [
        {"schedule": ["08:00", "12:00"], "until": "2026-11-29T00:00:00+00:00", "dose": ONE}
    ]
    assert medication_list(patient_client, "2026-11-26", 3) == [
        f"Co-careldopa, {ONE}: 08:00, 12:00"
    ]
    (listed,) = summary_json(patient_client, "2026-11-26")["medications"]
    assert (listed["dose"], listed["times"]) == (ONE, "08:00, 12:00")
    assert listed["doses"] == [{"dose": ONE, "from": None}]


def test_a_summary_across_a_change_of_dose_alone_names_each_dose(patient_client, patient, frozen):
    med = co_careldopa(patient)
    frozen(utc(2026, 11, 29, 10))
    change(patient_client, med, TWO)
    expected = f"{ONE} at 08:00, 12:00, then {TWO} at 08:00, 12:00 from Sun 29 Nov"
    assert medication_list(patient_client, "2026-11-28", 2) == [f"Co-careldopa: {expected}"]
    (listed,) = summary_json(patient_client, "2026-11-28", 2)["medications"]
    assert (listed["dose"], listed["times"]) == ("", expected)
    assert listed["doses"] == [
        {"dose": ONE, "from": None},
        {"dose": TWO, "from": "2026-11-29T00:00:00+00:00"},
    ]
    # After the change, the new dose alone.
    assert medication_list(patient_client, "2026-11-29", 1) == [
        f"Co-careldopa, {TWO}: 08:00, 12:00"
    ]


def test_a_change_of_times_and_dose_on_one_day_is_one_period(patient_client, patient, frozen):
    med = co_careldopa(patient)
    frozen(utc(2026, 11, 27, 9))
    change(patient_client, med, ONE, "07:00, 11:00")
    change(patient_client, med, TWO, "07:00, 11:00")
    assert med.earlier_schedules == [
        {"schedule": ["08:00", "12:00"], "until": "2026-11-27T00:00:00+00:00", "dose": ONE}
    ]
    assert medication_list(patient_client, "2026-11-26", 2) == [
        f"Co-careldopa: {ONE} at 08:00, 12:00, then {TWO} at 07:00, 11:00 from Fri 27 Nov"
    ]


def test_a_change_of_times_alone_reads_as_before(patient_client, patient, frozen):
    med = co_careldopa(patient)
    frozen(utc(2026, 11, 27, 9))
    change(patient_client, med, ONE, "07:00")
    assert medication_list(patient_client, "2026-11-26", 2) == [
        f"Co-careldopa, {ONE}: 08:00, 12:00, then 07:00 from Fri 27 Nov"
    ]


def test_adding_a_medicine_keeps_no_dose_for_the_days_before(patient):
    med = Medication(patient=patient, name="Rasagiline", dose="1 mg")
    med.change_schedule(["08:00"], utc(2026, 11, 27))
    med.save()
    assert med.earlier_schedules == [{"schedule": [], "until": "2026-11-27T00:00:00+00:00"}]
    assert [p.dose for p in med.schedule_periods()] == ["1 mg", "1 mg"]


def test_an_entry_kept_before_doses_were_kept_has_the_dose_of_the_one_after_it(
    patient_client, patient, frozen
):
    med = co_careldopa(
        patient,
        dose=TWO,
        earlier_schedules=[{"schedule": ["09:00"], "until": "2026-11-20T00:00:00+00:00"}],
    )
    # As the page read before doses were kept.
    assert medication_list(patient_client, "2026-11-19", 2) == [
        f"Co-careldopa, {TWO}: 09:00, then 08:00, 12:00 from Fri 20 Nov"
    ]
    frozen(utc(2026, 11, 27, 9))
    change(patient_client, med, ONE)
    assert [p.dose for p in med.schedule_periods()] == [TWO, TWO, ONE]
    assert medication_list(patient_client, "2026-11-19", 2) == [
        f"Co-careldopa, {TWO}: 09:00, then 08:00, 12:00 from Fri 20 Nov"
    ]


def test_a_medicine_taken_only_when_needed_names_each_dose(patient_client, patient, frozen):
    # As the form adds it: no set times before it was added either.
    added = [{"schedule": [], "until": "2026-11-01T00:00:00+00:00"}]
    med = co_careldopa(patient, schedule=[], as_needed=True, earlier_schedules=added)
    frozen(utc(2026, 11, 27, 9))
    url = reverse("medication_edit", args=[med.pk])
    patient_client.post(url, {"name": med.name, "dose": TWO, "times": "", "as_needed": "on"})
    assert medication_list(patient_client, "2026-11-26", 2) == [
        f"Co-careldopa: {ONE}, then {TWO} from Fri 27 Nov, as needed"
    ]


def test_a_medicine_taken_when_needed_since_before_schedules_were_kept_keeps_its_dose(
    patient_client, patient, frozen
):
    # No entry for before it was added: its first is the dose it had until it changed.
    med = co_careldopa(patient, schedule=[], as_needed=True)
    frozen(utc(2026, 11, 27, 9))
    url = reverse("medication_edit", args=[med.pk])
    patient_client.post(url, {"name": med.name, "dose": TWO, "times": "", "as_needed": "on"})
    assert medication_list(patient_client, "2026-11-26", 2) == [
        f"Co-careldopa: {ONE}, then {TWO} from Fri 27 Nov, as needed"
    ]


def test_the_csv_gives_each_dose_the_amount_in_force_then(patient_client, patient, frozen):
    med = co_careldopa(patient)
    before = dose(patient, med, utc(2026, 11, 26, 8, 5), utc(2026, 11, 26, 8))
    frozen(utc(2026, 11, 27, 9))
    change(patient_client, med, TWO)
    after = dose(patient, med, utc(2026, 11, 27, 8, 5), utc(2026, 11, 27, 8))
    rows = summary_csv(patient_client, "2026-11-26", 2)
    amounts = {row["id"]: row["dose_amount"] for row in rows if row["record"] == "dose"}
    assert amounts == {str(before.id): ONE, str(after.id): TWO}
    missed = {
        row["local_time"]: row["dose_amount"] for row in rows if row["record"] == "scheduled_dose"
    }
    assert missed == {"2026-11-26T12:00:00+00:00": ONE}
    assert {row["dose_amount"] for row in rows if row["record"] in ("day", "mean")} == {""}


def test_doses_of_earlier_periods_go_through_export_and_import(patient, frozen, tmp_path):
    med = co_careldopa(
        patient, earlier_schedules=[{"schedule": ["09:00"], "until": "2026-11-20T00:00:00+00:00"}]
    )
    med.change_schedule(["08:00", "12:00"], utc(2026, 11, 27), dose=TWO)
    med.save()
    exported = portability.export_document(patient)
    (earlier_1, earlier_2) = exported["medications"][0]["earlier_schedules"]
    assert "dose" not in earlier_1 and earlier_2["dose"] == ONE
    path = tmp_path / "records.json"
    path.write_text(json.dumps(exported))
    call_command("importrecords", str(path), user="new@example.com", create=True)
    copy = Medication.objects.get(patient__email="new@example.com")
    assert [p.dose for p in copy.schedule_periods()] == [ONE, ONE, TWO]
    assert "dose" not in copy.earlier_schedules[0]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (5, "medications[0].earlier_schedules[0].dose: 5 is not text"),
        ("x" * 101, "medications[0].earlier_schedules[0].dose: is longer than 100 characters"),
    ],
)
def test_a_bad_earlier_dose_is_refused_and_nothing_is_imported(patient, tmp_path, bad, message):
    co_careldopa(
        patient,
        earlier_schedules=[
            {"schedule": ["09:00"], "until": "2026-11-20T00:00:00+00:00", "dose": ONE}
        ],
    )
    document = portability.export_document(patient)
    document["medications"][0]["earlier_schedules"][0]["dose"] = bad
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match=message.replace("[", r"\[").replace("]", r"\]")):
        call_command("importrecords", str(path), user="new@example.com", create=True)
    assert not User.objects.filter(email="new@example.com").exists()
    assert Medication.objects.count() == 1


def test_a_range_before_a_later_change_keeps_the_old_dose_in_the_summary_object(patient):
    med = co_careldopa(patient)
    med.change_schedule(med.schedule, utc(2026, 11, 29), dose=TWO)
    med.save()
    (listed,) = Summary.build(patient, date(2026, 11, 26), date(2026, 11, 28)).medications
    assert (listed.dose, listed.doses) == (ONE, [(ONE, None)])


@pytest.mark.parametrize(
    ("dose_text", "times", "said"),
    [
        (TWO, "08:00, 12:00", " The new dose counts from the start of today"),
        (ONE, "07:00, 12:00", " The new times count from the start of today"),
        (TWO, "07:00, 12:00", " The new dose and times count from the start of today"),
        (ONE, "08:00, 12:00", ""),
    ],
)
def test_saving_a_change_says_it_counts_from_the_start_of_today(
    patient_client, patient, dose_text, times, said
):
    med = co_careldopa(patient)
    url = reverse("medication_edit", args=[med.pk])
    data = {"name": med.name, "dose": dose_text, "times": times}
    response = patient_client.post(url, data, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message == f"Co-careldopa saved, taken at {times}." + (
        f"{said}; earlier days keep theirs." if said else ""
    )

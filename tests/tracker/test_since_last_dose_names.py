"""An episode's time since the last dose names that dose's medicine: it counts a dose of
any medicine, and a laxative taken just before is not the Parkinson's medicine."""

import csv
import io

from django.urls import reverse

from tests.tracker.make import dose, episode, medication, utc
from tracker.models import Medication

START = "/my-tracker/summary?start=2026-03-02&days=1"


def as_needed_before_an_episode(patient):
    """Co-careldopa at 12:08, Movicol as needed at 12:14, dystonia at 12:17 (GMT)."""
    sinemet = medication(patient, schedule=["12:00"])
    movicol = medication(patient, name="Movicol", schedule=[], as_needed=True)
    dose(patient, sinemet, utc(2026, 3, 2, 12, 8), utc(2026, 3, 2, 12))
    dose(patient, movicol, utc(2026, 3, 2, 12, 14))
    episode(patient, utc(2026, 3, 2, 12, 17))


def test_an_episode_after_an_as_needed_dose_names_that_medicine(patient_client, patient):
    as_needed_before_an_episode(patient)
    listed = patient_client.get(reverse("episode_list")).content.decode()
    assert '<dd class="nhsuk-summary-list__value">3 min (Movicol)</dd>' in listed
    table = patient_client.get(START).content.decode()
    assert '3 min<br><span class="app-summary__note app-user-text">Movicol</span>' in table


def test_the_csv_and_json_carry_the_medicines_name(patient_client, patient):
    as_needed_before_an_episode(patient)
    response = patient_client.get(START.replace("summary?", "summary.csv?"))
    (row,) = [
        row
        for row in csv.DictReader(io.StringIO(response.content.decode()))
        if row["record"] == "episode"
    ]
    assert (row["minutes_since_last_dose"], row["last_dose_medications"]) == ("3", "Movicol")
    data = patient_client.get(START.replace("summary?", "summary.json?")).json()
    (item,) = data["episodes"]
    assert item["minutes_since_last_dose"] == 3
    assert item["last_dose_medications"] == ["Movicol"]
    assert item["timing_words"]["since_last_dose"] == "3 min (Movicol)"


def test_two_medicines_of_one_name_are_told_apart(patient_client, patient):
    Medication.objects.create(patient=patient, name="Co-careldopa", dose="25 mg / 100 mg")
    later = Medication.objects.create(
        patient=patient, name="Co-careldopa", dose="50 mg / 200 mg modified-release"
    )
    dose(patient, later, utc(2026, 3, 2, 20))
    episode(patient, utc(2026, 3, 2, 22, 10))
    named = "Co-careldopa, 50 mg / 200 mg modified-release"
    listed = patient_client.get(reverse("episode_list")).content.decode()
    assert f'<dd class="nhsuk-summary-list__value">2 h 10 min ({named})</dd>' in listed
    data = patient_client.get(START.replace("summary?", "summary.json?")).json()
    assert data["episodes"][0]["last_dose_medications"] == [named]


def test_medicines_taken_the_same_minute_are_each_named(patient_client, patient):
    sinemet = medication(patient, schedule=["07:00"])
    entacapone = medication(patient, name="Entacapone", schedule=["07:00"])
    dose(patient, sinemet, utc(2026, 3, 2, 7), utc(2026, 3, 2, 7))
    dose(patient, entacapone, utc(2026, 3, 2, 7, 0, 20), utc(2026, 3, 2, 7))
    episode(patient, utc(2026, 3, 2, 9, 30))
    listed = patient_client.get(reverse("episode_list")).content.decode()
    assert "2 h 30 min (Co-careldopa and Entacapone)" in listed


def test_with_no_dose_in_the_day_before_the_words_are_as_they_were(patient_client, patient):
    episode(patient, utc(2026, 3, 2, 9))
    listed = patient_client.get(reverse("episode_list")).content.decode()
    assert '<dd class="nhsuk-summary-list__value">No dose in the day before</dd>' in listed
    data = patient_client.get(START.replace("summary?", "summary.json?")).json()
    (item,) = data["episodes"]
    assert item["timing_words"]["since_last_dose"] == "No dose in the day before"
    assert item["last_dose_medications"] == []
    response = patient_client.get(START.replace("summary?", "summary.csv?"))
    (row,) = [
        row
        for row in csv.DictReader(io.StringIO(response.content.decode()))
        if row["record"] == "episode"
    ]
    assert (row["minutes_since_last_dose"], row["last_dose_medications"]) == ("", "")

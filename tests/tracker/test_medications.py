from django.urls import reverse

from notes.models import MedicationSchedule
from tests.conftest import new_token
from tests.tracker import make
from tracker.forms.medications import parse_times
from tracker.models import Medication


def test_adding_a_medicine_saves_its_times_and_tells_the_reminders(patient_client, patient):
    page = patient_client.get(reverse("medication_new")).content.decode()
    assert '<datalist id="common-medicines">' in page
    assert 'list="common-medicines"' in page
    response = patient_client.post(
        reverse("medication_new"),
        {
            "name": "Co-careldopa",
            "dose": "25 mg / 100 mg",
            "times": "19:00, 7, 11:00, 3pm",
            "token": new_token(),
        },
        follow=True,
    )
    med = Medication.objects.get()
    assert med.schedule == ["07:00", "11:00", "15:00", "19:00"]
    assert (med.patient, med.recorded_by, med.as_needed) == (patient, patient, False)
    assert "Co-careldopa added, taken at 07:00, 11:00, 15:00, 19:00." in response.content.decode()
    schedule = MedicationSchedule.objects.get(patient=patient, medication_id=med.pk)
    assert (schedule.times, schedule.active) == (med.schedule, True)


def test_a_medicine_needs_times_or_to_be_taken_when_needed(patient_client):
    response = patient_client.post(
        reverse("medication_new"), {"name": "Madopar", "times": "", "token": new_token()}
    )
    assert "Give the times you take it" in response.content.decode()
    patient_client.post(
        reverse("medication_new"), {"name": "Madopar", "as_needed": "on", "token": new_token()}
    )
    assert Medication.objects.get().schedule == []


def test_times_that_are_not_times_are_refused(patient_client):
    response = patient_client.post(
        reverse("medication_new"), {"name": "X", "times": "7, 25:00", "token": new_token()}
    )
    assert response.status_code == 200
    assert "“25:00” is not a time" in response.content.decode()
    assert not Medication.objects.exists()


def test_times_are_read_forgivingly():
    assert parse_times("7am; 12pm 12am, 1930, 8.15") == [
        "00:00",
        "07:00",
        "08:15",
        "12:00",
        "19:30",
    ]


def test_changing_a_medicine_moves_its_schedule(patient_client, patient):
    med = make.medication(patient)
    url = reverse("medication_edit", args=[med.pk])
    assert "07:00, 11:00, 15:00, 19:00" in patient_client.get(url).content.decode()
    patient_client.post(url, {"name": "Sinemet", "dose": "", "times": "08:00, 20:00"})
    med.refresh_from_db()
    assert (med.name, med.schedule) == ("Sinemet", ["08:00", "20:00"])
    assert MedicationSchedule.objects.get(medication_id=med.pk).times == ["08:00", "20:00"]


def test_stopping_a_medicine_keeps_it_listed_as_stopped(patient_client, patient):
    med = make.medication(patient)
    url = reverse("medication_stop", args=[med.pk])
    assert "Stop Co-careldopa?" in patient_client.get(url).content.decode()
    patient_client.post(url)
    med.refresh_from_db()
    assert med.stopped_at is not None
    assert MedicationSchedule.objects.get(medication_id=med.pk).active is False
    page = patient_client.get(reverse("medication_list")).content.decode()
    assert "Stopped" in page and "Co-careldopa" in page
    assert "Taken" not in patient_client.get(reverse("tracker_home")).content.decode()

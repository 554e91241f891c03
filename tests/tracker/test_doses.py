import re
import uuid

import pytest
from django.urls import reverse

from tests.tracker import make
from tests.tracker.make import utc
from tracker.models import Dose


def token_and_medication(content: bytes, index=0):
    forms = re.findall(
        rb'action="/my-tracker/doses/taken">.*?name="medication" value="([^"]+)".*?'
        rb'name="token" value="([^"]+)"',
        content,
        re.S,
    )
    medication, token = forms[index]
    return {"medication": medication.decode(), "token": token.decode()}


def test_taken_records_a_dose_now_matched_to_the_schedule(patient_client, patient, frozen):
    now = frozen(utc(2026, 1, 10, 7, 5))
    med = make.medication(patient)
    page = patient_client.get(reverse("tracker_home"))
    response = patient_client.post(
        reverse("dose_take"), token_and_medication(page.content), follow=True
    )
    dose = Dose.objects.get()
    assert (dose.medication, dose.taken_at, dose.scheduled_for) == (med, now, utc(2026, 1, 10, 7))
    assert dose.recorded_by == patient
    assert dose.minutes_late == 5
    assert "Dose of Co-careldopa recorded at 07:05." in response.content.decode()
    assert "5 minutes late for 07:00" in response.content.decode()


def test_pressing_taken_twice_records_one_dose(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 7, 5))
    make.medication(patient)
    data = token_and_medication(patient_client.get(reverse("tracker_home")).content)
    patient_client.post(reverse("dose_take"), data)
    response = patient_client.post(reverse("dose_take"), data, follow=True)
    assert Dose.objects.count() == 1
    assert "already recorded" in response.content.decode()


def test_each_new_page_carries_a_new_token(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 7, 5))
    make.medication(patient, schedule=["07:00"], as_needed=True)
    first = token_and_medication(patient_client.get(reverse("tracker_home")).content)
    patient_client.post(reverse("dose_take"), first)
    # Once taken, 07:00 shows as taken; the as-needed button offers another dose.
    second = token_and_medication(patient_client.get(reverse("tracker_home")).content)
    assert second["token"] != first["token"]
    patient_client.post(reverse("dose_take"), second)
    assert Dose.objects.count() == 2


def test_a_tampered_taken_form_records_nothing_and_says_so(patient_client, patient, stranger):
    theirs = make.medication(stranger)
    for data in (
        {"medication": str(theirs.pk), "token": "5d7e3c1e-8f6b-4a57-9d2e-2a6c0e2b9f11"},
        {"medication": "not-a-uuid", "token": "nope"},
        {},
    ):
        response = patient_client.post(reverse("dose_take"), data, follow=True)
        assert response.status_code == 200
        assert "That dose was not recorded" in response.content.decode()
    assert not Dose.objects.exists()


def test_a_dose_taken_at_another_time_is_recorded_and_matched(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient)
    page = patient_client.get(reverse("dose_new"))
    token = re.search(rb'name="token" value="([^"]+)"', page.content).group(1).decode()
    data = {"medication": med.pk, "date": "2026-01-10", "time": "10:40", "token": token}
    response = patient_client.post(reverse("dose_new"), data, follow=True)
    dose = Dose.objects.get()
    assert dose.taken_at == utc(2026, 1, 10, 10, 40)
    assert dose.scheduled_for == utc(2026, 1, 10, 11)
    assert "Dose of Co-careldopa recorded at 10:40." in response.content.decode()
    patient_client.post(reverse("dose_new"), data)
    assert Dose.objects.count() == 1


def test_a_dose_just_after_midnight_counts_on_the_new_day(patient_client, patient, frozen):
    # 00:20 BST on 1 July is 23:20 UTC on 30 June.
    frozen(utc(2026, 7, 1, 8))
    med = make.medication(patient, schedule=["00:30", "23:30"])
    data = {"medication": med.pk, "date": "2026-07-01", "time": "00:20", "token": make_token()}
    patient_client.post(reverse("dose_new"), data)
    dose = Dose.objects.get()
    assert dose.taken_at == utc(2026, 6, 30, 23, 20)
    assert dose.scheduled_for == utc(2026, 6, 30, 23, 30)  # 00:30 on 1 July
    page = patient_client.get(reverse("tracker_home")).content.decode()
    assert "10 minutes early for 00:30" in page


def make_token():
    return str(uuid.uuid4())


@pytest.mark.parametrize(
    "date, time, error",
    [
        ("2026-01-12", "07:00", "more than a day from now"),
        ("2026-03-29", "01:30", "does not exist on 29 March 2026"),
        ("2026-02-30", "07:00", "Enter a valid date"),
        ("2026-01-10", "25:00", "Enter a valid time"),
        ("", "", "Enter the date taken."),
    ],
)
def test_bad_dose_times_are_refused_with_a_message(
    patient_client, patient, frozen, date, time, error
):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient)
    data = {"medication": med.pk, "date": date, "time": time, "token": make_token()}
    response = patient_client.post(reverse("dose_new"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Dose.objects.exists()


def test_a_dose_can_be_corrected_and_is_matched_again(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient)
    dose = make.dose(patient, med, utc(2026, 1, 10, 7, 5), utc(2026, 1, 10, 7))
    url = reverse("dose_edit", args=[dose.pk])
    assert patient_client.get(url).status_code == 200
    patient_client.post(url, {"medication": med.pk, "date": "2026-01-10", "time": "14:50"})
    dose.refresh_from_db()
    assert (dose.taken_at, dose.scheduled_for) == (utc(2026, 1, 10, 14, 50), utc(2026, 1, 10, 15))
    assert Dose.objects.count() == 1


def test_a_dose_can_be_deleted_after_confirming(patient_client, patient):
    dose = make.dose(patient, make.medication(patient), utc(2026, 1, 10, 7))
    url = reverse("dose_delete", args=[dose.pk])
    assert "Delete this dose?" in patient_client.get(url).content.decode()
    patient_client.post(url)
    assert not Dose.objects.exists()


def test_recording_a_dose_with_no_medicines_asks_to_add_one_first(patient_client):
    response = patient_client.get(reverse("dose_new"))
    assert response.status_code == 302
    assert response["Location"] == reverse("medication_new")

"""A medicine's form sent again after going Back, with its dose or times changed first, adds
no second medicine: it leads to the one just added, where the change can be made.

Back fetches the form afresh, with a new one-time token, and the browser fills in again
what was typed; the patient changes a detail and saves again.
"""

from django.urls import reverse

from notes.models import MedicationSchedule
from tests.conftest import grant_care, sign_in_as_carer
from tests.toolkit.test_back_and_send_again import recorded_earlier, send
from tests.tracker.test_episodes import said
from toolkit.once import TWIN_WINDOW
from tracker.models import Medication

ADDED = {"name": "Co-careldopa 25/100", "dose": "1 tablet", "times": "07:00, 13:00, 19:00"}
CHANGED_AGAIN = (
    "Co-careldopa 25/100 was already added, so nothing was added. Change it here if its "
    "dose or times are not right. To add another Co-careldopa 25/100 taken as well, give it "
    "a name that tells the two apart."
)


def test_a_medicine_sent_again_with_another_dose_leads_to_the_one_added(patient_client):
    send(patient_client, reverse("medication_new"), ADDED)
    again = send(patient_client, reverse("medication_new"), {**ADDED, "dose": "2 tablets"})
    medicine = Medication.objects.get()
    assert again.redirect_chain[-1][0] == reverse("medication_edit", args=[medicine.pk])
    assert said(again) == [CHANGED_AGAIN]
    assert medicine.dose == "1 tablet"  # nothing is changed without being seen
    assert MedicationSchedule.objects.count() == 1  # one reminder schedule, not two


def test_a_medicine_sent_again_with_other_times_leads_to_the_one_added(patient_client):
    send(patient_client, reverse("medication_new"), ADDED)
    again = send(patient_client, reverse("medication_new"), {**ADDED, "times": "08:00, 20:00"})
    medicine = Medication.objects.get()
    assert again.redirect_chain[-1][0] == reverse("medication_edit", args=[medicine.pk])
    assert medicine.schedule == ["07:00", "13:00", "19:00"]


def test_the_same_medicine_sent_again_unchanged_is_said_to_be_added_already(patient_client):
    send(patient_client, reverse("medication_new"), ADDED)
    again = send(patient_client, reverse("medication_new"), ADDED)
    assert Medication.objects.count() == 1
    assert again.redirect_chain[-1][0] == reverse("medication_list")
    assert said(again) == ["Co-careldopa 25/100 was already added. Nothing was added."]


def test_the_medicine_a_carer_sends_again_changed_leads_to_the_one_added(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    send(client, reverse("medication_new"), ADDED)
    again = send(client, reverse("medication_new"), {**ADDED, "dose": "2 tablets"})
    medicine = Medication.objects.get()
    assert again.redirect_chain[-1][0] == reverse("medication_edit", args=[medicine.pk])


def test_a_medicine_of_another_name_is_added_at_once(patient_client):
    send(patient_client, reverse("medication_new"), ADDED)
    other = {**ADDED, "name": "Co-careldopa 12.5/50", "times": "22:00"}
    response = send(patient_client, reverse("medication_new"), other)
    assert said(response) == ["Co-careldopa 12.5/50 added, taken at 22:00."]
    assert Medication.objects.count() == 2


def test_the_same_name_with_another_dose_later_is_added(patient_client):
    send(patient_client, reverse("medication_new"), ADDED)
    recorded_earlier(Medication, TWIN_WINDOW.total_seconds() / 60 + 1)
    send(patient_client, reverse("medication_new"), {**ADDED, "dose": "2 tablets"})
    assert Medication.objects.count() == 2

"""A record deleted, then its question come back to with the browser's Back (and Delete
pressed again), or Delete pressed twice, or Back once more to the page it was changed or seen
on, or a page from before it was deleted on another device or by someone else: the person is
told it is gone (and by whom, if not by them) and sees the list, never "Page not found". Only a
deletion from the records being worked on is told apart from a record that is someone else's
or never was: those are still 404."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import grant_care, sign_in_as_carer
from tests.notes import record_urls as notes
from tests.tracker import record_urls as tracker

KINDS = [
    # (its delete page, a maker of one, the list it belongs to, what the list then says)
    ("notes_note_delete", notes._note, "notes_notes", "That note"),
    ("notes_question_delete", notes._question, "notes_questions", "That question"),
    ("notes_appointment_delete", notes._appointment, "notes_appointments", "That appointment"),
    ("notes_contact_delete", notes._contact, "notes_contacts", "That contact"),
    ("notes_reminder_delete", notes._reminder, "notes_reminders", "That reminder"),
    ("medication_delete", tracker._medication, "medication_list", "That medicine"),
    ("dose_delete", tracker._dose, "tracker_home", "That dose"),
    ("episode_delete", tracker._episode, "episode_list", "That dystonia episode"),
    ("meal_delete", tracker._meal, "meal_list", "That meal"),
]
IDS = [kind[0] for kind in KINDS]

PAGES = [
    # (a page of the record that Back can land on, its delete page, a maker of one, its list,
    # what the list then says)
    ("notes_note", "notes_note_delete", notes._note, "notes_notes", "That note"),
    (
        "notes_question",
        "notes_question_delete",
        notes._question,
        "notes_questions",
        "That question",
    ),
    (
        "notes_appointment_edit",
        "notes_appointment_delete",
        notes._appointment,
        "notes_appointments",
        "That appointment",
    ),
    (
        "notes_appointment",
        "notes_appointment_delete",
        notes._appointment,
        "notes_appointments",
        "That appointment",
    ),
    ("notes_contact", "notes_contact_delete", notes._contact, "notes_contacts", "That contact"),
    (
        "notes_reminder",
        "notes_reminder_delete",
        notes._reminder,
        "notes_reminders",
        "That reminder",
    ),
    (
        "medication_edit",
        "medication_delete",
        tracker._medication,
        "medication_list",
        "That medicine",
    ),
    ("dose_edit", "dose_delete", tracker._dose, "tracker_home", "That dose"),
    ("episode_edit", "episode_delete", tracker._episode, "episode_list", "That dystonia episode"),
    ("meal_edit", "meal_delete", tracker._meal, "meal_list", "That meal"),
]
PAGE_IDS = [page[0] for page in PAGES]
# The appointment's own page may be read by a carer who may only look.
WRITE_PAGES = [page for page in PAGES if page[0] != "notes_appointment"]


def section(delete):
    return "notes" if delete.startswith("notes_") else "tracker"


def delete_twice(client, url, back, said):
    assert client.post(url).status_code == 302
    leads_to_the_list(client, url, back, said)


def leads_to_the_list(client, url, back, said):
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"] == reverse(back)
        page = client.get(response["Location"]).text
        assert f"{said} has already been deleted." in page


@pytest.mark.parametrize(("delete", "make", "back", "said"), KINDS, ids=IDS)
def test_the_patient_is_told_it_is_gone(patient_client, patient, delete, make, back, said):
    delete_twice(patient_client, reverse(delete, kwargs=make(patient)), back, said)


@pytest.mark.parametrize(("delete", "make", "back", "said"), KINDS, ids=IDS)
def test_a_carer_who_may_change_them_is_told_it_is_gone(
    client, patient, carer, delete, make, back, said
):
    grant_care(patient, carer, **{section(delete): "edit"})
    sign_in_as_carer(client, carer, patient)
    delete_twice(client, reverse(delete, kwargs=make(patient)), back, said)


@pytest.mark.parametrize(("delete", "make", "back", "said"), KINDS, ids=IDS)
def test_a_stranger_learns_nothing_of_one_deleted(
    client, patient, stranger, delete, make, back, said
):
    url = reverse(delete, kwargs=make(patient))
    client.force_login(patient)
    client.post(url)
    client.force_login(stranger)
    for method in (client.get, client.post):
        assert method(url).status_code == 404


@pytest.mark.parametrize(("delete", "make", "back", "said"), KINDS, ids=IDS)
def test_a_carer_who_may_only_look_is_still_refused(
    client, patient, carer, delete, make, back, said
):
    url = reverse(delete, kwargs=make(patient))
    grant = grant_care(patient, carer, **{section(delete): "edit"})
    sign_in_as_carer(client, carer, patient)
    client.post(url)
    setattr(grant, section(delete), "view")
    grant.save()
    for method in (client.get, client.post):
        assert method(url).status_code == 403


@pytest.mark.parametrize(("delete", "make", "back", "said"), KINDS, ids=IDS)
def test_one_deleted_on_another_device_is_gone_there_too(client, patient, delete, make, back, said):
    url = reverse(delete, kwargs=make(patient))
    client.force_login(patient)
    client.post(url)
    other_device = Client()
    other_device.force_login(patient)
    leads_to_the_list(other_device, url, back, said)


@pytest.mark.parametrize(("delete", "make", "back", "said"), KINDS, ids=IDS)
def test_a_carer_is_told_who_deleted_it(client, patient, carer, delete, make, back, said):
    url = reverse(delete, kwargs=make(patient))
    client.force_login(patient)
    client.post(url)
    grant_care(patient, carer, **{section(delete): "edit"})
    sign_in_as_carer(client, carer, patient)
    response = client.get(url, follow=True)
    assert response.redirect_chain == [(reverse(back), 302)]
    assert f"{said} has been deleted by Mary." in response.text


@pytest.mark.parametrize(("delete", "make", "back", "said"), KINDS, ids=IDS)
def test_a_record_never_deleted_here_is_still_not_found(
    patient_client, patient, stranger, delete, make, back, said
):
    """Someone else's record: nothing here says whether it was deleted, or ever was."""
    assert patient_client.get(reverse(delete, kwargs=make(stranger))).status_code == 404


@pytest.mark.parametrize(("page", "delete", "make", "back", "said"), PAGES, ids=PAGE_IDS)
def test_back_to_its_page_tells_the_patient_it_is_gone(
    patient_client, patient, page, delete, make, back, said
):
    record = make(patient)
    assert patient_client.post(reverse(delete, kwargs=record)).status_code == 302
    leads_to_the_list(patient_client, reverse(page, kwargs=record), back, said)


@pytest.mark.parametrize(("page", "delete", "make", "back", "said"), PAGES, ids=PAGE_IDS)
def test_back_to_its_page_tells_a_carer_who_may_change_them_it_is_gone(
    client, patient, carer, page, delete, make, back, said
):
    grant_care(patient, carer, **{section(delete): "edit"})
    sign_in_as_carer(client, carer, patient)
    record = make(patient)
    assert client.post(reverse(delete, kwargs=record)).status_code == 302
    leads_to_the_list(client, reverse(page, kwargs=record), back, said)


@pytest.mark.parametrize(("page", "delete", "make", "back", "said"), PAGES, ids=PAGE_IDS)
def test_a_stranger_learns_nothing_of_the_page_of_one_deleted(
    client, patient, stranger, page, delete, make, back, said
):
    record = make(patient)
    client.force_login(patient)
    client.post(reverse(delete, kwargs=record))
    client.force_login(stranger)
    for method in (client.get, client.post):
        assert method(reverse(page, kwargs=record)).status_code == 404


@pytest.mark.parametrize(("page", "delete", "make", "back", "said"), WRITE_PAGES)
def test_a_carer_who_may_only_look_is_still_refused_the_page_of_one_deleted(
    client, patient, carer, page, delete, make, back, said
):
    record = make(patient)
    grant = grant_care(patient, carer, **{section(delete): "edit"})
    sign_in_as_carer(client, carer, patient)
    client.post(reverse(delete, kwargs=record))
    setattr(grant, section(delete), "view")
    grant.save()
    for method in (client.get, client.post):
        assert method(reverse(page, kwargs=record)).status_code == 403


@pytest.mark.parametrize(("page", "delete", "make", "back", "said"), PAGES, ids=PAGE_IDS)
def test_the_page_of_a_record_never_deleted_here_is_still_not_found(
    patient_client, patient, stranger, page, delete, make, back, said
):
    for method in (patient_client.get, patient_client.post):
        assert method(reverse(page, kwargs=make(stranger))).status_code == 404


ACTIONS = [
    # (a button on the record's list, sent from a page opened before it was deleted, its delete
    # page, a maker of one, its list, what the list then says)
    ("notes_question_asked", "notes_question_delete", notes._question, "notes_questions"),
    ("notes_reminder_active", "notes_reminder_delete", notes._reminder, "notes_reminders"),
    (
        "notes_appointment_tracking",
        "notes_appointment_delete",
        notes._appointment,
        "notes_appointments",
    ),
    ("medication_stop", "medication_delete", tracker._medication, "medication_list"),
    ("episode_stopped", "episode_delete", tracker._episode, "episode_list"),
]


@pytest.mark.parametrize(("action", "delete", "make", "back"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_a_button_of_one_deleted_leads_to_its_list_saying_so(
    patient_client, patient, action, delete, make, back
):
    record = make(patient)
    assert patient_client.post(reverse(delete, kwargs=record)).status_code == 302
    response = patient_client.post(reverse(action, kwargs=record))
    assert response.status_code == 302
    assert response["Location"] == reverse(back)
    assert "has already been deleted." in patient_client.get(response["Location"]).text


@pytest.mark.parametrize(("action", "delete", "make", "back"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_a_button_of_one_never_deleted_here_is_still_not_found(
    patient_client, stranger, action, delete, make, back
):
    assert patient_client.post(reverse(action, kwargs=make(stranger))).status_code == 404

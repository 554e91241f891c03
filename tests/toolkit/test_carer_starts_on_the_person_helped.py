"""A carer who records nothing of their own, for the one person they help, starts each log-in
on that person's records, not on their own empty ones."""

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, grant_care, make_user
from tests.tracker import make


def log_in(person) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def whose(client) -> str:
    home = client.get(reverse("tracker_home")).content.decode()
    return "Mary's" if "You are working on Mary's records" in home else "own"


def test_a_carer_with_nothing_of_their_own_starts_on_marys_records(patient, carer):
    grant_care(patient, carer, tracker="edit")
    assert whose(log_in(carer)) == "Mary's"


def test_a_carer_who_keeps_records_of_their_own_starts_on_them(patient, carer):
    grant_care(patient, carer, tracker="edit")
    make.medication(carer, name="Ramipril")
    assert whose(log_in(carer)) == "own"


def test_a_carer_who_helps_two_people_chooses_whose_records(patient, carer):
    grant_care(patient, carer, tracker="edit")
    grant_care(make_user("ann@example.com", "Ann"), carer, notes="view")
    assert whose(log_in(carer)) == "own"


def test_someone_nobody_shared_with_starts_on_their_own(patient):
    assert whose(log_in(patient)) == "own"

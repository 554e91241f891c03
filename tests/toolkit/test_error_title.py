"""A form sent back with errors says so in the page's title, the first words a screen reader
reads on the page and the words on its tab."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from tests.toolkit.test_form_pack import Page


def title(response) -> str:
    return Page(response.content.decode()).text("title")


def test_a_refused_form_puts_error_first_in_the_title(patient_client):
    url = reverse("notes_note_new")
    assert title(patient_client.get(url)).startswith("Write a note")
    response = patient_client.post(url, {"written_on": "", "text": "", "token": uuid.uuid4()})
    assert response.status_code == 200
    assert title(response).startswith("Error: Write a note")


def test_the_diary_says_so_when_its_stretch_form_is_refused(patient_client):
    url = reverse("diary_run", args=[date(2026, 1, 10)])
    response = patient_client.post(url, {"start": "", "end": "", "state": ""})
    assert response.status_code == 200
    assert title(response).startswith("Error: ")


@pytest.mark.django_db
def test_a_refused_sign_up_says_so_too(client):
    response = client.post(reverse("signup"), {"email": "not an address"})
    assert title(response).startswith("Error: ")


def test_a_page_without_a_refused_form_does_not(patient_client):
    assert not title(patient_client.get(reverse("tracker_home"))).startswith("Error")

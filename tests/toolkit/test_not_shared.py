"""A carer who follows a link to a part of the records the patient has not shared with them
is told so, and how to go on, not "Page not found"."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notes.models import Note
from tests.conftest import grant_care, sign_in_as_carer
from tests.toolkit.test_form_pack import Page


@pytest.mark.parametrize(
    ("levels", "address", "section"),
    [
        ({"tracker": "edit"}, "/information/my-reminders-and-notes", "My Reminders & Notes"),
        ({"notes": "view"}, "/information/my-tracker", "My Tracker"),
    ],
)
def test_a_section_not_shared_says_so_from_the_information_pages_link(
    client, patient, carer, levels, address, section
):
    grant_care(patient, carer, **levels)
    sign_in_as_carer(client, carer, patient)
    response = client.get(address, follow=True)
    assert response.status_code == 403
    page = Page(response.content.decode())
    assert page.text("h1") == f"Mary has not shared {section} with you"
    assert page.one(f'main form[action="{reverse("caring_mine")}"]') is not None
    assert page.one(f'main a[href="{reverse("caring")}"]') is not None


def test_a_section_shared_opens_as_ever(client, patient, carer):
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    assert client.get(reverse("tracker_home")).status_code == 200


def test_on_their_own_records_a_carer_sees_their_own_sections(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    client.force_login(carer)
    assert client.get(reverse("notes_home")).status_code == 200


def test_the_page_takes_a_fixed_number_of_queries(
    client, patient, carer, django_assert_num_queries
):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    # The session with its person, and the grant.
    with django_assert_num_queries(2):
        assert client.get(reverse("notes_home")).status_code == 403


@pytest.mark.parametrize(
    ("levels", "address", "section"),
    [
        ({"tracker": "edit"}, "/my-notes/notes", "My Reminders & Notes"),
        ({"tracker": "edit"}, "/my-notes/questions", "My Reminders & Notes"),
        ({"notes": "edit"}, "/my-tracker/meals", "My Tracker"),
        ({"notes": "edit"}, "/my-tracker/day/2026-03-03", "My Tracker"),
        ({"notes": "edit"}, "/my-tracker/summary", "My Tracker"),
    ],
)
def test_a_page_of_a_section_taken_away_says_so_when_reloaded(
    client, patient, carer, levels, address, section
):
    grant_care(patient, carer, **levels)
    sign_in_as_carer(client, carer, patient)
    response = client.get(address)
    assert response.status_code == 403
    page = Page(response.content.decode())
    assert page.text("h1") == f"Mary has not shared {section} with you"
    assert "was not saved" not in page.text("main")


def refused_note(client) -> Page:
    """A note sent and refused (403): the page that says so."""
    response = client.post(
        reverse("notes_note_new"), {"written_on": "2026-03-03", "text": "Night doses"}
    )
    assert response.status_code == 403
    return Page(response.content.decode())


def test_a_form_sent_after_its_section_was_taken_away_says_nothing_was_saved(
    client, patient, carer
):
    grant = grant_care(patient, carer, tracker="edit", notes="edit")
    sign_in_as_carer(client, carer, patient)
    assert client.get(reverse("notes_note_new")).status_code == 200
    grant.notes = "none"
    grant.save()
    page = refused_note(client)
    assert page.text("h1") == "Mary has not shared My Reminders & Notes with you"
    assert "What you sent was not saved." in page.text("main")
    assert not Note.objects.exists()


def test_a_record_of_a_section_not_shared_is_still_not_found(client, patient, carer):
    note = Note.objects.create(patient=patient, written_on="2026-03-03", text="Private")
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    response = client.get(reverse("notes_note", kwargs={"pk": note.pk}))
    assert response.status_code == 404
    assert b"Private" not in response.content


def test_a_form_sent_by_a_carer_who_may_only_look_says_so_and_nothing_was_saved(
    client, patient, carer
):
    grant_care(patient, carer, tracker="edit", notes="view")
    sign_in_as_carer(client, carer, patient)
    page = refused_note(client)
    assert page.text("h1") == "Mary has let you look at My Reminders & Notes, not change it"
    assert "What you sent was not saved." in page.text("main")
    assert not Note.objects.exists()


def test_a_form_sent_after_care_ended_says_nothing_was_saved_anywhere(client, patient, carer):
    grant = grant_care(patient, carer, tracker="edit", notes="edit")
    sign_in_as_carer(client, carer, patient)
    grant.revoked_at = timezone.now()
    grant.save()
    page = refused_note(client)
    assert page.text("h1") == "What you sent was not saved"
    assert "Nothing was saved in your own records either." in page.text("main")
    assert not Note.objects.exists()

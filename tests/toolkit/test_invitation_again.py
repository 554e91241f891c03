"""An invitation link opened again after accepting it (from the email, with Back, or Accept
pressed twice): the carer is told they have accepted it and sees whom they help, not that
the invitation is no longer valid."""

import pytest
from django.urls import reverse

from tests.toolkit.test_sharing import invitation_path, invite

ACCEPTED = "You have already accepted this invitation."


@pytest.fixture
def accepted(client, patient, carer):
    """The invitation's path, accepted by the carer, who is signed in."""
    client.force_login(patient)
    invite(client)
    path = invitation_path()
    client.force_login(carer)
    client.post(path, follow=True)  # its message read
    return path


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_carer_who_accepted_it_is_sent_to_the_people_they_help(client, accepted, method):
    response = getattr(client, method)(accepted, follow=True)
    assert response.redirect_chain == [(reverse("caring"), 302)]
    assert ACCEPTED in response.text
    assert "Mary" in response.text


def test_once_sharing_has_stopped_the_invitation_is_no_longer_valid(
    client, accepted, patient, carer
):
    client.force_login(patient)
    grant = patient.grants_given.get()
    client.post(reverse("sharing_revoke", args=[grant.pk]))
    client.force_login(carer)
    response = client.get(accepted)
    assert response.status_code == 410
    assert "no longer valid" in response.text


def test_someone_else_is_not_told_who_accepted_it(client, accepted, stranger):
    client.force_login(stranger)
    response = client.get(accepted)
    assert response.status_code == 410
    assert ACCEPTED not in response.text and "Mary" not in response.text


def test_a_signed_in_person_is_shown_where_the_people_they_help_are(client, accepted, stranger):
    """On another device nothing says this person accepted it: the page still says where
    to look, should they have."""
    client.force_login(stranger)
    assert f'href="{reverse("caring")}"' in client.get(accepted).text

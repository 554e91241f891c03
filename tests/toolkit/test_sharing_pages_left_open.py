"""Sharing pages left open while what they show changes: a carer's Change form whose access
ended meanwhile, and an invitation accepted in another tab."""

import re

from django.test import Client
from django.urls import reverse

from tests.conftest import grant_care, make_user
from tests.toolkit.test_sharing import pending_invitation, said
from toolkit.models import AccessEvent, CareGrant
from toolkit.sharing import forms

NEW_LEVELS = {"tracker": "view", "notes": "view"}


def change(client, grant):
    return client.post(reverse("sharing_change", args=[grant.pk]), NEW_LEVELS, follow=True)


def test_saving_a_carers_change_form_after_they_left_says_they_no_longer_have_access(
    client, patient, carer
):
    grant = grant_care(patient, carer, tracker="edit")
    client.force_login(patient)
    assert client.get(reverse("sharing_change", args=[grant.pk])).status_code == 200
    # Meanwhile John presses "Stop having access".
    john = Client()
    john.force_login(carer)
    john.post(reverse("caring_leave", args=[grant.pk]))

    response = change(client, grant)
    assert response.redirect_chain == [(reverse("sharing"), 302)]
    assert said(response) == ["John no longer has access to your records. Nothing was changed."]
    assert "Nobody has access to your records." in response.content.decode()
    grant.refresh_from_db()
    assert (grant.tracker, grant.notes, grant.revoked_at is not None) == ("edit", "none", True)
    assert not AccessEvent.objects.filter(actor=patient).exists()


def test_saving_a_change_form_after_stopping_sharing_in_another_tab_changes_nothing(
    patient_client, patient, carer
):
    grant = grant_care(patient, carer, tracker="edit")
    patient_client.post(reverse("sharing_revoke", args=[grant.pk]), follow=True)
    response = change(patient_client, grant)
    assert said(response) == ["John no longer has access to your records. Nothing was changed."]
    grant.refresh_from_db()
    assert (grant.tracker, grant.notes) == ("edit", "none")


def test_access_ended_while_a_change_is_being_saved_stays_ended(
    patient_client, patient, carer, monkeypatch
):
    """Saving the whole grant read before would undo its ending."""
    grant = grant_care(patient, carer, tracker="edit")
    checked = forms.AccessLevelsForm.clean

    def john_leaves_as_it_is_checked(form):
        CareGrant.objects.filter(pk=grant.pk).update(revoked_at=grant.invited_at)
        return checked(form)

    monkeypatch.setattr(forms.AccessLevelsForm, "clean", john_leaves_as_it_is_checked)
    response = change(patient_client, grant)
    assert said(response) == ["John no longer has access to your records. Nothing was changed."]
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert (grant.tracker, grant.notes) == ("edit", "none")
    assert not CareGrant.objects.current().exists()


def test_going_back_to_the_change_form_of_an_ended_grant_shows_the_sharing_page(
    patient_client, patient, carer
):
    grant = grant_care(patient, carer, tracker="edit")
    patient_client.post(reverse("sharing_revoke", args=[grant.pk]))
    response = patient_client.get(reverse("sharing_change", args=[grant.pk]), follow=True)
    assert response.redirect_chain == [(reverse("sharing"), 302)]
    assert said(response)[-1] == "John no longer has access to your records."


def test_a_change_form_from_before_the_carer_was_given_access_again_changes_nothing(
    client, patient, carer
):
    """The sharing page shows what they may do now: the form was about the access before."""
    grant = grant_care(patient, carer, tracker="edit")
    client.force_login(patient)
    client.post(reverse("sharing_revoke", args=[grant.pk]))
    john = Client()
    john.force_login(carer)
    john.post(pending_invitation(patient))
    client.get(reverse("sharing"))  # "You have stopped sharing with John." read
    response = change(client, grant)
    assert said(response) == [
        "John was given access again since that page was opened. Check what they can do. "
        "Nothing was changed."
    ]
    again = CareGrant.objects.current().get()
    assert (again.tracker, again.notes) == ("view", "none")  # as the invitation gave


def test_another_patients_ended_grant_is_still_not_found(client, patient, carer, stranger):
    grant = grant_care(patient, carer, tracker="edit")
    client.force_login(patient)
    client.post(reverse("sharing_revoke", args=[grant.pk]))
    client.force_login(stranger)
    assert client.post(reverse("sharing_change", args=[grant.pk]), NEW_LEVELS).status_code == 404


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_accepting_an_invitation_open_in_two_tabs_says_the_second_time_it_was_accepted(
    patient, carer
):
    """Accepting gives the session a new CSRF secret (pages open for another person's records
    must fail): the second tab's Accept is recognised before the check that would refuse it
    as a page out of date."""
    path = pending_invitation(patient)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(carer)
    first, second = (csrf_token(browser.get(path).content.decode()) for _ in range(2))
    assert browser.post(path, {"csrfmiddlewaretoken": first})["Location"] == reverse("caring")
    browser.get(reverse("caring"))  # the message of the first Accept read

    response = browser.post(path, {"csrfmiddlewaretoken": second}, follow=True)
    assert response.redirect_chain == [(reverse("caring"), 302)]
    assert said(response) == ["You have already accepted this invitation."]
    assert "Mary" in response.content.decode()
    assert CareGrant.objects.current().get().carer == carer


def test_an_invitation_not_yet_accepted_is_still_refused_from_a_page_out_of_date(patient, carer):
    """Only the answer that changes nothing skips the check: another person's invitation,
    open in a tab from before the switch, accepts nothing."""
    olive = make_user("olive@example.com", "Olive")
    marys, olives = pending_invitation(patient), pending_invitation(olive)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(carer)
    olives_tab = csrf_token(browser.get(olives).content.decode())
    marys_tab = csrf_token(browser.get(marys).content.decode())
    browser.post(marys, {"csrfmiddlewaretoken": marys_tab})

    response = browser.post(olives, {"csrfmiddlewaretoken": olives_tab})
    assert response.status_code == 403
    assert "This page was out of date" in response.content.decode()
    assert not CareGrant.objects.current().filter(patient=olive).exists()


def test_a_forged_accept_from_another_site_accepts_nothing(patient, carer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(carer)
    response = browser.post(pending_invitation(patient))
    assert response.status_code == 403
    assert not CareGrant.objects.current().exists()

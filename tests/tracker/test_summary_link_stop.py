"""Stopping a specialist's link asks first: a stopped link cannot be shown again, so one slip
would mean making and sending a new one."""

import re
from datetime import date, timedelta

from django.urls import reverse

from tests.conftest import grant_care, sign_in_as_carer
from tests.tracker.test_summary_links import make_link


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_links_button_only_leads_to_the_question(patient_client, patient):
    _, link = make_link(patient)
    page = patient_client.get(reverse("summary_links")).content.decode()
    stop = reverse("summary_link_revoke", kwargs={"link_id": link.id})
    assert f'href="{stop}"' in page
    assert f'action="{stop}"' not in page


def test_stopping_a_link_asks_first_and_asking_changes_nothing(
    patient_client, patient, django_assert_num_queries
):
    _, link = make_link(patient, start=date(2026, 3, 2), days=3)
    url = reverse("summary_link_revoke", kwargs={"link_id": link.id})
    with django_assert_num_queries(2):  # the session with its person; the link
        page = patient_client.get(url).content.decode()
    assert "<h1>Stop this link?</h1>" in page
    assert (
        "Your specialist will no longer be able to open the summary of 2 March 2026 to "
        "4 March 2026 with it. If they still need it, you would have to make a new link and "
        "send it to them." in page
    )
    assert ">Stop this link</button>" in page
    assert re.search(rf'href="{reverse("summary_links")}"[^>]*>Keep the link</a>', page)
    link.refresh_from_db()
    assert link.revoked_at is None


def test_stopping_from_the_question_says_what_was_done(patient_client, patient):
    _, link = make_link(patient)
    url = reverse("summary_link_revoke", kwargs={"link_id": link.id})
    response = patient_client.post(url, follow=True)
    assert said(response) == ["The link has been stopped. Nobody can open it any more."]
    link.refresh_from_db()
    assert link.revoked_at is not None


def test_a_link_already_over_is_not_asked_about_again(patient_client, patient):
    _, stopped = make_link(patient)
    patient_client.post(reverse("summary_link_revoke", kwargs={"link_id": stopped.id}))
    _, expired = make_link(patient, valid=timedelta(seconds=-1))
    for link in (stopped, expired):
        response = patient_client.get(reverse("summary_link_revoke", kwargs={"link_id": link.id}))
        assert response["Location"] == reverse("summary_links")


def test_only_the_patient_is_asked(client, stranger_client, patient, carer):
    _, link = make_link(patient)
    url = reverse("summary_link_revoke", kwargs={"link_id": link.id})
    assert stranger_client.get(url).status_code == 404
    grant_care(patient, carer, tracker="edit", notes="edit")
    sign_in_as_carer(client, carer, patient)
    assert client.get(url).status_code == 404

"""A specialist's link made, then its form sent again after going Back, makes no second link.

Back fetches the links page afresh and the browser fills in the form again as it was sent:
a second live link to the same days would be one more way into the summary for nobody.
"""

import re
from datetime import timedelta

from django.db.models import F
from django.urls import reverse

from tests.tracker.make import utc
from tests.tracker.test_episodes import said
from toolkit.models import SpecialistLink
from toolkit.once import TWIN_WINDOW

SENT = {"start": "2026-03-02", "days": "3", "valid_days": "14"}
NEW_LINK = r'value="(http://testserver/s/[^"]+)"'
SENT_AGAIN = (
    "That link was already made at 15:30. It works until 15:30 on Thursday 19 March 2026. "
    "No other link was made."
)
NOT_KEPT = (
    " It was shown once, when it was made, and no copy is kept: if you did not copy it, "
    "stop it below and make a new one."
)


def send(client, data: dict):
    """Open the links page, as Back does, and send its form with `data` typed in."""
    client.get(reverse("summary_links"))
    return client.post(reverse("summary_links"), data, follow=True)


def test_a_link_sent_again_after_going_back_is_made_once(patient_client, patient, frozen):
    frozen(utc(2026, 3, 5, 15, 30))
    first = send(patient_client, SENT)
    assert re.search(NEW_LINK, first.content.decode())
    again = send(patient_client, SENT)
    link = SpecialistLink.objects.get()
    assert again.redirect_chain[-1][0] == reverse("summary_links")
    assert said(again) == [SENT_AGAIN + NOT_KEPT]
    page = again.content.decode()
    assert not re.search(NEW_LINK, page)  # the token is never kept, so never shown again
    assert f'href="{reverse("summary_link_revoke", kwargs={"link_id": link.id})}"' in page


def test_a_link_sent_again_with_other_valid_days_leads_to_the_one_made(
    patient_client, patient, frozen
):
    frozen(utc(2026, 3, 5, 15, 30))
    send(patient_client, SENT)
    again = send(patient_client, {**SENT, "valid_days": "30"})
    link = SpecialistLink.objects.get()
    assert link.expires_at == utc(2026, 3, 19, 15, 30)
    assert said(again) == [SENT_AGAIN + NOT_KEPT]


def test_a_link_sent_twice_before_its_page_is_seen_is_still_shown_once(
    patient_client, patient, frozen
):
    # A double tap: the page the first press leads to is not seen, the link still to copy.
    frozen(utc(2026, 3, 5, 15, 30))
    patient_client.post(reverse("summary_links"), SENT)
    again = patient_client.post(reverse("summary_links"), SENT, follow=True)
    assert SpecialistLink.objects.count() == 1
    # The first press's own message may come too, as the page it led to was not seen.
    assert said(again)[-1] == SENT_AGAIN + " Copy it below and send it to your specialist."
    assert re.search(NEW_LINK, again.content.decode())


def test_a_link_to_other_days_is_made(patient_client, patient, frozen):
    frozen(utc(2026, 3, 5, 15, 30))
    send(patient_client, SENT)
    send(patient_client, {**SENT, "start": "2026-03-01"})
    assert SpecialistLink.objects.count() == 2


def test_a_link_stopped_may_be_made_again_at_once(patient_client, patient, frozen):
    frozen(utc(2026, 3, 5, 15, 30))
    send(patient_client, SENT)
    link = SpecialistLink.objects.get()
    patient_client.post(reverse("summary_link_revoke", kwargs={"link_id": link.id}))
    response = send(patient_client, SENT)
    assert re.search(NEW_LINK, response.content.decode())
    assert SpecialistLink.objects.filter(revoked_at=None).count() == 1


def test_the_same_link_made_again_later_is_made(patient_client, patient):
    send(patient_client, SENT)
    SpecialistLink.objects.update(recorded_at=F("recorded_at") - TWIN_WINDOW - timedelta(minutes=1))
    send(patient_client, SENT)
    assert SpecialistLink.objects.filter(revoked_at=None).count() == 2

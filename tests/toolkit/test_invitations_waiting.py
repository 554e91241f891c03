"""Someone who made their account in another browser than the one they opened the invitation
in (a mail app's own, say) is told, on "People you help", that it is waiting for them."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.toolkit.test_form_pack import Page
from tests.toolkit.test_sharing import invite
from toolkit.models import CareGrant, User


def waiting(client) -> str:
    page = Page(client.get(reverse("caring")).content.decode())
    return " ".join(page.text("main").split())


def test_an_invitation_to_ones_address_is_said_to_be_waiting(client, patient, carer):
    client.force_login(patient)
    invite(client, "John@Example.com")
    client.force_login(carer)
    said = waiting(client)
    assert "Invitations waiting for you" in said
    assert "Mary (mary@example.com) invited you on" in said
    assert "open the link in the invitation email, on this device or another" in said
    assert "Nobody has shared their records with you" not in said


def test_no_invitation_waits_for_another_address_an_unconfirmed_one_or_once_it_ran_out(
    client, patient, carer, stranger
):
    client.force_login(patient)
    invite(client, "john@example.com")
    client.force_login(stranger)
    assert "Invitations waiting" not in waiting(client)

    User.objects.filter(pk=carer.pk).update(email_unconfirmed=True)
    client.force_login(carer)
    assert "Invitations waiting" not in waiting(client)

    User.objects.filter(pk=carer.pk).update(email_unconfirmed=False)
    CareGrant.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    said = waiting(client)
    assert "Invitations waiting" not in said
    assert "Nobody has shared their records with you" in said


def test_the_page_takes_a_fixed_number_of_queries(
    client, patient, carer, stranger, django_assert_num_queries
):
    for inviter in (patient, stranger):
        client.force_login(inviter)
        invite(client, "john@example.com")
    client.force_login(carer)
    # The session with its person, the grants and the invitations waiting.
    with django_assert_num_queries(3):
        assert waiting(client).count("invited you on") == 2

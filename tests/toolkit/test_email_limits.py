"""Emails to addresses someone typed are limited per sender and for the whole site, so that
nobody can make the site send mail to strangers by the thousand."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.toolkit.test_form_pack import Page
from toolkit.email_limits import REFUSED
from toolkit.models import CareGrant, EmailRequest, User


@pytest.fixture
def limits(settings):
    settings.EMAILS_PER_SENDER_PER_HOUR = 3
    settings.EMAILS_PER_HOUR = 100
    return settings


def ask(client, what: str, email: str):
    return client.post(reverse(what), {"email": email})


def refused(response) -> bool:
    summary = Page(response.content.decode()).text(".nhsuk-error-summary")
    return response.status_code == 429 and REFUSED in summary


@pytest.mark.parametrize("what", ["signup", "password_reset"])
def test_a_visitor_past_the_limit_is_told_on_the_form_and_nothing_is_sent(
    client, patient, limits, what
):
    for n in range(3):
        assert ask(client, what, f"new{n}@example.com").status_code == 302
    sent = len(mail.outbox)
    # The same words, and nothing sent, whether or not the address has an account.
    assert refused(ask(client, what, "another@example.com"))
    assert refused(ask(client, what, patient.email))
    assert len(mail.outbox) == sent


def test_sign_ups_and_resets_count_against_one_allowance(client, db, limits):
    ask(client, "signup", "a@example.com")
    ask(client, "password_reset", "b@example.com")
    ask(client, "signup", "c@example.com")
    assert refused(ask(client, "password_reset", "d@example.com"))


def test_the_allowance_comes_back_after_an_hour(client, db, limits, frozen):
    start = frozen(timezone.now())
    for n in range(3):
        ask(client, "signup", f"new{n}@example.com")
    assert refused(ask(client, "signup", "late@example.com"))
    frozen(start + timedelta(minutes=59))
    assert refused(ask(client, "signup", "late@example.com"))
    frozen(start + timedelta(hours=1, seconds=1))
    assert ask(client, "signup", "late@example.com").status_code == 302


def visitor(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def test_each_network_has_its_own_allowance(db, limits):
    for n in range(3):
        ask(visitor("203.0.113.7"), "signup", f"new{n}@example.com")
    assert refused(ask(visitor("203.0.113.7"), "signup", "x@example.com"))
    assert ask(visitor("203.0.113.8"), "signup", "x@example.com").status_code == 302


def test_the_addresses_of_one_ipv6_network_share_an_allowance(db, limits):
    for n in range(3):
        ask(visitor(f"2001:db8:1:2::{n + 1}"), "signup", f"new{n}@example.com")
    assert refused(ask(visitor("2001:db8:1:2:ffff::9"), "signup", "x@example.com"))
    assert ask(visitor("2001:db8:1:3::1"), "signup", "x@example.com").status_code == 302


def test_past_the_sites_limit_everyone_waits(db, limits):
    limits.EMAILS_PER_HOUR = 4
    for n in range(4):
        assert ask(visitor(f"198.51.100.{n}"), "signup", f"new{n}@example.com").status_code == 302
    assert refused(ask(visitor("198.51.100.50"), "signup", "x@example.com"))


def test_a_visitor_who_keeps_pressing_uses_up_only_their_own_share(db, limits):
    limits.EMAILS_PER_HOUR = 5
    pressing = visitor("203.0.113.7")
    for n in range(20):
        ask(pressing, "signup", f"new{n}@example.com")
    assert EmailRequest.objects.count() == 3
    assert ask(visitor("203.0.113.8"), "signup", "x@example.com").status_code == 302


def test_an_account_past_the_limit_invites_nobody_more(patient_client, limits):
    for n in range(3):
        form = {"email": f"carer{n}@example.com", "tracker": "view", "notes": "none"}
        assert patient_client.post(reverse("sharing_invite"), form).status_code == 302
    form = {"email": "one.more@example.com", "tracker": "view", "notes": "none"}
    assert refused(patient_client.post(reverse("sharing_invite"), form))
    assert not CareGrant.objects.filter(email="one.more@example.com").exists()
    assert len(mail.outbox) == 3


def test_an_account_past_the_limit_is_not_sent_a_link_to_another_new_address(
    patient_client, patient, limits
):
    for n in range(3):
        ask(patient_client, "change_email", f"mary{n}@example.com")
    assert refused(ask(patient_client, "change_email", "mary.last@example.com"))
    assert len(mail.outbox) == 3
    patient.refresh_from_db()
    assert patient.email == "mary@example.com"


def test_an_accounts_emails_do_not_count_against_its_network(patient_client, limits):
    for n in range(3):
        ask(patient_client, "change_email", f"mary{n}@example.com")
    assert ask(Client(), "signup", "new@example.com").status_code == 302


def test_nothing_of_the_senders_address_or_account_is_kept_as_it_is(patient, limits):
    ask(visitor("203.0.113.7"), "signup", "new@example.com")
    member = Client()
    member.force_login(patient)
    ask(member, "change_email", "mary.new@example.com")
    senders = list(EmailRequest.objects.values_list("sender", flat=True))
    assert len(senders) == 2
    for kept in senders:
        assert "203.0.113" not in kept
        assert str(patient.pk) != kept
        assert len(kept) == 64


def test_the_daily_clearing_forgets_who_asked_more_than_an_hour_ago(client, db, limits, frozen):
    start = frozen(timezone.now())
    ask(client, "signup", "early@example.com")
    frozen(start + timedelta(minutes=30))
    ask(client, "signup", "later@example.com")
    frozen(start + timedelta(hours=1, minutes=1))
    call_command("clearsessions")
    assert EmailRequest.objects.count() == 1


def test_a_refused_sign_up_makes_no_account_and_keeps_no_address(client, db, limits):
    for n in range(3):
        ask(client, "signup", f"new{n}@example.com")
    ask(client, "signup", "refused@example.com")
    assert not User.objects.exists()
    assert "refused@example.com" not in str(list(EmailRequest.objects.values()))


def test_only_emails_that_went_are_counted(client, db, limits):
    # Held back: one went to the address a moment ago.
    for _ in range(5):
        ask(client, "signup", "again@example.com")
    limits.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}
    for _ in range(5):
        ask(client, "signup", "down@example.com")
    limits.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert EmailRequest.objects.count() == 1
    assert ask(client, "signup", "b@example.com").status_code == 302
    assert ask(client, "signup", "c@example.com").status_code == 302
    assert len(mail.outbox) == 3


def test_a_forwarded_for_header_the_visitor_wrote_does_not_give_a_new_allowance(db, limits):
    """With no proxy in front (PROXY_COUNT=0), the header is the visitor's own words."""
    for n in range(3):
        spoofing = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        ask(spoofing, "signup", f"new{n}@example.com")
    spoofing = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert refused(ask(spoofing, "signup", "x@example.com"))


def test_behind_a_proxy_each_visitor_it_saw_has_their_own_allowance(db, limits):
    limits.PROXY_COUNT = 1
    limits.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    limits.AXES_IPWARE_PROXY_COUNT = 0
    limits.IPWARE_STRICT = False

    def via_proxy(visitor: str) -> Client:
        return Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=visitor)

    for n in range(3):
        ask(via_proxy("203.0.113.7"), "signup", f"new{n}@example.com")
    assert refused(ask(via_proxy("203.0.113.7"), "signup", "x@example.com"))
    assert ask(via_proxy("203.0.113.8"), "signup", "x@example.com").status_code == 302

"""Sign-up starts from an address; the account is made from the link emailed there, and no
page says whether an address has an account."""

import importlib
import re
from contextlib import contextmanager
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, make_user, sign_up, sign_up_link
from tests.toolkit.test_form_pack import Page
from toolkit.address_confirmation import SEND_AGAIN_AFTER
from toolkit.models import EmailClaim, Session, TimeZoneChange, User

DETAILS = {"display_name": "Pat", "password1": PASSWORD, "password2": PASSWORD}


@contextmanager
def freeze_after_the_wait():
    """Now, as it will be once an address may be emailed again."""
    later = timezone.now() + SEND_AGAIN_AFTER
    with mock.patch("django.utils.timezone.now", return_value=later):
        yield


def ask(client, email: str, next_page: str = ""):
    query = f"?next={next_page}" if next_page else ""
    return client.post(f"{reverse('signup')}{query}", {"email": email}, follow=True)


def test_the_link_emailed_to_the_address_creates_the_account_and_signs_in(client, db):
    page = Page(ask(client, "New.Person@Example.com").content.decode())
    assert page.text("h1") == "Check your email"
    assert "new.person@example.com" in page.text("main")
    assert not User.objects.exists()
    (email,) = mail.outbox
    assert email.to == ["new.person@example.com"]
    assert email.subject == "Create your account for the Parkinson's Toolkit"
    link = sign_up_link(client, "new.person@example.com")  # a second ask sends nothing new
    assert len(mail.outbox) == 1
    form = Page(client.get(link).content.decode())
    assert form.text("h1") == "Create your account"
    assert "new.person@example.com" in form.text("main")

    response = client.post(link, DETAILS)

    assert response["Location"] == reverse("profile")
    person = User.objects.get()
    assert (person.email, person.name, person.time_zone) == (
        "new.person@example.com",
        "Pat",
        "Europe/London",
    )
    assert not person.email_unconfirmed  # only the mailbox could open the link
    assert client.get(reverse("profile")).context["user"] == person
    assert not EmailClaim.objects.exists()


def test_the_page_is_the_same_whether_or_not_the_address_has_an_account(client, patient):
    for_new = Page(ask(client, "new@example.com").content.decode()).text("main")
    for_patient = Page(ask(client, patient.email).content.decode()).text("main")
    assert for_patient.replace(patient.email, "new@example.com") == for_new


def test_an_address_with_an_account_is_emailed_how_to_log_in_and_nothing_is_made(client, patient):
    ask(client, patient.email.upper())
    (email,) = mail.outbox
    assert email.to == [patient.email]
    assert email.subject == "You already have an account with the Parkinson's Toolkit"
    assert f"{reverse('login')}\n" in email.body
    assert reverse("password_reset") in email.body
    assert "/account/sign-up/" not in email.body
    assert User.objects.count() == 1
    assert EmailClaim.objects.get().email == patient.email  # claimed as any address is


def test_opening_the_link_makes_nothing_until_the_form_is_sent(client, db):
    link = sign_up_link(client, "ann@example.com")
    for _ in range(2):  # a mail scanner, then the person
        assert client.get(link).status_code == 200
    assert not User.objects.exists()


def test_a_link_works_once(client, db):
    link = sign_up_link(client, "ann@example.com")
    client.post(link, DETAILS)
    client.logout()
    response = client.post(link, DETAILS)
    assert response.status_code == 410
    assert Page(response.content.decode()).text("h1") == "This link no longer works"
    assert User.objects.count() == 1


def test_a_link_runs_out_after_24_hours(client, db, frozen):
    now = frozen(timezone.now())
    link = sign_up_link(client, "ann@example.com")
    frozen(now + timedelta(hours=24, seconds=1))
    assert client.get(link).status_code == 410
    assert client.post(link, DETAILS).status_code == 410
    assert not User.objects.exists()


def test_asking_again_within_5_minutes_sends_nothing_more_and_after_sends_a_new_link(
    client, db, frozen
):
    now = frozen(timezone.now())
    first = sign_up_link(client, "ann@example.com")
    for _ in range(3):
        ask(client, "ann@example.com")
    assert len(mail.outbox) == 1
    frozen(now + timedelta(minutes=5))
    second = sign_up_link(client, "ann@example.com")
    assert len(mail.outbox) == 2
    assert second != first
    assert client.get(first).status_code == 410  # only the newest link works
    assert client.post(second, DETAILS).status_code == 302


def test_an_address_that_has_an_account_by_the_time_the_link_is_opened_is_sent_to_log_in(
    client, db
):
    link = sign_up_link(client, "ann@example.com")
    make_user("ann@example.com")
    for response in (client.get(link), client.post(link, DETAILS)):
        assert response.status_code == 410
        page = Page(response.content.decode())
        assert page.text("h1") == "This account has already been created"
    assert User.objects.count() == 1


def test_a_refused_password_is_said_on_the_form_and_the_link_still_works(client, db):
    link = sign_up_link(client, "ann@example.com")
    response = client.post(link, {**DETAILS, "password2": "something else"})
    page = Page(response.content.decode())
    assert page.one(".nhsuk-error-summary__list a").get("href") == "#id_password2"
    assert not User.objects.exists()
    assert client.post(link, DETAILS).status_code == 302


@pytest.mark.parametrize("email", ["not an address", "", "a@b@example.com"])
def test_an_address_that_is_not_one_is_refused_on_the_form(client, db, email):
    page = Page(ask(client, email).content.decode())
    assert page.text("h1") == "Create an account"
    assert page.one(".nhsuk-error-summary__list a").get("href") == "#id_email"
    assert not mail.outbox
    assert not EmailClaim.objects.exists()


def test_a_mail_server_that_is_down_is_said_and_asking_again_is_not_held_back(
    client, db, settings, caplog
):
    mailers = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}
    page = Page(ask(client, "ann@example.com").content.decode())
    assert "We could not send the email just now" in page.text(".nhsuk-error-summary")
    assert not EmailClaim.objects.exists()
    assert "Failed to send signup_link email to an address to sign up" in caplog.text
    assert "example.com" not in caplog.text
    settings.MAILERS = mailers
    assert Page(ask(client, "ann@example.com").content.decode()).text("h1") == "Check your email"
    assert len(mail.outbox) == 1


def test_the_account_is_made_where_the_person_was_going(client, db):
    response = sign_up(client, "ann@example.com", next_page="/my-tracker")
    assert response["Location"] == "/my-tracker"


def test_a_page_outside_the_site_is_not_where_the_account_leads(client, db):
    response = sign_up(client, "ann@example.com", next_page="https://example.org/")
    assert response["Location"] == reverse("profile")


def test_the_time_zone_chosen_is_kept(client, db):
    sign_up(client, "ann@example.com", time_zone="America/Los_Angeles")
    assert User.objects.get().time_zone == "America/Los_Angeles"
    assert not TimeZoneChange.objects.exists()  # chosen, not changed from London


def test_the_form_asks_for_the_time_zone_with_london_chosen(client, db):
    page = Page(client.get(sign_up_link(client, "ann@example.com")).content.decode())
    assert page.one("select#id_time_zone option[selected]").get("value") == "Europe/London"
    # For the page's script to choose the browser's own zone instead, if the list has it.
    assert page.one("select#id_time_zone").get("data-browser-zone") == "choose"


def test_the_link_holds_nothing_of_the_address(client, db):
    link = sign_up_link(client, "ann.jones@example.com")
    assert "ann" not in link.lower()
    assert EmailClaim.objects.get().token_hash not in link  # the secret is not kept


def test_reloading_the_page_that_says_the_email_went_sends_nothing_more(client, db):
    assert ask(client, "ann@example.com").redirect_chain == [(reverse("signup_sent"), 302)]
    page = Page(client.get(reverse("signup_sent")).content.decode())
    assert "ann@example.com" in page.text("main")
    assert len(mail.outbox) == 1


def test_the_page_that_says_the_email_went_leads_to_sign_up_when_none_did(client, db):
    assert client.get(reverse("signup_sent"))["Location"] == reverse("signup")


def test_someone_signed_in_is_sent_home_from_sign_up(patient_client):
    assert patient_client.get(reverse("signup"))["Location"] == reverse("home")


def test_the_daily_clearing_of_sessions_forgets_addresses_whose_link_has_run_out(
    client, db, frozen
):
    now = frozen(timezone.now())
    sign_up_link(client, "old@example.com")
    frozen(now + timedelta(hours=23))
    sign_up_link(client, "recent@example.com")
    frozen(now + timedelta(hours=24))
    call_command("clearsessions")
    assert list(EmailClaim.objects.values_list("email", flat=True)) == ["recent@example.com"]


def test_each_step_takes_a_fixed_number_of_queries(client, patient, django_assert_num_queries):
    for email in (patient.email, "new@example.com"):  # as many with an account as without
        # The sender's allowance (the old requests deleted, this one, the counts), the claim
        # (the run-out ones deleted, the claim, its savepoint), then whose address.
        with django_assert_num_queries(9):
            client.post(reverse("signup"), {"email": email})
    with django_assert_num_queries(0):  # what was asked is in this browser's cookie
        client.get(reverse("signup_sent"))
    link = sign_up_link(client, "other@example.com")
    with django_assert_num_queries(2):  # the link's address, and whether it has an account
        client.get(link)


@pytest.mark.parametrize(
    "token", ["x", "a" * 5000, "%00", "..%2F..%2Fetc", "\u00e9t\u00e9", "sent2"]
)
def test_a_made_up_link_is_told_it_does_not_work(client, db, token):
    for response in (
        client.get(f"/account/sign-up/{token}"),
        client.post(f"/account/sign-up/{token}", DETAILS),
    ):
        assert response.status_code in (404, 410)
    assert not User.objects.exists()


def test_deleting_an_account_forgets_that_someone_asked_to_sign_up_as_it(client, patient):
    ask(client, patient.email)
    client.force_login(patient)
    client.post(reverse("delete_account"), {"password": PASSWORD})
    assert not User.objects.exists()
    assert not EmailClaim.objects.exists()


@pytest.mark.parametrize("first,then", [("signup", "password_reset"), ("password_reset", "signup")])
def test_a_sign_up_and_a_reset_asked_together_send_one_email_with_or_without_an_account(
    client, patient, first, then
):
    """Counted apart for an address with an account and together for one without, the second
    request sent an email for the one and nothing for the other: how soon it came back said
    which."""
    for email in (patient.email, "nobody@example.com"):
        sent = len(mail.outbox)
        client.post(reverse(first), {"email": email})
        client.post(reverse(then), {"email": email})
        assert len(mail.outbox) == sent + 1


def test_every_spelling_of_one_mailbox_is_one_address(client, db):
    spellings = [
        "victim@b\u00fccher.example",
        "victim@xn--bcher-kva.example",
        "VICTIM@B\u00dcCHER.EXAMPLE",
        "victim@b\u00fcch\uff45r.example",  # a full-width e
    ]
    for email in spellings:
        ask(client, email)
    (message,) = mail.outbox
    assert message.to == ["victim@xn--bcher-kva.example"]
    link = re.search(r"/account/sign-up/\S+", message.body).group()
    client.post(link, DETAILS)
    client.logout()
    mail.outbox.clear()
    with freeze_after_the_wait():
        client.post(reverse("password_reset"), {"email": spellings[0]})
    (reset,) = mail.outbox
    assert reset.subject == "Reset your password for the Parkinson's Toolkit"
    assert "no account uses it" not in reset.body


def test_asking_keeps_nothing_in_a_session_and_the_address_for_an_hour_in_this_browser(client, db):
    response = client.post(reverse("signup"), {"email": "ann@example.com"})
    assert not Session.objects.exists()
    cookie = response.cookies["signup"]
    assert (cookie["max-age"], cookie["path"], cookie["httponly"]) == (
        3600,
        "/account/sign-up",
        True,
    )


def test_where_the_asker_was_going_is_followed_only_in_the_browser_that_asked(client, db):
    """Kept with the claim, it let whoever asked for someone's address choose where its owner
    landed after making the account: an invitation to help the asker, say."""
    link = sign_up_link(client, "ann@example.com", next_page="/account/sharing")
    elsewhere = Client()
    assert elsewhere.post(link, DETAILS)["Location"] == reverse("profile")


@pytest.mark.parametrize(
    "name", ["Ann\nURGENT: verify at http://evil.example", "Ann\x1bSmith", "A\u2028B"]
)
def test_a_name_on_more_than_one_line_is_refused(client, db, name):
    link = sign_up_link(client, "ann@example.com")
    page = Page(client.post(link, {**DETAILS, "display_name": name}).content.decode())
    assert "Write your name on one line" in page.text("#id_display_name-error")
    assert not User.objects.exists()


def test_asking_to_change_to_an_address_emailed_a_moment_ago_waits(patient_client, patient):
    patient_client.post(reverse("change_email"), {"email": "new@example.com"})
    response = patient_client.post(reverse("change_email"), {"email": "new@example.com"})
    said = "We emailed new@example.com less than 5 minutes ago. Try again in a few minutes."
    assert Page(response.content.decode()).text("#id_email-error") == f"Error: {said}"
    Client().post(reverse("signup"), {"email": "new@example.com"})
    assert len(mail.outbox) == 1


def test_accounts_kept_in_another_spelling_are_folded_and_still_log_in(client, db):
    upgrade = importlib.import_module("toolkit.migrations.0012_email_claim")
    ann = make_user("ann@example.com")
    User.objects.filter(pk=ann.pk).update(email="ann@b\u00fccher.example")  # as kept before
    taken = make_user("bob@xn--bcher-kva.example")
    clash = make_user("bob@example.com")
    User.objects.filter(pk=clash.pk).update(email="bob@b\u00fccher.example")
    upgrade.one_spelling_per_mailbox(django_apps, None)
    ann.refresh_from_db()
    assert ann.email == "ann@xn--bcher-kva.example"
    assert User.objects.get(pk=clash.pk).email == "bob@b\u00fccher.example"  # left, not lost
    assert User.objects.get(pk=taken.pk).email == "bob@xn--bcher-kva.example"
    log_in = {"username": "Ann@B\u00dcCHER.example", "password": PASSWORD}
    assert client.post(reverse("login"), log_in).status_code == 302

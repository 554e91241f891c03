"""An account made at sign-up before sign-up began from a link emailed to the address has an
address nobody has shown to be theirs: until a link sent there is opened, nothing is emailed
there for it and it invites nobody, and a password reset from that mailbox ends whatever access
was set up before."""

import html
import re
import time
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.core.signing import b62_encode
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notes.models import CalendarFeed, Note
from notes.views.calendar import feed_path
from tests.conftest import PASSWORD, grant_care, make_user, new_token, sign_in_as_carer
from tests.toolkit.test_accounts import new_password_page
from tests.toolkit.test_form_pack import Page
from tests.toolkit.test_sharing import confirm_link, invite, pending_invitation
from tests.tracker.summary_record_urls import specialist_link
from toolkit.address_confirmation import (
    ADDRESS_LINK_MAX_AGE,
    SEND_AGAIN_AFTER,
    address_link_sent,
)
from toolkit.models import AccessEvent, CareGrant, Session, SpecialistLink, User

NEW = {"email": "ann@example.com", "display_name": "Ann", "password1": PASSWORD}
NEW_PASSWORD = "a longer and newer passphrase"
RESET = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
SUBJECT = "Confirm your email address for the Parkinson's Toolkit"
SEND_AGAIN = reverse("send_address_link")
SAID_UNCONFIRMED = "Confirm your email address"


def unconfirmed_account(client, email: str = NEW["email"]) -> User:
    """An account as sign-up made one before it began from the address: signed in at once,
    its address unconfirmed and sent the link to confirm it."""
    person = User.objects.create_user(
        email, NEW["password1"], display_name=NEW["display_name"], email_unconfirmed=True
    )
    client.force_login(person)
    address_link_sent(person)
    return person


def address_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/account/address/confirm/\S+)", message.body).group(1)


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def banner(client, url: str) -> list:
    return Page(client.get(url).content.decode()).all(".app-confirm-address")


@pytest.fixture
def ann(client, db):
    """Ann has just signed up, and is signed in on `client`; the link is in her mailbox."""
    return unconfirmed_account(client)


# Signing up


def test_the_link_to_confirm_the_address_names_no_address(client, ann):
    assert ann.email_unconfirmed
    [message] = mail.outbox
    assert message.to == ["ann@example.com"]
    assert message.subject == SUBJECT
    path = address_link(message)
    assert "ann@example.com" not in path
    assert "If you did not create this account, do not open the link" in message.body
    [(part, _)] = message.alternatives
    assert f'href="http://testserver{path}"' in part


def test_an_account_whose_address_is_not_confirmed_records_at_once(client, ann):
    response = client.post(reverse("tracker_right_now"), {"state": "on"}, follow=True)
    assert "Recorded “ON without dyskinesia”" in text(response)
    note = {"written_on": "2026-01-01", "title": "Walk", "text": "Better today"}
    client.post(reverse("notes_note_new"), {**note, "token": new_token()})
    assert Note.objects.filter(patient=ann, title="Walk").exists()


def test_accounts_made_any_other_way_are_confirmed(db):
    call_command("demoaccount", stdout=None)
    User.objects.create_superuser("admin@example.com", PASSWORD)
    made = make_user("someone@example.com")
    assert not User.objects.filter(email_unconfirmed=True).exists()
    assert not made.email_unconfirmed
    assert not mail.outbox


def test_a_link_the_mail_server_did_not_take_can_be_sent_again_at_once(client, db, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}
    unconfirmed_account(client)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    client.post(SEND_AGAIN)  # at once: nothing was sent
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]


# The notice, on some pages only


@pytest.mark.parametrize("name", ["profile", "sharing", "notes_reminders"])
def test_the_account_sharing_and_reminders_pages_say_to_confirm(client, ann, name):
    [notice] = banner(client, reverse(name))
    words = " ".join("".join(notice.itertext()).split())
    assert SAID_UNCONFIRMED in words
    assert "ann@example.com" in words
    [button] = Page(client.get(reverse(name)).content.decode()).all(".app-confirm-address button")
    assert "Send the link again" in "".join(button.itertext())


@pytest.mark.parametrize("name", ["home", "tracker_home", "notes_home"])
def test_other_pages_do_not(client, ann, name):
    assert banner(client, reverse(name)) == []


def test_a_confirmed_account_sees_no_notice(patient_client):
    for name in ("profile", "sharing", "notes_reminders"):
        assert banner(patient_client, reverse(name)) == []


def test_a_carer_working_on_someone_s_reminders_is_not_told_of_their_own_address(
    client, patient, ann
):
    grant_care(patient, ann, notes="edit")
    sign_in_as_carer(client, ann, patient)
    assert banner(client, reverse("notes_reminders")) == []


# Sending the link again


def test_the_link_is_sent_again_at_most_once_every_few_minutes_and_says_so(client, ann, frozen):
    now = frozen(timezone.now() + timedelta(minutes=1))
    response = client.post(SEND_AGAIN, {"next": reverse("sharing")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("sharing")
    assert len(mail.outbox) == 1  # the one from signing up, a minute ago
    said = "We sent a link to ann@example.com less than 5 minutes ago. You can ask for "
    assert said + "another in 4 minutes." in text(response)
    frozen(now + SEND_AGAIN_AFTER)
    response = client.post(SEND_AGAIN, follow=True)
    assert response.redirect_chain[-1][0] == reverse("profile")
    assert "We have sent a new link to ann@example.com." in text(response)
    assert [m.to for m in mail.outbox] == [["ann@example.com"]] * 2
    client.post(SEND_AGAIN)
    assert len(mail.outbox) == 2


def test_sending_again_leads_to_no_address_outside_the_site(client, ann):
    response = client.post(SEND_AGAIN, {"next": "https://example.org/"})
    assert response["Location"] == reverse("profile")


def test_a_confirmed_account_is_sent_no_link(patient_client):
    response = patient_client.post(SEND_AGAIN, follow=True)
    assert "Your email address is already confirmed." in text(response)
    assert not mail.outbox


def test_sending_again_is_only_by_pressing_the_button(client, ann):
    assert client.get(SEND_AGAIN).status_code == 405
    client.logout()
    assert client.post(SEND_AGAIN)["Location"].startswith(reverse("login"))
    assert len(mail.outbox) == 1


def test_a_link_that_could_not_be_sent_again_says_so_and_may_be_asked_for_at_once(
    client, ann, frozen, settings
):
    frozen(timezone.now() + SEND_AGAIN_AFTER)
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}
    response = client.post(SEND_AGAIN, follow=True)
    assert "We could not send the link just now. Try again in a few minutes." in text(response)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    client.post(SEND_AGAIN)
    assert len(mail.outbox) == 2


# Opening the link


def test_opening_the_link_asks_first_then_the_button_confirms(client, ann):
    path = address_link(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    # Mail scanners open links: opening it alone confirms nothing.
    ann.refresh_from_db()
    assert ann.email_unconfirmed
    response = client.post(path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("profile")
    assert "Your email address, ann@example.com, is confirmed." in text(response)
    ann.refresh_from_db()
    assert not ann.email_unconfirmed
    assert banner(client, reverse("profile")) == []


def test_the_link_works_for_someone_not_signed_in(client, ann):
    path = address_link(mail.outbox[0])
    elsewhere = Client()
    page = elsewhere.get(path)
    assert page.status_code == 200
    # Whoever typed the address at sign-up may still be signed in: its owner is warned.
    said = "If you did not create this account, do not confirm it: close this page."
    assert said in text(page)
    response = elsewhere.post(path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Your email address, ann@example.com, is confirmed." in text(response)
    ann.refresh_from_db()
    assert not ann.email_unconfirmed


def test_the_link_works_for_someone_signed_in_to_another_account(client, ann, stranger):
    path = address_link(mail.outbox[0])
    client.force_login(stranger)
    response = client.post(path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    ann.refresh_from_db()
    stranger.refresh_from_db()
    assert not ann.email_unconfirmed
    assert not stranger.email_unconfirmed


def expired(monkeypatch, client) -> str:
    long_ago = int(time.time()) - ADDRESS_LINK_MAX_AGE - 1
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda _: b62_encode(long_ago))
    client.post(SEND_AGAIN)
    monkeypatch.undo()
    return address_link(mail.outbox[-1])


@pytest.mark.parametrize(
    "link,said",
    [
        ("used", "Your email address is already confirmed"),
        ("tampered with", "This link does not work."),
        ("for an address since changed", "This link was for an address the account no longer"),
        ("for an account since deleted", "This link does not work."),
        ("expired", "This link has expired."),
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_that_no_longer_works_says_why(client, ann, monkeypatch, frozen, link, said, method):
    path = address_link(mail.outbox[0])
    if link == "used":
        client.post(path)
    elif link == "tampered with":
        path = path[:-2] + ("AA" if not path.endswith("AA") else "BB")
    elif link == "for an address since changed":
        User.objects.filter(pk=ann.pk).update(email="ann.new@example.com")
    elif link == "for an account since deleted":
        ann.delete()
    else:
        frozen(timezone.now() + SEND_AGAIN_AFTER)
        path = expired(monkeypatch, client)
    response = getattr(Client(), method)(path)
    assert response.status_code == 410
    assert said in text(response)
    assert User.objects.filter(email_unconfirmed=False, email="ann@example.com").exists() == (
        link == "used"
    )


@pytest.mark.parametrize("token", ["x", "%00", "a" * 500, "e30:1:2", "'; --"])
def test_any_token_is_a_clear_refusal_never_a_fault(client, db, token):
    response = client.get(f"/account/address/confirm/{token}")
    assert response.status_code in (404, 410)


def test_the_link_page_takes_a_fixed_number_of_queries(client, ann, django_assert_num_queries):
    path = address_link(mail.outbox[0])
    with django_assert_num_queries(1):  # the account the link names
        assert Client().get(path).status_code == 200
    with django_assert_num_queries(2):  # the session with its person; the account
        assert client.get(path).status_code == 200
    with django_assert_num_queries(2):  # the account; confirming it
        assert Client().post(path).status_code == 302


def test_sending_again_takes_a_fixed_number_of_queries(
    client, ann, frozen, django_assert_num_queries
):
    frozen(timezone.now() + SEND_AGAIN_AFTER)
    # The session with its person; claiming the send, sent or too soon.
    with django_assert_num_queries(2):
        client.post(SEND_AGAIN)
    with django_assert_num_queries(2):
        client.post(SEND_AGAIN)
    assert len(mail.outbox) == 2


# What waits for the address


def test_an_account_whose_address_is_not_confirmed_invites_nobody(client, ann):
    page = Page(client.get(reverse("sharing")).content.decode())
    assert page.all(f'a[href="{reverse("sharing_invite")}"]') == []
    said = "You can invite someone once you have confirmed that ann@example.com is your address."
    assert said in page.text(".app-confirm-address")
    assert client.get(reverse("sharing_invite"))["Location"] == reverse("sharing")
    response = invite(client, "john@example.com")
    assert response["Location"] == reverse("sharing")
    assert not CareGrant.objects.exists()
    assert len(mail.outbox) == 1


def test_once_confirmed_it_invites(client, ann):
    client.post(address_link(mail.outbox[0]))
    assert invite(client, "john@example.com")["Location"] == reverse("sharing")
    assert mail.outbox[-1].to == ["john@example.com"]


# A password reset from the mailbox


def plant(ann, patient, carer):
    """What whoever made Ann's account could leave in it: a carer of their own who may record,
    access to someone else's records, a specialist link, a session, the calendar's address."""
    planted = grant_care(ann, carer, tracker="edit", notes="edit")
    helping = grant_care(patient, ann, notes="view")
    link = SpecialistLink.objects.get(pk=specialist_link(ann)["link_id"])
    elsewhere = Client()
    elsewhere.force_login(ann)
    calendar = feed_path(CalendarFeed.objects.create(patient=ann))
    assert Client().get(calendar).status_code == 200
    return planted, helping, link, elsewhere, calendar


def test_a_reset_of_an_unconfirmed_account_confirms_it_and_ends_all_it_set_up(
    client, ann, patient, carer
):
    planted, helping, link, elsewhere, calendar = plant(ann, patient, carer)
    client.logout()
    mail.outbox.clear()
    response = client.post(new_password_page(client, ann.email), RESET, follow=True)
    said = (
        "Your email address is now confirmed. Until now nobody had shown that it was yours, "
        "so someone else may have made this account"
    )
    assert said in text(response)
    assert "Nobody else can see or record in its records any more" in text(response)
    ann.refresh_from_db()
    assert not ann.email_unconfirmed
    for row in (planted, helping, link):
        row.refresh_from_db()
        assert row.revoked_at is not None
    assert not Session.objects.filter(person=ann).exists()
    assert elsewhere.get(reverse("profile")).status_code == 302
    # The calendar's secret address no longer reads the owner's appointments and reminders.
    assert Client().get(calendar).status_code == 404
    # The carer it had reads nothing the owner writes after.
    Note.objects.create(patient=ann, written_on="2026-01-01", title="Private", text="Mine")
    response = sign_in_as_carer(Client(), carer, ann).get(reverse("notes_notes"))
    assert response.context["access"].patient == carer
    assert "Private" not in response.content.decode()
    # Each person whose access changed sees it in the access log.
    assert AccessEvent.objects.filter(patient=ann, action="access_changed").exists()
    assert AccessEvent.objects.filter(patient=patient, actor=ann).exists()


def test_a_reset_of_a_confirmed_account_leaves_its_sharing(client, patient, carer):
    grant = grant_care(patient, carer, tracker="edit")
    response = client.post(new_password_page(client, patient.email), RESET, follow=True)
    assert "Until now nobody had shown" not in text(response)
    grant.refresh_from_db()
    assert grant.revoked_at is None


# A change of address


def test_confirming_a_new_address_confirms_the_account_and_tells_not_the_unconfirmed_one(
    client, ann
):
    client.post(reverse("change_email"), {"email": "ann.right@example.com"})
    client.post(confirm_link(mail.outbox[-1]))
    ann.refresh_from_db()
    assert ann.email == "ann.right@example.com"
    assert not ann.email_unconfirmed
    # The address it had was never shown to be hers: a stranger's, maybe, mistyped. Told,
    # they would learn her new one and get a link that puts theirs back.
    assert [m.to for m in mail.outbox] == [["ann@example.com"], ["ann.right@example.com"]]


# An invitation accepted


def test_accepting_an_invitation_sent_to_the_accounts_own_address_confirms_it(client, ann, patient):
    """The invitation's link reached that mailbox, as the confirming link would have: a carer
    who signed up from it keeps the people they help after a forgotten password."""
    client.post(pending_invitation(patient, ann.email.upper()))
    ann.refresh_from_db()
    assert not ann.email_unconfirmed
    grant = CareGrant.objects.current().get(carer=ann)
    client.logout()
    mail.outbox.clear()
    client.post(new_password_page(client, ann.email), RESET, follow=True)
    grant.refresh_from_db()
    assert grant.revoked_at is None


def test_accepting_one_sent_to_another_address_confirms_nothing(client, ann, patient):
    client.post(pending_invitation(patient, "ann.work@example.com"))
    assert CareGrant.objects.current().get().carer == ann
    ann.refresh_from_db()
    assert ann.email_unconfirmed

"""Every email the app sends: the subject and the text part say what was typed, with no HTML
entities; the HTML part stays escaped."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from notes.delivery import run_pass
from notes.models import Reminder
from tests.conftest import PASSWORD, make_user
from tests.toolkit.test_sharing import confirm_link

NAME = "O'Brien & Sons <x>"
ADDRESS = "o'brien&sons@example.com"
MESSAGE = 'Take the "blue" pills & stretch <now>'
ENTITIES = re.compile(r"&(?:#x?[0-9a-f]+|[a-z]+);", re.I)


@pytest.fixture
def obrien(db):
    return make_user(ADDRESS, NAME)


def assert_plain_text_as_typed(message, *typed):
    """No entity in the subject or text, the typed values as they are, and escaped in the HTML."""
    for text in (message.subject, message.body):
        assert not ENTITIES.search(text), text
    assert "Parkinson's Toolkit" in message.subject + message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html"
    for value in typed:
        assert value in message.subject + message.body
        assert value not in html
        assert escape(value) in html


def test_an_invitation_from_a_patient_with_an_apostrophe_in_their_name(client, obrien, mailoutbox):
    client.force_login(obrien)
    client.post(
        reverse("sharing_invite"), {"email": "john@example.com", "tracker": "view", "notes": "none"}
    )
    [message] = mailoutbox
    assert_plain_text_as_typed(message, NAME, ADDRESS)
    assert message.subject == f"{NAME} invites you to help with their Parkinson's Toolkit records"
    assert "My Reminders & Notes" in message.body


def test_a_change_of_email_address(client, patient, mailoutbox):
    client.force_login(patient)
    client.post(reverse("change_email"), {"email": ADDRESS})
    [message] = mailoutbox
    assert_plain_text_as_typed(message, ADDRESS)


def test_notice_of_a_change_of_email_address_to_the_old_one(client, patient, mailoutbox):
    client.force_login(patient)
    client.post(reverse("change_email"), {"email": ADDRESS})
    client.post(confirm_link(mailoutbox[0]))
    notice = mailoutbox[1]
    assert notice.to == ["mary@example.com"]
    assert_plain_text_as_typed(notice, ADDRESS)


def test_notice_of_a_new_password(client, obrien, mailoutbox):
    client.force_login(obrien)
    new = "a longer and newer passphrase"
    client.post(
        reverse("change_password"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    [message] = mailoutbox
    assert message.to == [ADDRESS]
    assert_plain_text_as_typed(message, ADDRESS)


def test_a_password_reset(client, obrien, mailoutbox, settings):
    settings.SITE_URL = "https://toolkit.example.org"
    # The link starts with the site's address, as every other email's does, never with the
    # Host the request came with.
    client.post(reverse("password_reset"), {"email": ADDRESS}, HTTP_HOST="localhost")
    [message] = mailoutbox
    assert message.to == [ADDRESS]
    assert_plain_text_as_typed(message, ADDRESS)
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith("https://toolkit.example.org/account/password-reset/")


def test_a_reminder(obrien, mailoutbox):
    set_up = datetime(2025, 6, 2, 5, tzinfo=UTC)
    Reminder.objects.create(
        patient=obrien,
        kind=Reminder.CUSTOM,
        message=MESSAGE,
        times=["08:00"],
        counts_from=set_up,
    )
    run_pass(datetime(2025, 6, 2, 7, tzinfo=UTC))
    [message] = mailoutbox
    assert_plain_text_as_typed(message, NAME, MESSAGE)


def test_a_password_reset_that_cannot_be_sent_looks_the_same_to_the_visitor(
    client, obrien, settings, caplog
):
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}
    response = client.post(reverse("password_reset"), {"email": ADDRESS})
    assert response.status_code == 302
    said = "Failed to send password_reset email to an address to reset: SMTPException"
    assert said in caplog.text
    assert ADDRESS not in caplog.text  # a refused recipient's error names the address

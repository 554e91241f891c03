"""Changing SECRET_KEY: with the old key in SECRET_KEY_FALLBACKS, what it signed before the change
still works; without it, what docs/deploying.md says stops working does, and nothing else."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notes.delivery import stop_url
from notes.models import CalendarFeed
from notes.views.calendar import feed_path
from tests.conftest import PASSWORD, sign_up_link
from tests.notes.test_delivery import reminder
from tests.toolkit.test_accounts import ask_to_change_email
from tests.toolkit.test_confirm_address import address_link, unconfirmed_account
from tests.toolkit.test_device_cookies import is_paused, log_in, owners_browser, pause_the_account
from tests.toolkit.test_sessions import is_signed_in, signed_in_client
from tests.toolkit.test_settings import settings_module
from toolkit.device_cookies import failed_log_ins
from toolkit.lib.tokens import new_token
from toolkit.models import SpecialistLink, User

NEW_KEY = "a-new-secret-key-for-the-rotation-" + "n" * 40


@pytest.fixture
def rotate(settings):
    """Bring in a new SECRET_KEY, keeping the old one as a fallback or not."""

    def rotate(keep_the_old_key: bool) -> None:
        settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY] if keep_the_old_key else []
        settings.SECRET_KEY = NEW_KEY

    return rotate


def test_earlier_keys_are_read_from_the_environment_separated_by_commas():
    module = settings_module(SECRET_KEY_FALLBACKS=" the-last-key , the-one-before ,")
    assert module.SECRET_KEY_FALLBACKS == ["the-last-key", "the-one-before"]


def test_without_earlier_keys_set_there_are_none(monkeypatch):
    monkeypatch.delenv("SECRET_KEY_FALLBACKS", raising=False)
    assert settings_module().SECRET_KEY_FALLBACKS == []


@pytest.mark.parametrize(("keep_the_old_key", "signed_in"), [(True, True), (False, False)])
def test_a_session_stays_signed_in_only_with_the_old_key_kept(
    patient, rotate, keep_the_old_key, signed_in
):
    client = signed_in_client(patient)
    rotate(keep_the_old_key)
    assert is_signed_in(client) is signed_in


@pytest.mark.parametrize(("keep_the_old_key", "status"), [(True, 200), (False, 404)])
def test_a_reminders_stop_link_sent_before_the_change_works_only_with_the_old_key_kept(
    client, patient, rotate, keep_the_old_key, status
):
    stretches = reminder(patient, "08:00")
    link = stop_url(stretches).removeprefix("http://testserver")
    rotate(keep_the_old_key)
    assert client.post(link).status_code == status
    stretches.refresh_from_db()
    assert stretches.active is not keep_the_old_key


@pytest.mark.parametrize("keep_the_old_key", [True, False])
def test_a_password_reset_link_sent_before_the_change_works_only_with_the_old_key_kept(
    client, patient, rotate, keep_the_old_key
):
    client.post(reverse("password_reset"), {"email": patient.email})
    link = mail.outbox[-1].body.split("http://testserver", 1)[1].split()[0]
    rotate(keep_the_old_key)
    response = client.get(link)
    # A link that works leads on to the form for the new password; one that does not says so.
    assert (response.status_code == 302) is keep_the_old_key


@pytest.mark.parametrize(("keep_the_old_key", "status"), [(True, 200), (False, 410)])
def test_an_email_change_link_sent_before_the_change_works_only_with_the_old_key_kept(
    patient_client, patient, rotate, keep_the_old_key, status
):
    link = ask_to_change_email(patient_client)
    rotate(keep_the_old_key)
    patient_client.force_login(patient)  # without the old key, the session went with it
    assert patient_client.get(link).status_code == status


@pytest.mark.parametrize(("keep_the_old_key", "status"), [(True, 200), (False, 404)])
def test_a_calendar_address_given_before_the_change_works_only_with_the_old_key_kept(
    client, patient, rotate, keep_the_old_key, status
):
    address = feed_path(CalendarFeed.objects.create(patient=patient))
    rotate(keep_the_old_key)
    assert client.get(address).status_code == status


@pytest.mark.parametrize(("keep_the_old_key", "status"), [(True, 200), (False, 410)])
def test_an_address_confirming_link_sent_before_the_change_works_only_with_the_old_key_kept(
    client, db, rotate, keep_the_old_key, status
):
    unconfirmed_account(client)
    link = address_link(mail.outbox[-1])
    rotate(keep_the_old_key)
    assert Client().get(link).status_code == status


@pytest.mark.parametrize("keep_the_old_key", [True, False])
def test_the_owners_browser_logs_in_past_a_strangers_guesses_only_with_the_old_key_kept(
    patient, settings, rotate, keep_the_old_key
):
    owner = owners_browser()
    rotate(keep_the_old_key)
    pause_the_account(settings)
    assert is_paused(log_in(owner)) is not keep_the_old_key


def test_wrong_passwords_a_browser_typed_before_the_change_are_still_found_for_its_account(
    patient, settings, rotate
):
    owner = owners_browser()
    log_in(owner, "a guess")
    rotate(keep_the_old_key=True)
    assert failed_log_ins(patient.email).count() == 1


def test_sign_up_and_specialist_links_do_not_depend_on_the_key(client, patient, rotate):
    """Only a hash of their random token is kept, unkeyed: a new key leaves them working."""
    signing_up = sign_up_link(Client(), "new.person@example.com")
    token, token_hash = new_token()
    SpecialistLink.objects.create(
        patient=patient,
        token_hash=token_hash,
        start_date=patient.local_today(),
        days=3,
        expires_at=timezone.now() + timedelta(days=14),
    )
    rotate(keep_the_old_key=False)
    form = {"display_name": "", "password1": PASSWORD, "password2": PASSWORD}
    assert Client().post(signing_up, form).status_code == 302
    assert User.objects.filter(email="new.person@example.com").exists()
    assert client.get(reverse("specialist_summary", args=[token])).status_code == 200

"""A browser that has logged in to an account before keeps logging in to it while strangers'
wrong passwords pause everyone else's log-ins to the account."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import signing
from django.core.signing import b62_encode
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, make_user, sign_up
from tests.toolkit.test_accounts import NEW_PASSWORD, new_password_page

COOKIE = "device"
HALF_A_YEAR = timedelta(days=180)
STRANGERS_ADDRESS = "203.0.113.9"
HOME = "198.51.100.4"
ELSEWHERE = "192.0.2.7"


def log_in(client, password: str = PASSWORD, email: str = "mary@example.com", **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def owners_browser(address: str = HOME, email: str = "mary@example.com") -> Client:
    """A browser that has logged in to the account, and logged out since."""
    browser = Client(REMOTE_ADDR=address)
    assert log_in(browser, email=email).status_code == 302
    browser.post(reverse("logout"))
    return browser


def pause_the_account(settings, address: str = STRANGERS_ADDRESS) -> None:
    stranger = Client(REMOTE_ADDR=address)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(stranger, "a guess")


def is_paused(response) -> bool:
    return response.status_code == 429 and b"Too many attempts" in response.content


def test_logging_in_sets_a_long_lived_cookie_that_does_not_hold_the_address(patient, settings):
    cookie = log_in(Client()).cookies[COOKIE]
    assert cookie["max-age"] == HALF_A_YEAR.total_seconds()
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert settings.SESSION_COOKIE_SECURE
    assert cookie["secure"] is True
    assert "mary" not in cookie.value.lower()
    assert "example" not in cookie.value.lower()
    settings.SESSION_COOKIE_SECURE = False  # local development over plain http
    assert log_in(Client()).cookies[COOKIE]["secure"] == ""


def test_the_browser_an_account_was_made_in_is_its_owners(settings, db):
    browser = Client(REMOTE_ADDR=HOME)
    assert sign_up(browser, "New.Person@Example.com").status_code == 302
    browser.post(reverse("logout"))
    stranger = Client(REMOTE_ADDR=STRANGERS_ADDRESS)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(stranger, "a guess", email="new.person@example.com")
    assert is_paused(log_in(stranger, email="new.person@example.com"))
    assert log_in(browser, email="new.person@example.com").status_code == 302


def test_a_wrong_password_sets_no_cookie(patient):
    assert COOKIE not in log_in(Client(), "a guess").cookies


def test_after_a_strangers_wrong_passwords_the_owners_browser_still_logs_in(patient, settings):
    owner = owners_browser()
    pause_the_account(settings)
    response = log_in(owner)
    assert response.status_code == 302
    assert owner.session["_auth_user_id"] == str(patient.pk)
    assert is_paused(log_in(Client(REMOTE_ADDR=ELSEWHERE)))


def test_the_owners_browser_typing_wrong_passwords_is_paused_on_its_own(patient, settings):
    owner = owners_browser()
    # From a phone that moves between networks: no address is paused.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(owner, "a guess", REMOTE_ADDR=f"10.0.0.{attempt}")
    assert is_paused(log_in(owner, REMOTE_ADDR="10.0.0.99"))
    assert log_in(Client(REMOTE_ADDR=ELSEWHERE)).status_code == 302


def test_a_log_in_forgets_the_browsers_earlier_wrong_passwords(patient, settings):
    owner = owners_browser()
    for _ in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            log_in(owner, "a guess")
        assert log_in(owner).status_code == 302
        owner.post(reverse("logout"))


def a_cookie_for_another_account(monkeypatch) -> str:
    make_user("carer@example.com")
    return owners_browser(email="carer@example.com").cookies[COOKIE].value


def a_tampered_cookie(monkeypatch) -> str:
    value = owners_browser().cookies[COOKIE].value
    return ("0" if value[0] != "0" else "1") + value[1:]


def a_cookie_without_its_signature(monkeypatch) -> str:
    value = owners_browser().cookies[COOKIE].value
    return value.rsplit(":", 2)[0]  # without the time it was signed and the signature


def a_cookie_older_than_half_a_year(monkeypatch) -> str:
    over_half_a_year_ago = int(time.time() - HALF_A_YEAR.total_seconds()) - 1
    with monkeypatch.context() as past:
        past.setattr(
            signing.TimestampSigner, "timestamp", lambda _: b62_encode(over_half_a_year_ago)
        )
        return owners_browser().cookies[COOKIE].value


@pytest.mark.parametrize(
    "cookie",
    [
        a_cookie_for_another_account,
        a_tampered_cookie,
        a_cookie_without_its_signature,
        a_cookie_older_than_half_a_year,
    ],
)
def test_a_cookie_that_is_not_the_accounts_own_counts_as_none(
    patient, settings, monkeypatch, cookie
):
    value = cookie(monkeypatch)
    pause_the_account(settings)
    browser = Client(REMOTE_ADDR=HOME)
    browser.cookies[COOKIE] = value
    assert is_paused(log_in(browser))


def test_a_neighbours_wrong_passwords_on_the_same_address_do_not_pause_the_owners_browser(
    patient, settings
):
    owner = owners_browser()
    neighbour = Client(REMOTE_ADDR=HOME)  # the same care home's Wi-Fi
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(neighbour, "wrong", email=f"nobody{attempt}@example.com")
    assert is_paused(log_in(neighbour))  # the address is paused for browsers without a cookie
    assert log_in(owner).status_code == 302


def test_a_browser_guessing_at_other_accounts_is_paused_by_its_address(patient, settings):
    guesser = owners_browser()  # holds Mary's cookie, which says nothing of other accounts
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(guesser, "wrong", email=f"nobody{attempt}@example.com")
    assert is_paused(log_in(guesser, "wrong", email="someone@example.com"))


def test_a_new_password_ends_the_pause_on_the_account_and_on_its_browsers(patient, settings):
    owner = owners_browser()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(owner, "a guess")
    pause_the_account(settings)
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    other = Client(REMOTE_ADDR="198.51.100.77")
    other.post(new_password_page(other, patient.email), new)
    # The owner's browser moved: its address was paused by its own wrong passwords.
    assert log_in(owner, NEW_PASSWORD, REMOTE_ADDR="198.51.100.5").status_code == 302
    assert log_in(Client(REMOTE_ADDR=ELSEWHERE), NEW_PASSWORD).status_code == 302


def test_deleting_the_account_deletes_the_failed_log_ins_of_its_browsers(patient):
    laptop = owners_browser()
    log_in(laptop, "a guess")
    phone = Client(REMOTE_ADDR=ELSEWHERE)
    log_in(phone)
    assert AccessAttempt.objects.exists()
    phone.post(reverse("delete_account"), {"password": PASSWORD})
    assert not AccessAttempt.objects.exists()


def test_failed_log_ins_with_the_cookie_are_logged_by_address_only(patient, settings, caplog):
    owner = owners_browser()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(owner, "a guess")
    assert "AXES: Repeated login failure" in caplog.text
    assert HOME in caplog.text
    assert "mary" not in caplog.text
    assert AccessAttempt.objects.get().username not in caplog.text


def signed_in_owner() -> Client:
    owner = Client(REMOTE_ADDR=HOME)
    assert log_in(owner).status_code == 302
    return owner


def test_a_wrong_password_to_confirm_does_not_sign_the_owner_out_for_a_strangers_guesses(
    patient, settings
):
    owner = signed_in_owner()
    pause_the_account(settings)
    response = owner.post(reverse("confirm_password"), {"password": "a slip"})
    assert b"That is not your password" in response.content
    assert owner.post(reverse("confirm_password"), {"password": PASSWORD}).status_code == 302
    assert "_auth_user_id" in owner.session


def test_wrong_passwords_to_confirm_pause_log_ins_from_that_browser(patient, settings):
    owner = signed_in_owner()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = owner.post(reverse("confirm_password"), {"password": "a guess"})
    assert is_paused(response)
    assert "_auth_user_id" not in owner.session
    assert is_paused(log_in(owner, REMOTE_ADDR="10.0.0.99"))
    assert log_in(Client(REMOTE_ADDR=ELSEWHERE)).status_code == 302


def test_a_browser_that_chose_a_new_password_by_email_is_not_paused_by_its_address(
    patient, settings
):
    neighbour = Client(REMOTE_ADDR=HOME)  # the same Wi-Fi
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(neighbour, "wrong", email=f"nobody{attempt}@example.com")
    owner = Client(REMOTE_ADDR=HOME)
    assert is_paused(log_in(owner))
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    owner.post(new_password_page(owner, patient.email), new)
    assert log_in(owner, NEW_PASSWORD).status_code == 302

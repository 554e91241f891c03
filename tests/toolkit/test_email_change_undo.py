"""The link in the notice to an account's old address: "It was not me: put my address back"."""

import html
import re
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, make_user
from tests.toolkit.test_accounts import new_password_page
from tests.toolkit.test_sharing import confirm_link
from toolkit.models import AccessEvent, EmailChange, Session

OLD = "mary@example.com"
NEW = "thief@example.org"
NEW_PASSWORD = "a longer and newer passphrase"
EXPIRED = "This link has expired"
TAKEN = "That address is now used by another account"


def change_email(client, to: str) -> str:
    """Change the signed-in account's address to `to`; the path of the link in the notice sent
    to the address it had."""
    client.post(reverse("change_email"), {"email": to})
    client.post(confirm_link(mail.outbox[-1]))
    return undo_link(mail.outbox[-1])


def undo_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/account/email/undo/\S+)", message.body).group(1)


@pytest.fixture
def link(patient_client):
    """The thief, signed in as Mary, changed her address; the link sent to her old one."""
    return change_email(patient_client, NEW)


def signed_in(client) -> bool:
    return client.get(reverse("profile")).status_code == 200


def logs_in(email: str, password: str) -> bool:
    client = Client()
    response = client.post(reverse("login"), {"username": email, "password": password})
    return response.status_code == 302


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def assert_unchanged(patient, *clients):
    patient.refresh_from_db()
    assert patient.email == NEW
    assert patient.check_password(PASSWORD)
    assert all(signed_in(client) for client in clients)
    assert not AccessEvent.objects.filter(patient=patient).exists()


def test_the_notice_to_the_old_address_carries_a_link_that_puts_it_back(patient_client, settings):
    change_email(patient_client, NEW)
    notice = mail.outbox[-1]
    assert notice.to == [OLD]
    path = undo_link(notice)
    assert f"It was not me: put my address back:\n{settings.SITE_URL}{path}\n" in notice.body
    assert "The link works for 7 days." in notice.body
    [(part, _)] = notice.alternatives
    assert f'<a href="{settings.SITE_URL}{path}">It was not me: put my address back</a>' in part


def test_the_link_names_only_the_change_not_either_address(link):
    change = EmailChange.objects.get()
    assert link == f"/account/email/undo/{change.pk}"
    assert "example" not in link


def test_opening_the_link_says_what_will_happen_and_changes_nothing(link, patient_client, patient):
    response = Client().get(link)
    assert response.status_code == 200
    said = page_text(response)
    assert "<h1>Put your email address back</h1>" in said
    assert "signs out everyone who is signed in to your account" in said
    assert 'name="csrfmiddlewaretoken"' in said
    assert "It was not me: put my address back</button>" in said
    assert_unchanged(patient, patient_client)


def test_opening_the_link_while_signed_in_as_the_account_changes_nothing(
    link, patient_client, patient
):
    assert patient_client.get(link).status_code == 200
    assert_unchanged(patient, patient_client)


def test_pressing_the_button_puts_the_address_back_and_says_to_choose_a_password(link, patient):
    response = Client().post(link, follow=True)
    patient.refresh_from_db()
    assert patient.email == OLD
    [(done, _)] = response.redirect_chain
    assert done == reverse("email_change_undone")
    said = page_text(response)
    assert "<h1>Your email address is back</h1>" in said
    assert "choose “Forgotten your password?”" in said
    assert f'href="{reverse("password_reset")}">Forgotten your password?</a>' in said


def test_pressing_the_button_locks_out_whoever_changed_the_address(link, patient_client, patient):
    elsewhere = Client()
    elsewhere.force_login(patient)
    Client().post(link)
    # Ended at once, not only when each is next used.
    assert not Session.objects.filter(person=patient).exists()
    assert not signed_in(patient_client)
    assert not signed_in(elsewhere)
    assert not logs_in(OLD, PASSWORD)
    assert not logs_in(NEW, PASSWORD)


def test_after_putting_the_address_back_the_owner_chooses_a_new_password_by_email(link, patient):
    Client().post(link)
    mail.outbox.clear()
    owner = Client()
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    owner.post(new_password_page(owner, OLD), new)
    assert mail.outbox[0].to == [OLD]
    assert logs_in(OLD, NEW_PASSWORD)


def test_pressing_the_button_while_signed_in_as_the_account_signs_out_here_too(
    link, patient_client, patient, settings
):
    response = patient_client.post(link)
    assert response["Location"] == reverse("email_change_undone")
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""  # forgotten by the browser
    assert not signed_in(patient_client)
    patient.refresh_from_db()
    assert patient.email == OLD


def test_pressing_the_button_ends_a_pause_on_logging_in_with_the_old_address(
    link, patient, settings
):
    # The owner, not knowing of the change, tried their password until log-ins were paused.
    paused = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        paused.post(reverse("login"), {"username": OLD, "password": PASSWORD})
    Client().post(link)
    patient.refresh_from_db()
    patient.set_password(NEW_PASSWORD)  # however the new password is then set
    patient.save()
    assert logs_in(OLD, NEW_PASSWORD)


def test_putting_the_address_back_is_in_the_access_log_without_either_address(
    link, patient, client
):
    Client().post(link)
    [event] = AccessEvent.objects.filter(patient=patient)
    assert (event.actor, event.action) == (patient, AccessEvent.Action.ACCESS_CHANGED)
    assert event.what == "email address put back from the link sent to it; everyone signed out"
    patient.refresh_from_db()
    client.force_login(patient)
    said = page_text(client.get(reverse("access_log")))
    assert f"Changed access: {event.what}" in said


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_to_no_change_changes_nothing_and_says_so(link, patient_client, patient, method):
    response = getattr(Client(), method)(f"/account/email/undo/{uuid.uuid4()}")
    assert response.status_code == 410
    assert f"<h1>{EXPIRED}</h1>" in page_text(response)
    assert_unchanged(patient, patient_client)


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_expired_link_changes_nothing_and_says_so(link, patient_client, patient, method):
    EmailChange.objects.update(changed_at=timezone.now() - timedelta(days=7, seconds=1))
    response = getattr(Client(), method)(link)
    assert response.status_code == 410
    said = page_text(response)
    assert f"<h1>{EXPIRED}</h1>" in said
    assert "Links to put an email address back work for 7 days." in said
    assert_unchanged(patient, patient_client)


def test_a_link_still_works_at_the_end_of_its_seventh_day(link, patient):
    EmailChange.objects.update(changed_at=timezone.now() - timedelta(days=7, seconds=-60))
    assert Client().post(link).status_code == 302
    patient.refresh_from_db()
    assert patient.email == OLD


def test_a_link_for_an_account_since_deleted_changes_nothing(link, patient):
    patient.delete()
    assert Client().get(link).status_code == 410
    assert Client().post(link).status_code == 410


def test_an_old_address_now_used_by_another_account_is_said_and_opening_changes_nothing(
    link, patient_client, patient
):
    other = make_user(OLD)
    response = Client().get(link)
    assert response.status_code == 409
    said = page_text(response)
    assert f"<h1>{TAKEN}</h1>" in said
    assert "Sign everyone out of my account</button>" in said
    assert "Everyone has been signed out" not in said
    assert_unchanged(patient, patient_client)
    other.refresh_from_db()
    assert other.check_password(PASSWORD)


def test_with_the_old_address_taken_the_button_still_locks_out_whoever_changed_it(
    link, patient_client, patient
):
    other = make_user(OLD)
    response = Client().post(link)
    assert response.status_code == 409
    assert "Everyone has been signed out of your account" in page_text(response)
    assert not signed_in(patient_client)
    assert not logs_in(NEW, PASSWORD)
    patient.refresh_from_db()
    assert patient.email == NEW  # an account has one address: it cannot go back yet
    other.refresh_from_db()
    assert other.check_password(PASSWORD)
    [event] = AccessEvent.objects.filter(patient=patient)
    assert event.what == "everyone signed out; the address is used by another account"


def test_pressing_again_after_a_new_password_says_the_address_is_already_back(link, patient):
    Client().post(link)
    patient.refresh_from_db()
    patient.set_password(NEW_PASSWORD)
    patient.save()
    owner = Client()
    owner.force_login(patient)
    response = Client().post(link)
    assert response.status_code == 200
    assert "<h1>Your email address is already back</h1>" in page_text(response)
    patient.refresh_from_db()
    assert patient.email == OLD
    assert patient.check_password(NEW_PASSWORD)
    assert signed_in(owner)
    assert AccessEvent.objects.filter(patient=patient).count() == 1


def test_the_link_still_works_after_the_address_is_changed_again(link, patient_client, patient):
    change_email(patient_client, "another@example.org")
    Client().post(link)
    patient.refresh_from_db()
    assert patient.email == OLD
    assert not signed_in(patient_client)


def test_the_button_needs_the_pages_csrf_token(link, patient_client, patient):
    response = Client(enforce_csrf_checks=True).post(link)
    assert response.status_code == 403
    assert_unchanged(patient, patient_client)


def test_the_page_after_putting_the_address_back_names_no_address(link):
    response = Client().post(link)
    assert "@" not in response["Location"]
    page = Client().get(response["Location"])
    assert page.status_code == 200
    assert "example" not in page.content.decode()


def test_the_links_page_takes_a_fixed_number_of_queries(link, django_assert_num_queries):
    # The change, the account (locked for the check, within a savepoint: two more), whether
    # another account has the address.
    with django_assert_num_queries(5):
        assert Client().get(link).status_code == 200

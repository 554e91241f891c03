"""Sessions carry their person: one query, and no one signed in whom Django would not sign in."""

from importlib import import_module

from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from toolkit.models import Session

MIGRATION = "toolkit.migrations.0005_sessions_with_their_person"


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("profile")).status_code == 200


def test_a_session_row_names_its_person(patient_client, patient):
    assert Session.objects.get().person == patient


def test_signing_out_ends_the_session_for_a_copy_of_its_cookie_too(patient_client, patient):
    name = django_settings.SESSION_COOKIE_NAME
    copy = Client()
    copy.cookies[name] = patient_client.cookies[name].value
    assert is_signed_in(copy)
    patient_client.post(reverse("logout"))
    assert not Session.objects.exists()
    assert not is_signed_in(copy)


def test_a_new_password_signs_out_every_other_session(patient):
    other_device = signed_in_client(patient)
    patient.set_password("a-new-long-password-2026")
    patient.save()
    assert not is_signed_in(other_device)


def test_a_deactivated_account_is_signed_out(patient_client, patient):
    patient.is_active = False
    patient.save()
    assert not is_signed_in(patient_client)


def test_deleting_the_account_deletes_its_sessions(patient_client, patient, stranger):
    signed_in_client(patient)
    signed_in_client(stranger)
    patient_client.post(reverse("delete_account"), {"password": PASSWORD})
    assert [session.person for session in Session.objects.all()] == [stranger]


def test_a_session_made_with_the_previous_secret_key_still_signs_in(patient, settings):
    client = signed_in_client(patient)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-rotated-secret-key-" + "y" * 40
    assert is_signed_in(client)


def test_a_tampered_session_hash_signs_nobody_in(patient_client, patient):
    session = patient_client.session
    session["_auth_user_hash"] = "0" * 64
    session.save()
    assert not is_signed_in(patient_client)


def test_sessions_open_before_the_upgrade_are_carried_over(patient, stranger):
    old = DjangoSessionStore()
    old["_auth_user_id"] = str(patient.pk)
    old.create()
    anonymous = DjangoSessionStore()
    anonymous["seen"] = True
    anonymous.create()
    expired = DjangoSessionStore()
    expired["_auth_user_id"] = str(stranger.pk)
    expired.create()
    DjangoSession.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now())
    import_module(MIGRATION).keep_everyone_signed_in(apps, None)

    carried = {session.session_key: session.person_id for session in Session.objects.all()}
    assert carried == {old.session_key: patient.pk, anonymous.session_key: None}


def test_the_profile_says_where_else_the_person_is_signed_in(patient_client, patient, stranger):
    assert "You are not signed in anywhere else." in profile_text(patient_client)
    signed_in_client(patient)
    signed_in_client(stranger)
    assert "You are also signed in on 1 other device or browser." in profile_text(patient_client)
    signed_in_client(patient)
    assert "on 2 other devices or browsers." in profile_text(patient_client)


def test_the_profile_counts_other_sessions_in_one_query_however_many(
    patient_client, patient, django_assert_num_queries
):
    for _ in range(3):
        signed_in_client(patient)
    with django_assert_num_queries(2):  # the session with its person; the count of the others
        assert "on 3 other devices or browsers." in profile_text(patient_client)


def test_signing_out_everywhere_else_keeps_this_session_and_no_one_elses(
    patient_client, patient, stranger
):
    phone, laptop = signed_in_client(patient), signed_in_client(patient)
    someone_else = signed_in_client(stranger)
    response = patient_client.post(reverse("sign_out_elsewhere"), follow=True)
    assert "Signed out on 2 other devices or browsers." in response.content.decode()
    assert is_signed_in(patient_client)
    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)
    assert is_signed_in(someone_else)


def test_signing_out_everywhere_else_needs_a_post(patient_client, patient):
    phone = signed_in_client(patient)
    assert patient_client.get(reverse("sign_out_elsewhere")).status_code == 405
    assert is_signed_in(phone)


def profile_text(client: Client) -> str:
    return client.get(reverse("profile")).content.decode()


def test_logging_out_says_so(patient_client):
    response = patient_client.post(reverse("logout"), follow=True)
    assert "You have logged out." in response.content.decode()
    assert "You have logged out." not in Client().post(reverse("logout"), follow=True).text

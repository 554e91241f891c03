"""Reminders are not emailed to an address nobody has shown to be the account's: whoever
signs up with someone else's address must not send them words of their own, twelve times a
day."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

from notes.delivery import run_pass
from notes.models import Delivery
from tests.notes.test_delivery import EIGHT, reminder
from tests.toolkit.test_form_pack import Page
from toolkit.models import User

LIST = reverse("notes_reminders")


def test_no_reminder_is_sent_to_an_address_not_yet_confirmed(patient):
    User.objects.filter(pk=patient.pk).update(email_unconfirmed=True)
    hourly = reminder(patient, *[f"{h:02d}:00" for h in range(8, 20)], message="Call me now")
    result = run_pass(EIGHT)
    assert (result.sent, result.missed, result.failed) == (0, 0, 0)
    assert mail.outbox == []
    # Kept as not sent on purpose, so that no later pass sends it or calls it missed.
    assert list(hourly.deliveries.values_list("due_at", "status")) == [(EIGHT, Delivery.CANCELLED)]
    assert run_pass(EIGHT + timedelta(minutes=1)).sent == 0
    assert mail.outbox == []


def test_once_confirmed_the_next_time_is_sent_and_none_before_is_named_a_fault(
    patient_client, patient, frozen
):
    User.objects.filter(pk=patient.pk).update(email_unconfirmed=True)
    reminder(patient, "08:00", "09:00")
    run_pass(EIGHT)
    User.objects.filter(pk=patient.pk).update(email_unconfirmed=False)
    assert run_pass(EIGHT + timedelta(hours=1)).sent == 1
    assert [m.to for m in mail.outbox] == [["mary@example.com"]]
    frozen(EIGHT + timedelta(hours=2))
    page = Page(patient_client.get(LIST).content.decode())
    assert page.all(".app-not-sent") == []


def test_the_reminders_page_says_none_is_sent_until_the_address_is_confirmed(
    patient_client, patient
):
    User.objects.filter(pk=patient.pk).update(email_unconfirmed=True)
    page = Page(patient_client.get(LIST).content.decode())
    said = page.text(".app-confirm-address")
    assert "We send no reminders until you confirm that mary@example.com is your address." in said
    assert page.one(".app-confirm-address form").get("action") == reverse("send_address_link")


def test_the_reminders_page_takes_no_more_queries_for_saying_so(
    patient_client, patient, django_assert_num_queries
):
    User.objects.filter(pk=patient.pk).update(email_unconfirmed=True)
    reminder(patient, "08:00")
    with django_assert_num_queries(3):  # the session and person, reminders, not sent
        assert patient_client.get(LIST).status_code == 200

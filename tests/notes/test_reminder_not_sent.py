"""A reminder the patient relied on and did not get is named on the reminders page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from notes.delivery import run_pass
from notes.models import Delivery, Reminder
from tests.notes.test_delivery import EIGHT, SET_UP, reminder
from tests.toolkit.test_form_pack import Page

LIST = reverse("notes_reminders")


@pytest.fixture
def mail_server_down(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}


def warning(client) -> str:
    return Page(client.get(LIST).content.decode()).text(".app-not-sent")


def test_a_reminder_the_mail_server_refused_until_too_late_is_named_not_sent(
    patient_client, patient, frozen, mail_server_down, settings
):
    settings.SUPPORT_EMAIL = "help@example.org"
    reminder(patient, "08:00", "20:00")
    # The server is down from 08:00 until well after the two hours a reminder is retried.
    for minutes in range(0, 3 * 60, 15):
        run_pass(EIGHT + timedelta(minutes=minutes))
    assert Delivery.objects.get().status == Delivery.FAILED
    frozen(EIGHT + timedelta(hours=4))
    assert warning(patient_client) == (
        "Important: Not sent A fault on our side stopped this reminder at 08:00 on Monday "
        "2 June. We are sorry. If reminders keep going missing, email help@example.org."
    )


def test_times_missed_while_no_sender_ran_are_named_and_a_medicine_s_lead_to_the_tracker(
    patient_client, patient, frozen
):
    reminder(patient, "08:00", "20:00", kind=Reminder.MEDICATION, message="")
    # No sender ran for two days: the last 24 hours' times are recorded as missed.
    run_pass(EIGHT + timedelta(days=2, hours=1))
    assert Delivery.objects.filter(status=Delivery.MISSED).count() == 2
    frozen(EIGHT + timedelta(days=2, hours=2))
    page = Page(patient_client.get(LIST).content.decode())
    assert page.text(".app-not-sent p") == (
        "A fault on our side stopped this reminder at 20:00 on Tuesday 3 June and 08:00 on "
        "Wednesday 4 June. We are sorry. Check your doses in My Tracker."
    )
    assert page.one(".app-not-sent a").get("href") == reverse("tracker_home")


def test_a_time_stopped_or_moved_on_purpose_and_one_over_a_week_ago_are_not_named(
    patient_client, patient, frozen
):
    stopped = reminder(patient, "08:00")
    Delivery.objects.create(reminder=stopped, due_at=EIGHT, status=Delivery.CANCELLED)
    Delivery.objects.create(
        reminder=stopped, due_at=EIGHT - timedelta(days=1), status=Delivery.FAILED
    )
    frozen(EIGHT + timedelta(days=6, hours=23))
    page = Page(patient_client.get(LIST).content.decode())
    assert page.all(".app-not-sent") == []


def test_the_page_takes_the_same_queries_however_many_times_were_not_sent(
    patient_client, patient, frozen, django_assert_num_queries
):
    frozen(EIGHT + timedelta(days=1))
    for count in (1, 12):
        for i in range(count):
            sent = reminder(patient, f"{i % 24:02}:00")
            Delivery.objects.create(reminder=sent, due_at=EIGHT, status=Delivery.MISSED)
        with django_assert_num_queries(3):  # the session and person, reminders, not sent
            assert patient_client.get(LIST).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_upgrading_turns_the_old_stopped_or_moved_rows_into_cancelled_ones(patient):
    executor = MigrationExecutor(connection)
    executor.migrate([("notes", "0009_reminders_count_from")])
    old = executor.loader.project_state([("notes", "0009_reminders_count_from")]).apps
    kept = old.get_model("notes", "Reminder").objects.create(
        patient_id=patient.pk, kind="custom", times=["08:00"], counts_from=SET_UP
    )
    at = datetime(2025, 6, 2, 7, tzinfo=UTC)
    words = "stopped or moved before it was sent"
    deliveries = old.get_model("notes", "Delivery").objects
    deliveries.create(reminder=kept, due_at=at, status="missed", error=words)
    deliveries.create(reminder=kept, due_at=at + timedelta(days=1), status="missed")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert sorted(Delivery.objects.values_list("status", "error")) == [
        (Delivery.CANCELLED, ""),
        (Delivery.MISSED, ""),
    ]


def test_a_change_of_time_zone_owes_no_time_of_the_new_zone_from_before_it(
    patient_client, patient, frozen
):
    """Sent at 08:00 and 20:00 London time, then the patient moves to New York at 22:00
    there: the day's 08:00 and 20:00 New York times were never owed, nor missed."""
    reminder(patient, "08:00", "20:00")
    run_pass(EIGHT)
    run_pass(EIGHT + timedelta(hours=12))
    assert Delivery.objects.filter(status=Delivery.SENT).count() == 2
    frozen(datetime(2025, 6, 3, 2, tzinfo=UTC))  # 22:00 on 2 June in New York
    data = {"display_name": patient.display_name, "time_zone": "America/New_York"}
    assert patient_client.post(reverse("profile"), data).status_code == 302
    run_pass(datetime(2025, 6, 3, 2, 5, tzinfo=UTC))
    assert not Delivery.objects.exclude(status=Delivery.SENT).exists()
    assert not Page(patient_client.get(LIST).content.decode()).all(".app-not-sent")
    # The next 08:00 is New York's.
    run_pass(datetime(2025, 6, 3, 12, tzinfo=UTC))
    assert Delivery.objects.filter(status=Delivery.SENT).count() == 3

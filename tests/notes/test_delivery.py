import uuid
from datetime import UTC, datetime, timedelta
from smtplib import SMTPException
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import IntegrityError, OperationalError
from django.urls import reverse

from notes.api import medication_schedule_changed
from notes.delivery import CATCH_UP, RETRY_FOR, run_pass, stop_token, when_due
from notes.models import Appointment, Delivery, Reminder
from tests.notes.smtp import smtp_server
from tests.toolkit.test_form_pack import Page
from toolkit.lib.env import smtp_mailer

SET_UP = datetime(2025, 6, 2, 5, tzinfo=UTC)  # when the reminders below were made
EIGHT = datetime(2025, 6, 2, 7, tzinfo=UTC)  # 08:00 in London (BST)
RESTART_QUERIES = 2  # the reminder, and saving it on


def reminder(patient, *times, **fields):
    fields.setdefault("kind", Reminder.CUSTOM)
    fields.setdefault("message", "Do your stretches")
    return Reminder.objects.create(patient=patient, times=list(times), counts_from=SET_UP, **fields)


class FailingBackend:
    """A mail server that is down."""

    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        raise SMTPException("451 try again later")


@pytest.fixture
def mail_server_down(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}


def test_a_reminder_is_sent_at_its_local_time_once(patient, mailoutbox):
    reminder(patient, "08:00")

    assert run_pass(EIGHT - timedelta(minutes=1)).sent == 0
    assert run_pass(EIGHT).sent == 1
    assert run_pass(EIGHT + timedelta(minutes=1)).sent == 0
    assert run_pass(EIGHT + timedelta(minutes=20)).sent == 0

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["mary@example.com"]
    assert mailoutbox[0].subject == "Reminder: Do your stretches"
    assert Delivery.objects.get().status == Delivery.SENT


def test_after_downtime_recent_occurrences_are_sent_and_older_ones_recorded_as_missed(
    patient, mailoutbox
):
    # Every hour on the hour, set at midnight; the sender was down until 08:20 London time.
    hourly = reminder(patient, *[f"{h:02d}:00" for h in range(24)])
    Reminder.objects.update(counts_from=EIGHT - timedelta(hours=8, minutes=1))

    result = run_pass(EIGHT + timedelta(minutes=20))

    assert (result.sent, result.missed) == (1, 8)
    assert len(mailoutbox) == 1
    statuses = dict(hourly.deliveries.values_list("due_at", "status"))
    assert statuses[EIGHT] == Delivery.SENT
    assert statuses[EIGHT - timedelta(hours=1)] == Delivery.MISSED
    # The next pass floods nothing.
    assert run_pass(EIGHT + timedelta(minutes=21)).sent == 0
    assert len(mailoutbox) == 1


def test_an_occurrence_exactly_at_the_end_of_the_catch_up_window_is_still_sent(patient):
    reminder(patient, "08:00")
    assert run_pass(EIGHT + CATCH_UP).sent == 1


def test_nothing_is_due_from_before_the_reminder_was_set(patient, mailoutbox):
    reminder(patient, "08:00")
    Reminder.objects.update(counts_from=EIGHT + timedelta(minutes=1))
    assert run_pass(EIGHT + timedelta(minutes=5)).sent == 0
    assert not Delivery.objects.exists()
    assert mailoutbox == []


def test_a_failed_send_is_retried_with_backoff_and_sent_once(patient, settings, mail_server_down):
    reminder(patient, "08:00")
    locmem = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert run_pass(EIGHT).failed == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.PENDING, 1)
    assert delivery.next_attempt_at == EIGHT + timedelta(minutes=1)
    assert "451" in delivery.error

    assert run_pass(EIGHT + timedelta(seconds=30)).failed == 0  # not yet
    assert run_pass(EIGHT + timedelta(minutes=1)).failed == 1  # second try, still down
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.next_attempt_at) == (2, EIGHT + timedelta(minutes=3))

    settings.MAILERS = locmem
    assert run_pass(EIGHT + timedelta(minutes=3)).sent == 1
    assert run_pass(EIGHT + timedelta(minutes=10)).sent == 0
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == (Delivery.SENT, 3, "")


class AcceptsThenDropsBackend:
    """A mail server that takes the message, then drops the line before saying so."""

    taken: list = []

    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        self.taken.extend(message.message() for message in messages)
        raise SMTPException("connection lost")


def test_a_send_repeated_after_a_lost_reply_is_the_same_message(patient, settings):
    reminder(patient, "08:00", "09:00")
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.AcceptsThenDropsBackend"}}
    AcceptsThenDropsBackend.taken.clear()
    assert run_pass(EIGHT).failed == 1

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert run_pass(EIGHT + timedelta(minutes=1)).sent == 1
    assert run_pass(EIGHT + timedelta(hours=1)).sent == 1

    first_try = AcceptsThenDropsBackend.taken[0]["Message-ID"]
    retry, nine = (message.message()["Message-ID"] for message in mail.outbox)
    assert (
        retry == first_try == f"<reminder.{Reminder.objects.get().id}.20250602T070000Z@testserver>"
    )
    assert nine != retry


class HookedBackend(EmailBackend):
    """Delivers, then does what `after[n]` says once the n-th message of the test is out."""

    after: dict = {}

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if hook := self.after.pop(len(mail.outbox), None):
            hook()
        return sent


@pytest.fixture
def hooked(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.HookedBackend"}}
    HookedBackend.after = {}
    return HookedBackend.after


def test_a_claim_late_in_a_long_pass_is_not_sent_again_by_another_sender(
    patient, stranger, hooked, frozen
):
    reminder(patient, "08:00")
    reminder(stranger, "08:00")
    started = frozen(datetime.now(UTC))
    # The first email takes the mail server five minutes; while the second goes out,
    # another machine's pass comes round.
    hooked[1] = lambda: frozen(started + timedelta(minutes=5))
    hooked[2] = lambda: run_pass(EIGHT + timedelta(minutes=5, seconds=10))
    run_pass(EIGHT)
    assert len(mail.outbox) == 2
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Delivery.SENT, 1)}


def test_a_reminder_stopped_during_a_pass_is_not_sent(patient, stranger, hooked):
    reminder(patient, "08:00")
    reminder(stranger, "08:00")

    def stop_the_other():  # whichever the pass sends second
        Reminder.objects.exclude(patient__email=mail.outbox[0].to[0]).update(active=False)

    hooked[1] = stop_the_other
    run_pass(EIGHT)
    assert len(mail.outbox) == 1
    stopped = Reminder.objects.get(active=False)
    assert stopped.deliveries.get().status == Delivery.CANCELLED


def test_a_retry_is_not_sent_for_a_time_the_reminder_no_longer_has(
    patient, settings, mail_server_down
):
    # 08:00 fails; the medicine moves to 09:00 before the retry: "Take it - 08:00" would
    # invite a second dose at 09:00.
    moved = reminder(patient, "08:00")
    assert run_pass(EIGHT).failed == 1
    Reminder.objects.filter(pk=moved.pk).update(times=["09:00"])
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    assert run_pass(EIGHT + timedelta(minutes=1)).sent == 0
    assert moved.deliveries.get(due_at=EIGHT).status == Delivery.CANCELLED
    assert run_pass(EIGHT + timedelta(hours=1)).sent == 1


class DeletedWhileSendingBackend:
    """The patient deletes the reminder while the mail server fails to take it."""

    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        Reminder.objects.all().delete()
        raise SMTPException("451 try again later")


def test_a_reminder_deleted_while_its_send_fails_stops_nothing_else(patient, stranger, settings):
    reminder(patient, "08:00")
    settings.MAILERS = {
        "default": {"BACKEND": "tests.notes.test_delivery.DeletedWhileSendingBackend"}
    }
    assert run_pass(EIGHT).failed == 1
    assert not Delivery.objects.exists()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    reminder(stranger, "09:00")
    assert run_pass(EIGHT + timedelta(hours=1)).sent == 1


def test_a_mail_outage_of_an_hour_delays_a_reminder_but_loses_nothing(
    patient, settings, mail_server_down
):
    reminder(patient, "08:00")
    now = EIGHT
    while now < EIGHT + timedelta(hours=1):
        run_pass(now)
        now += timedelta(minutes=1)
    assert Delivery.objects.get().status == Delivery.PENDING

    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    while not mail.outbox:
        run_pass(now)
        now += timedelta(minutes=1)
    assert now <= EIGHT + timedelta(hours=1, minutes=16)
    [email] = mail.outbox
    assert email.subject == "Late reminder, due 08:00: Do your stretches"
    assert "This reminder is late: it was due at 08:00" in email.body


def test_an_appointment_reminder_held_up_is_not_sent_once_the_appointment_has_begun(
    patient, settings, mail_server_down
):
    ten = EIGHT + timedelta(hours=2)
    appointment = Appointment.objects.create(patient=patient, starts_at=ten, role="gp")
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        at=ten - timedelta(hours=1),
        counts_from=SET_UP,
    )
    now = ten - timedelta(hours=1)
    while now < ten + timedelta(minutes=40):
        run_pass(now)
        now += timedelta(minutes=1)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    while now < ten + timedelta(hours=3):
        run_pass(now)
        now += timedelta(minutes=1)
    assert mail.outbox == []
    assert Delivery.objects.get().status == Delivery.FAILED


def test_a_retry_that_comes_round_only_days_later_is_given_up_not_sent(patient, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}
    reminder(patient, "08:00")
    assert run_pass(EIGHT).failed == 1
    # The senders were down until the next day; the mail server is back.
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    run_pass(EIGHT + timedelta(days=1, minutes=-10))
    assert not any("late" in email.body for email in mail.outbox)
    assert Delivery.objects.get(due_at=EIGHT).status == Delivery.FAILED


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        (EIGHT + timedelta(minutes=40), "08:00"),
        (EIGHT + timedelta(hours=17), "08:00 yesterday"),  # 01:00 the next day
        (EIGHT + timedelta(days=3), "08:00 on Monday 2 June"),
    ],
)
def test_a_late_reminder_names_the_day_it_was_due_when_not_today(sent, said):
    assert when_due(EIGHT, sent, ZoneInfo("Europe/London")) == said


def test_a_reminder_sent_on_time_does_not_say_it_is_late(patient, mailoutbox):
    reminder(patient, "08:00")
    run_pass(EIGHT + timedelta(minutes=5))
    assert "late" not in mailoutbox[0].body


def test_a_send_that_keeps_failing_is_given_up_two_hours_after_its_time(
    patient, mail_server_down, caplog
):
    reminder(patient, "08:00")
    now = EIGHT
    while now < EIGHT + RETRY_FOR - timedelta(minutes=15):
        run_pass(now)
        now += timedelta(minutes=1)
    assert Delivery.objects.get().status == Delivery.PENDING
    while now <= EIGHT + RETRY_FOR:
        run_pass(now)
        now += timedelta(minutes=1)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.next_attempt_at) == (Delivery.FAILED, None)
    assert "given up" in caplog.text


def test_a_stopped_reminder_sends_nothing(patient, mailoutbox):
    reminder(patient, "08:00", active=False)
    assert run_pass(EIGHT).sent == 0
    assert mailoutbox == []


def test_the_email_has_a_signed_stop_link_and_a_list_unsubscribe_header(
    client, patient, mailoutbox
):
    stretches = reminder(patient, "08:00")
    run_pass(EIGHT)
    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/my-notes/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert stop in message.body
    assert stop in message.alternatives[0].content

    # Opening the link (as a mail scanner might) changes nothing; pressing the button does.
    assert client.get(stop).status_code == 200
    stretches.refresh_from_db()
    assert stretches.active
    assert client.post(stop).status_code == 200  # without signing in, without a CSRF token
    stretches.refresh_from_db()
    assert not stretches.active


def test_a_stop_link_that_was_tampered_with_stops_nothing(client, patient):
    stretches = reminder(patient, "08:00")
    token = stop_token(stretches)
    url = reverse("notes_reminder_stop", args=[token[:-2] + "xx"])
    assert client.post(url).status_code == 404
    stretches.refresh_from_db()
    assert stretches.active


def test_an_appointment_reminder_says_when_and_links_to_what_to_bring(patient, mailoutbox):
    appointment = Appointment.objects.create(
        patient=patient, starts_at=EIGHT + timedelta(days=1), role="neurologist"
    )
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        minutes_before=24 * 60,
        at=EIGHT,
        counts_from=SET_UP,
    )
    run_pass(EIGHT)
    body = mailoutbox[0].body
    assert "Appointment: Neurologist \u2013 Tuesday 3 June at 08:00" in body
    assert f"http://testserver/my-notes/appointments/{appointment.id}" in body


def test_a_reminder_goes_out_through_a_real_smtp_server(patient, settings):
    reminder(patient, "08:00")
    with smtp_server() as (port, server):
        settings.MAILERS = {
            "default": smtp_mailer(
                host="127.0.0.1", port=port, username="", password="", use_tls=False, use_ssl=False
            )
        }
        assert run_pass(EIGHT).sent == 1
    [message] = server.messages
    assert message["To"] == "mary@example.com"
    assert message["Subject"] == "Reminder: Do your stretches"
    assert message["List-Unsubscribe"].startswith("<http://testserver/my-notes/reminders/stop/")
    assert message.is_multipart()


def test_sendreminders_makes_one_pass_as_if_at_a_given_instant(patient, mailoutbox, capsys):
    reminder(patient, "08:00")
    call_command("sendreminders", "--now", "2025-06-02T08:00:00+01:00")
    assert len(mailoutbox) == 1
    assert "sent 1" in capsys.readouterr().out


def loop_with(monkeypatch, run_pass, sleep) -> None:
    """Have `sendreminders`, looping, make its passes with `run_pass` and wait with `sleep`."""
    command = "notes.management.commands.sendreminders"
    monkeypatch.setattr(f"{command}.run_pass", run_pass)
    monkeypatch.setattr(f"{command}.time.sleep", sleep)
    # The test runs inside a transaction, which closing "old" connections would end.
    monkeypatch.setattr(f"{command}.close_old_connections", lambda: None)


def test_sendreminders_keeps_going_when_the_database_goes_away_mid_pass(
    patient, mailoutbox, monkeypatch, caplog, frozen
):
    reminder(patient, "08:00")
    frozen(EIGHT)
    passes = iter([OperationalError("server closed the connection"), None])

    def run_pass_or_fail(now):
        if failure := next(passes):
            raise failure
        return run_pass(now)

    def sleep(seconds):
        if not mailoutbox:
            return
        raise KeyboardInterrupt  # ends the loop once the second pass has sent

    loop_with(monkeypatch, run_pass_or_fail, sleep)
    with pytest.raises(KeyboardInterrupt):
        call_command("sendreminders")
    assert len(mailoutbox) == 1
    assert "reminder pass stopped (OperationalError); trying again" in caplog.text


class Slept(Exception):
    """The loop went round again."""


def sleep_once(seconds):
    raise Slept


def test_sendreminders_stops_on_a_database_error_that_is_a_bug(monkeypatch):
    def run_pass_with_a_bug(now):
        raise IntegrityError("duplicate key value violates unique constraint")

    loop_with(monkeypatch, run_pass_with_a_bug, sleep_once)
    # Not retried for ever under "the database went away": it fails, loudly, with its traceback.
    with pytest.raises(IntegrityError):
        call_command("sendreminders")


@pytest.mark.parametrize("value", ["yesterday", "2025-06-02T08:00:00"])
def test_sendreminders_refuses_an_instant_it_cannot_place(value):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("sendreminders", "--now", value)


def test_a_custom_reminder_says_its_message_once(patient, mailoutbox):
    reminder(patient, "08:00", message="Buy more pills")
    run_pass(EIGHT)
    message = mailoutbox[0]
    assert message.body.count("Buy more pills") == 1
    assert message.alternatives[0].content.count("Buy more pills") == 1


def test_a_reminder_keeps_a_message_that_adds_to_its_title(patient, mailoutbox):
    reminder(patient, "08:00", kind=Reminder.TRACKING, message="Note the mornings")
    run_pass(EIGHT)
    body = mailoutbox[0].body
    assert "Fill in today's diary\n\nNote the mornings" in body


def test_a_reminder_a_carer_set_says_who_set_it(patient, carer, mailoutbox):
    reminder(patient, "08:00", recorded_by=carer)
    reminder(patient, "09:00", recorded_by=patient)
    run_pass(EIGHT)
    run_pass(EIGHT + timedelta(hours=1))
    by_carer, own = mailoutbox
    assert "This is a reminder John set for you in the Parkinson's Toolkit." in by_carer.body
    assert "This is a reminder John set for you" in by_carer.alternatives[0].content
    assert "reminder you set" not in by_carer.body
    assert "This is a reminder you set in the Parkinson's Toolkit." in own.body


def test_a_reminder_whose_setter_is_gone_does_not_say_you_set_it(patient, carer, mailoutbox):
    reminder(patient, "08:00", recorded_by=carer)
    carer.delete()  # John deleted his account: the reminder stays Mary's
    run_pass(EIGHT)
    [email] = mailoutbox
    assert "This is a reminder set for you in the Parkinson's Toolkit." in email.body
    assert "This is a reminder set for you in the" in email.alternatives[0].content


def test_a_medicine_reminder_on_the_night_the_clocks_go_forward_names_the_doses_times(
    patient, mailoutbox
):
    # 01:30 does not exist on 30 March 2025: read as GMT, it goes at 02:30 BST, when the
    # calendar shows it and the tracker schedules the dose, in one email with 02:30's.
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.MEDICATION,
        medication_name="Sinemet",
        times=["01:30", "02:30"],
        counts_from=datetime(2025, 3, 29, 12, tzinfo=UTC),
    )
    assert run_pass(datetime(2025, 3, 30, 1, tzinfo=UTC)).sent == 0  # 02:00 BST: not yet
    assert run_pass(datetime(2025, 3, 30, 1, 30, tzinfo=UTC)).sent == 1
    [email] = mailoutbox
    assert "Take Sinemet \u2013 01:30 and 02:30\n" in email.body


def test_a_medicines_times_changed_just_after_its_reminder_send_no_second_one(
    patient, mailoutbox, frozen
):
    # Sent at 08:00; at 08:20 the times became 08:15. "Take Sinemet" again at 08:21 could
    # read as a second dose to take.
    medication_id = uuid.uuid4()
    reminder(
        patient,
        "08:00",
        kind=Reminder.MEDICATION,
        medication_id=medication_id,
        medication_name="Sinemet",
    )
    assert run_pass(EIGHT).sent == 1
    frozen(EIGHT + timedelta(minutes=20))
    medication_schedule_changed(patient, medication_id, "Sinemet", ["08:15"], active=True)
    assert run_pass(EIGHT + timedelta(minutes=21)).sent == 0
    assert len(mailoutbox) == 1
    # The new time is sent from the next day on.
    assert run_pass(EIGHT + timedelta(days=1, minutes=15)).sent == 1


def test_a_reminder_turned_on_again_sends_nothing_for_the_time_it_was_off(
    client, patient, mailoutbox, frozen
):
    daily = reminder(patient, "08:00", active=False)
    frozen(EIGHT + timedelta(minutes=20))
    client.force_login(patient)
    client.post(reverse("notes_reminder_active", args=[daily.id]), {"active": "on"})
    assert run_pass(EIGHT + timedelta(minutes=21)).sent == 0
    assert mailoutbox == []


def test_an_appointment_moved_so_its_reminder_has_just_passed_does_not_send_it(
    patient, mailoutbox, frozen
):
    # The page says such a reminder has passed and will not be sent: and it is not.
    appointment = Appointment.objects.create(
        patient=patient, starts_at=EIGHT + timedelta(days=3), role="gp"
    )
    reminder(patient, kind=Reminder.APPOINTMENT, appointment=appointment, minutes_before=24 * 60)
    now = frozen(EIGHT)
    appointment.starts_at = now + timedelta(days=1) - timedelta(minutes=6)
    appointment.save()
    assert [r.minutes_before for r in appointment.move_reminders(now)] == [24 * 60]
    assert run_pass(now + timedelta(minutes=1)).sent == 0


def test_an_appointment_in_the_hour_that_happens_twice_is_named_with_its_clock(patient, mailoutbox):
    # 01:30 GMT on the night the clocks go back, an hour after 01:30 BST.
    starts = datetime(2025, 10, 26, 1, 30, tzinfo=UTC)
    appointment = Appointment.objects.create(patient=patient, starts_at=starts, role="gp")
    reminder(
        patient, kind=Reminder.APPOINTMENT, appointment=appointment, at=starts - timedelta(hours=1)
    )
    run_pass(starts - timedelta(hours=1))
    assert "Sunday 26 October at 01:30 (GMT)" in mailoutbox[0].body


def test_a_week_before_an_appointment_the_clocks_change_between_is_at_its_own_time(patient):
    # Monday 3 November 2025 at 10:30 GMT; a week before is Monday 27 October at 10:30, GMT
    # too (the clocks went back on the 26th), not 11:30 as 168 hours before would be.
    starts = datetime(2025, 11, 3, 10, 30, tzinfo=UTC)
    appointment = Appointment.objects.create(patient=patient, starts_at=starts, role="nurse")
    assert appointment.reminder_at(7 * 24 * 60) == datetime(2025, 10, 27, 10, 30, tzinfo=UTC)
    # Across the spring change: Monday 31 March 2025 at 10:30 BST, a week before is Monday
    # 24 March at 10:30 GMT.
    appointment.starts_at = datetime(2025, 3, 31, 9, 30, tzinfo=UTC)
    assert appointment.reminder_at(7 * 24 * 60) == datetime(2025, 3, 24, 10, 30, tzinfo=UTC)
    # Hours are hours.
    assert appointment.reminder_at(60) == datetime(2025, 3, 31, 8, 30, tzinfo=UTC)


def test_a_reminder_stopped_from_its_email_can_be_turned_back_on_there(client, patient, frozen):
    # One tap on an old link stops it at once: a slip is put right on the page it leads to.
    stretches = reminder(patient, "08:00")
    stop = reverse("notes_reminder_stop", args=[stop_token(stretches)])
    stopped = Page(client.post(stop).content.decode())
    form = stopped.one("main form")
    assert stopped.text("main form button") == "Turn it back on"
    assert form.find("input[@name='csrfmiddlewaretoken']") is not None  # no login needed
    frozen(EIGHT + timedelta(minutes=20))
    response = client.post(form.get("action"))
    assert "Reminder on again" in response.text
    stretches.refresh_from_db()
    assert stretches.active
    assert stretches.counts_from == EIGHT + timedelta(minutes=20)  # 08:00 is not sent now


def test_a_medicine_reminder_stays_off_when_another_is_on(client, patient):
    medication_id = uuid.uuid4()
    fields = {"kind": Reminder.MEDICATION, "medication_id": medication_id}
    off = reminder(patient, "08:00", **fields, active=False, medication_name="Sinemet")
    reminder(patient, "08:00", **fields, message="With food", medication_name="Sinemet")
    response = client.post(reverse("notes_reminder_restart", args=[stop_token(off)]))
    assert "Reminder still off" in response.text
    assert "another reminder for Sinemet is on" in response.text
    off.refresh_from_db()
    assert not off.active


def test_a_restart_link_that_was_tampered_with_turns_nothing_on(client, patient):
    stretches = reminder(patient, "08:00", active=False)
    token = stop_token(stretches)
    assert (
        client.post(reverse("notes_reminder_restart", args=[token[:-2] + "xx"])).status_code == 404
    )
    assert client.get(reverse("notes_reminder_restart", args=[token])).status_code == 405
    stretches.refresh_from_db()
    assert not stretches.active


def test_turning_a_reminder_back_on_from_its_email_takes_a_fixed_number_of_queries(
    client, patient, django_assert_num_queries
):
    stretches = reminder(patient, "08:00", active=False)
    for n in range(5):  # other reminders the patient has change nothing
        reminder(patient, f"1{n}:00", message=f"Other {n}")
    with django_assert_num_queries(RESTART_QUERIES):
        response = client.post(reverse("notes_reminder_restart", args=[stop_token(stretches)]))
    assert "Reminder on again" in response.text


def test_a_pass_with_nothing_due_reads_the_same_queries_however_many_reminders(
    patient, django_assert_num_queries
):
    """Every pass, on every machine, reads every active reminder: what says when each falls
    due and nothing more, in one query, and the occurrences that have rows in another."""
    reminder(patient, "08:00")
    run_pass(EIGHT)
    with django_assert_num_queries(3):  # the reminders, their rows, retries due
        assert run_pass(EIGHT + timedelta(minutes=1)).sent == 0
    for n in range(20):
        reminder(patient, f"{n:02d}:10", message=f"Reminder {n}")
    run_pass(EIGHT)
    with django_assert_num_queries(3):
        assert run_pass(EIGHT + timedelta(minutes=1)).sent == 0


def test_a_stop_link_opened_again_says_the_reminder_is_already_stopped(client, patient):
    stretches = reminder(patient, "08:00")
    stop = reverse("notes_reminder_stop", args=[stop_token(stretches)])
    assert Page(client.post(stop).content.decode()).text("h1") == "Reminder stopped"
    again = Page(client.get(stop).content.decode())
    assert again.text("h1") == "This reminder is already stopped"
    assert again.one("main form button") is not None  # "Turn it back on"
    stretches.refresh_from_db()
    assert not stretches.active

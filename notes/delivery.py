"""Sending reminders: each occurrence exactly once, however many senders run.

The database is the coordinator. An occurrence is claimed by inserting its Delivery
row, unique per (reminder, due instant): whoever inserts it sends it, everyone else
gets an IntegrityError and moves on. A failed send stays pending with a later
`next_attempt_at`; a retry is claimed by moving `next_attempt_at` on with a
compare-and-set update, so only one sender retries it. The row is claimed for a
lease longer than any send takes, so a sender that dies mid-send is retried later.
Just before each send the reminder is read again: one stopped, moved to another time or
deleted since it fell due is not sent.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from notes import schedule
from notes.models import Delivery, Reminder
from toolkit.lib import emails
from toolkit.lib.local_time import wall_label

log = logging.getLogger(__name__)

CATCH_UP = timedelta(minutes=30)  # later than this after downtime: recorded as missed
LOOK_BACK = timedelta(days=1)  # how far back a pass looks for occurrences it never saw
LEASE = timedelta(minutes=5)  # a claimed send not finished by then is tried again
# A mail outage is retried for this long after the reminder's time (an appointment's, only
# until the appointment begins). Later than that a reminder misleads more than it helps, so
# it is recorded as failed, and logged.
RETRY_FOR = timedelta(hours=2)
LATE = timedelta(minutes=10)  # a reminder sent later than this after its time says so
LONGEST_WAIT = timedelta(minutes=15)  # between retries, once the backoff has grown
STOP_SALT = "notes.reminder-stop"


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8, then every 15 minutes after the first, second, … failure."""
    return min(timedelta(minutes=2 ** min(attempts - 1, 4)), LONGEST_WAIT)


def stop_token(reminder: Reminder) -> str:
    return signing.dumps(str(reminder.id), salt=STOP_SALT)


def reminder_from_stop_token(token: str, max_age=None) -> Reminder | None:
    try:
        reminder_id = signing.loads(token, salt=STOP_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return Reminder.objects.filter(id=reminder_id).first()


@dataclass
class PassResult:
    sent: int = 0
    failed: int = 0
    missed: int = 0


def run_pass(now: datetime) -> PassResult:
    """Send everything due at `now` (late by up to CATCH_UP) and retries that have come round.

    A pass can outlast a lease (a slow mail server, many reminders at 08:00). Each claim and
    each outcome is stamped with the time it happens, `now` plus the whole seconds the pass
    has taken, so a claim made late in a pass is not already out of its lease, free for
    another sender to send again.
    """
    started = timezone.now()

    def clock() -> datetime:
        return now + timedelta(seconds=int((timezone.now() - started).total_seconds()))

    result = PassResult()
    for reminder_id, due_at in _due(now, result):
        if _claim_new(reminder_id, due_at, clock()):
            _send(reminder_id, due_at, clock, result)
    for delivery in Delivery.objects.filter(status=Delivery.PENDING, next_attempt_at__lte=now):
        if _claim_retry(delivery, clock()):
            _send(delivery.reminder_id, delivery.due_at, clock, result)
    return result


@dataclass(frozen=True)
class Timing:
    """What says when a reminder falls due, as `schedule.occurrences` reads it, and whether
    its person's address may be written to. Every pass reads this of every active reminder:
    whole reminders with their people and appointments took three quarters of a pass, and
    `_send` reads the few that are due again anyway."""

    id: uuid.UUID
    times: list
    at: datetime | None
    weekdays: list | None
    starts_on: date | None
    ends_on: date | None
    counts_from: datetime
    time_zone: str
    email_unconfirmed: bool


TIMING_FIELDS = [field.name for field in fields(Timing)]
TIMING_FIELDS[TIMING_FIELDS.index("time_zone")] = "patient__time_zone"
TIMING_FIELDS[TIMING_FIELDS.index("email_unconfirmed")] = "patient__email_unconfirmed"


def _due(now: datetime, result: PassResult) -> list[tuple[uuid.UUID, datetime]]:
    """Occurrences without a row yet: the recent ones to send; older ones are marked missed."""
    since = now - LOOK_BACK
    active = Reminder.objects.filter(active=True).values_list(*TIMING_FIELDS)
    timings = [Timing(*row) for row in active]
    known = set(Delivery.objects.filter(due_at__gte=since).values_list("reminder_id", "due_at"))
    due, missed, held = [], [], []
    for timing in timings:
        # Nothing is due from before the reminder was set, or last changed when it is sent.
        start = max(since, timing.counts_from)
        for due_at in schedule.occurrences(timing, ZoneInfo(timing.time_zone), start, now):
            if (timing.id, due_at) in known:
                continue
            if timing.email_unconfirmed:
                # Typed at sign-up by anyone: the address may be a stranger's. Held as
                # cancelled, not a fault, rather than left without a row: once the address is
                # confirmed, a time with no row would be sent late or named missed.
                held.append(
                    Delivery(reminder_id=timing.id, due_at=due_at, status=Delivery.CANCELLED)
                )
            elif due_at >= now - CATCH_UP:
                due.append((timing.id, due_at))
            else:
                missed.append(
                    Delivery(reminder_id=timing.id, due_at=due_at, status=Delivery.MISSED)
                )
    if held:
        Delivery.objects.bulk_create(held, ignore_conflicts=True)
    if missed:
        Delivery.objects.bulk_create(missed, ignore_conflicts=True)
        result.missed += len(missed)
        log.warning("recorded %d reminder occurrences as missed", len(missed))
    return due


def _claim_new(reminder_id: uuid.UUID, due_at: datetime, now: datetime) -> bool:
    try:
        with transaction.atomic():
            Delivery.objects.create(
                reminder_id=reminder_id, due_at=due_at, attempts=1, next_attempt_at=now + LEASE
            )
    except IntegrityError:
        return False  # another sender has it
    return True


def _claim_retry(delivery: Delivery, now: datetime) -> bool:
    claimed = Delivery.objects.filter(
        id=delivery.id,
        status=Delivery.PENDING,
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at,
    ).update(attempts=F("attempts") + 1, next_attempt_at=now + LEASE)
    return claimed == 1


def _send(reminder_id, due_at: datetime, clock: Callable[[], datetime], result: PassResult):
    rows = Delivery.objects.filter(reminder_id=reminder_id, due_at=due_at)
    # Read again: since the pass read it (or since a failed send) it may have been stopped,
    # moved to another time, or deleted with its deliveries.
    reminder = (
        Reminder.objects.select_related("patient", "appointment", "recorded_by")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None:
        return
    if not still_due(reminder, due_at):
        rows.update(status=Delivery.CANCELLED, next_attempt_at=None)
        return
    if clock() > retry_until(reminder, due_at):
        # A retry come round only after the senders were down for long: too late to help.
        rows.update(status=Delivery.FAILED, next_attempt_at=None)
        log.error("reminder %s at %s: given up, too late to send", reminder.id, due_at)
        return
    try:
        emails.reminder(
            reminder.patient.email,
            email_context(reminder, due_at, clock()),
            stop_url(reminder),
            message_id(reminder, due_at),
        )
    except Exception as error:  # any failure of the mail server: retry later
        result.failed += 1
        log.warning(
            "reminder %s at %s: send failed (%s)", reminder.id, due_at, type(error).__name__
        )
        attempts = rows.values_list("attempts", flat=True).first()
        if attempts is None:  # deleted while it was being sent: nothing to retry
            return
        next_attempt = clock() + backoff(attempts)
        gave_up = next_attempt > retry_until(reminder, due_at)
        if gave_up:
            log.error(
                "reminder %s at %s: given up after %d attempts", reminder.id, due_at, attempts
            )
        rows.update(
            status=Delivery.FAILED if gave_up else Delivery.PENDING,
            next_attempt_at=None if gave_up else next_attempt,
            error=str(error)[:500],
        )
        return
    rows.update(status=Delivery.SENT, sent_at=clock(), next_attempt_at=None, error="")
    result.sent += 1


def retry_until(reminder: Reminder, due_at: datetime) -> datetime:
    """The last moment a failed send of this occurrence is still worth trying again."""
    until = due_at + RETRY_FOR
    if reminder.kind == Reminder.APPOINTMENT and reminder.appointment:
        until = min(until, reminder.appointment.starts_at)
    return until


def still_due(reminder: Reminder, due_at: datetime) -> bool:
    """Whether the reminder, as it is now, still falls due at `due_at`."""
    zone = reminder.patient.zone
    return reminder.active and due_at in schedule.occurrences(
        reminder, zone, due_at - timedelta(seconds=1), due_at
    )


def message_id(reminder: Reminder, due_at: datetime) -> str:
    """The same for every attempt at one occurrence, and different for every other."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<reminder.{reminder.id}.{due_at.astimezone(UTC):%Y%m%dT%H%M%SZ}@{host}>"


def stop_url(reminder: Reminder) -> str:
    return settings.SITE_URL + reverse("notes_reminder_stop", args=[stop_token(reminder)])


def when_due(due_at: datetime, sent_at: datetime, zone) -> str:
    """ "23:00", "23:00 yesterday" or "08:00 on Monday 2 June", as seen from `sent_at`; in
    the hour the clocks go back, which of the two ("01:30 (BST)")."""
    due, sent = due_at.astimezone(zone), sent_at.astimezone(zone)
    days = (sent.date() - due.date()).days
    if days == 0:
        return wall_label(due)
    if days == 1:
        return f"{wall_label(due)} yesterday"
    return f"{wall_label(due)} on {due:%A} {due.day} {due:%B}"


def email_context(reminder: Reminder, due_at: datetime, sent_at: datetime) -> dict:
    patient = reminder.patient
    context = {"name": patient.name, "title": reminder.title, "message": reminder.details}
    if sent_at - due_at > LATE:
        # Held up by the mail server: a dose reminder must not pass for a new one.
        context["late"] = when_due(due_at, sent_at, patient.zone)
    if reminder.recorded_by_id and reminder.recorded_by_id != patient.id:
        context["set_by"] = reminder.recorded_by.name
    # Set by someone whose account is gone (or never known here): not "you set".
    context["own"] = reminder.recorded_by_id == patient.id
    if reminder.kind == Reminder.APPOINTMENT and reminder.appointment:
        starts = reminder.appointment.starts_at.astimezone(patient.zone)
        # "01:30 (GMT)" in the hour the clocks go back, as the appointment's page says it.
        context["when"] = f"{starts:%A %-d %B} at {wall_label(starts)}"
        context["link"] = reverse("notes_appointment", args=[reminder.appointment_id])
        context["link_text"] = "See what to bring"
    elif reminder.kind == Reminder.TRACKING:
        context["link"] = "/my-tracker"
        context["link_text"] = "Open My Tracker"
    elif reminder.kind == Reminder.MEDICATION:
        # The dose's own time, not the send time: they differ when the clocks go forward.
        times = schedule.times_due(reminder, patient.zone, due_at)
        context["when"] = " and ".join(f"{t:%H:%M}" for t in times) or (
            f"{due_at.astimezone(patient.zone):%H:%M}"
        )
    return context

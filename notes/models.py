"""Questions, notes, appointments, contacts and reminders a patient keeps for their care."""

import re
import secrets
import uuid
from datetime import UTC, datetime, timedelta

from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.text import Truncator

from toolkit.lib.keyed import made_with_a_key
from toolkit.lib.local_time import wall_label
from toolkit.models import OneTimeTokenMixin, PatientRecord, User

TEXT_LIMIT = 5000
NOTE_LABEL_WORDS = 6
# A label is a heading on a phone too: one long "word" (a web address) is cut as well.
NOTE_LABEL_CHARS = 50


class QuestionQuerySet(models.QuerySet):
    def for_patient(self, patient):
        # With what a list shows beside each: its appointment and who recorded it.
        return self.filter(patient=patient).select_related("appointment", "recorded_by")


class Question(OneTimeTokenMixin, PatientRecord):
    """A question for the specialist, the patient's own or taken from an information page."""

    TO_ASK = "to_ask"
    ASKED = "asked"
    STATUSES = [(TO_ASK, "To ask"), (ASKED, "Asked")]

    text = models.CharField(max_length=500)
    answer = models.TextField(blank=True, max_length=TEXT_LIMIT)
    status = models.CharField(max_length=10, choices=STATUSES, default=TO_ASK)
    # The information page it came from: path under /information/ and its title then.
    page_path = models.CharField(max_length=200, blank=True)
    page_title = models.CharField(max_length=200, blank=True)
    page_url = models.CharField(max_length=250, blank=True, db_default="")
    # The question as the page words it, kept when the person rewords theirs: the page's
    # questions are added once, however they have been changed since.
    page_text = models.CharField(max_length=500, blank=True, db_default="")
    appointment = models.ForeignKey(
        "Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )

    # A question typed again a moment later is the form sent again; one asked again weeks
    # later is added (toolkit/once.py). A page's questions are added once by the constraint.
    twin_fields = ("text", "appointment")

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["page_title", "recorded_at"]
        constraints = [
            # Pressing "Add these questions" twice adds nothing twice.
            models.UniqueConstraint(
                fields=["patient", "page_path", "page_text"],
                condition=~models.Q(page_path=""),
                name="notes_question_once_per_page",
            ),
            models.UniqueConstraint(fields=["patient", "token"], name="notes_question_token_once"),
        ]

    def __str__(self):
        return self.text


class Note(OneTimeTokenMixin, PatientRecord):
    written_on = models.DateField()
    # Optional: a note jotted down is often only its text.
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField(max_length=TEXT_LIMIT)

    # Everything the form asks: a note the same in every word, saved a moment before.
    twin_fields = ("written_on", "title", "text")

    class Meta:
        ordering = ["-written_on", "-recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "token"], name="notes_note_token_once")
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """What the note is called wherever it is listed or named: its title, else the first
        words of its first line. An import may bring a note with neither, which is called by
        its date."""
        if self.title:
            return self.title
        # Its lines are not run together: a short first line ("Pills") is its own heading.
        first_line = next((line for line in self.text.splitlines() if line.strip()), "")
        words = Truncator(first_line).words(NOTE_LABEL_WORDS)
        return Truncator(words).chars(NOTE_LABEL_CHARS) or f"Note of {self.written_on:%-d %B %Y}"


class Appointment(OneTimeTokenMixin, PatientRecord):
    ROLES = [
        ("neurologist", "Neurologist"),
        ("nurse", "Parkinson's nurse"),
        ("gp", "GP"),
        ("physiotherapist", "Physiotherapist"),
        ("occupational_therapist", "Occupational therapist"),
        ("speech_therapist", "Speech and language therapist"),
        ("pharmacist", "Pharmacist"),
        ("other", "Someone else"),
    ]

    starts_at = models.DateTimeField()
    role = models.CharField("with", max_length=30, choices=ROLES)
    with_name = models.CharField("their name", max_length=200, blank=True)
    place = models.CharField("where", max_length=300, blank=True)
    notes = models.TextField(blank=True, max_length=TEXT_LIMIT)

    twin_fields = ("starts_at", "role", "with_name", "place", "notes")

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "token"], name="notes_appointment_token_once"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        who = self.get_role_display()
        return f"{who} ({self.with_name})" if self.with_name else who

    def label(self, zone) -> str:
        """Its date and time in `zone`, then its title: what tells apart, in a list, two
        appointments with the same person comes first, so that a narrow box that cuts off
        the end of the chosen one still shows it."""
        local = self.starts_at.astimezone(zone)
        return f"{local:%A %-d %B %Y} at {wall_label(local)} \N{EN DASH} {self.title}"

    @property
    def has_begun(self) -> bool:
        return self.starts_at <= timezone.now()

    def get_absolute_url(self) -> str:
        return reverse("notes_appointment", args=[self.id])

    def reminder_at(self, minutes_before: int) -> datetime:
        """When a reminder that long before it is sent. Whole days are counted on the patient's
        calendar, at the appointment's own time: "1 week before" an appointment at 10:30 the
        week the clocks go back is at 10:30, not 11:30. A time the clocks skip that day is
        read with the offset before the change, so it falls an hour later."""
        days, minutes = divmod(minutes_before, 24 * 60)
        if minutes:
            return self.starts_at - timedelta(minutes=minutes_before)
        local = self.starts_at.astimezone(self.patient.zone)
        return (
            (local.replace(tzinfo=None) - timedelta(days=days))
            .replace(tzinfo=self.patient.zone, fold=local.fold)
            .astimezone(UTC)
        )

    def minutes_before(self, at: datetime) -> int:
        """How long before the appointment a reminder sent `at` is, as `reminder_at` counts
        it: whole days on the patient's calendar, so that "1 week before" read back across a
        change of the clocks is still a week, not a week and an hour."""
        days = round((self.starts_at - at) / timedelta(days=1))
        if days > 0 and self.reminder_at(days * 24 * 60) == at:
            return days * 24 * 60
        return max(0, int((self.starts_at - at).total_seconds() // 60))

    def move_reminders(self, now: datetime) -> list["Reminder"]:
        """After the appointment moved: its reminders keep their distance from it. Returns
        the active one-off reminders that this move put into the past, and so will not be
        sent: not one whose time is as it was (only the notes changed), nor one whose time had
        already come before the move (sent, or its time gone either way). A reminder whose
        times are as they were is left alone: counted again from now, one just due and not
        yet sent would never be."""
        day = self.starts_at.astimezone(self.patient.zone).date()
        passed = []
        for reminder in self.reminders.all():
            was = (reminder.at, reminder.starts_on, reminder.ends_on)
            if reminder.kind == Reminder.APPOINTMENT and reminder.minutes_before is not None:
                reminder.at = self.reminder_at(reminder.minutes_before)
            elif reminder.kind == Reminder.TRACKING and reminder.starts_on and reminder.ends_on:
                length = reminder.ends_on - reminder.starts_on
                reminder.ends_on = day - timedelta(days=1)
                reminder.starts_on = reminder.ends_on - length
            if (reminder.at, reminder.starts_on, reminder.ends_on) == was:
                continue
            # Its time had still to come before the move, and now has passed.
            lost = (was[0] is None or was[0] > now) and reminder.at and reminder.at <= now
            if reminder.active and lost and now < self.starts_at:
                passed.append(reminder)
            reminder.count_from_now()
            reminder.save(update_fields=["at", "starts_on", "ends_on", "counts_from"])
        return passed


# A contact's website is shown as a link: only ever to a web page. Held to this by the
# contact form and an import, not by the field, so the form can let one saved before pass.
WEB_ADDRESS = URLValidator(
    schemes=["http", "https"],
    message="Enter a web address starting https://, for example https://www.parkinsons.org.uk",
)


# Digits as people write a phone number: groups with a space, dot or dash between, some in
# brackets ("+44 (0)20", "(01234) 567-890"). A bracket or " - " after the number starts what
# follows it, so "0808 800 0303 (9am-5pm)" is not dialled with a 9 on the end.
PHONE_NUMBER = re.compile(r"\+?(?:\(\d+\)|\d)(?:(?:\s+|[.-])?(?:\(\d+\)|\d))*")
# A number is dialled when it has this many digits (a UK number has 10 or 11; one abroad
# more) or is a service's short number: fewer are a room, a ward or opening hours
# ("Room 104", "0900-1700"). Helplines across Europe have six digits starting 116
# (Samaritans' 116 123).
SHORTEST_PHONE = 9
SERVICE_NUMBERS = {"999", "112", "111", "101", "119"}
HELPLINE_NUMBER = re.compile(r"116\d{3}")


class Contact(OneTimeTokenMixin, PatientRecord):
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True, max_length=500)
    notes = models.TextField(blank=True, max_length=TEXT_LIMIT)
    # The information page an organisation was added from, so adding it again adds nothing.
    page_path = models.CharField(max_length=200, blank=True)

    twin_fields = ("name", "role", "phone", "email", "website", "notes")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "page_path", "name"],
                condition=~models.Q(page_path=""),
                name="notes_contact_once_per_page",
            ),
            models.UniqueConstraint(fields=["patient", "token"], name="notes_contact_token_once"),
        ]

    def __str__(self):
        return self.name

    @property
    def phone_parts(self) -> list[tuple[str, str]]:
        """The phone in pieces, in order: each number in it as typed with what a `tel:` link
        dials ("+447976842669" for "+44 (0)797 684 2669"), and the words around them with ""
        ("Free helpline: open 9am-7pm", " ext. 45"), so only a number is ever a link."""
        parts, done = [], 0
        for match in PHONE_NUMBER.finditer(self.phone):
            run = match.group()
            # After a country code, (0) is what is dialled only from inside the country.
            dial = re.sub(r"[^\d+]", "", run.replace("(0)", "") if run.startswith("+") else run)
            short = len(dial.lstrip("+")) < SHORTEST_PHONE
            if short and dial not in SERVICE_NUMBERS and not HELPLINE_NUMBER.fullmatch(dial):
                continue
            parts += [(self.phone[done : match.start()], ""), (run, dial)]
            done = match.end()
        parts.append((self.phone[done:], ""))
        return [(text, dial) for text, dial in parts if text]


class MedicationSchedule(PatientRecord):
    """What notes knows of a tracker medication: kept up to date by the tracker through api.py."""

    medication_id = models.UUIDField()
    name = models.CharField(max_length=200)
    times = models.JSONField(default=list)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "medication_id"], name="notes_medication_once"
            )
        ]

    def __str__(self):
        return self.name


class ReminderQuerySet(models.QuerySet):
    def for_patient(self, patient):
        # With what a list shows beside each: its appointment and who set it.
        return self.filter(patient=patient).select_related("appointment", "recorded_by")

    def with_not_sent_since(self, now):
        """Each with `not_sent`: its times of the last week that the patient relied on and did
        not get (the senders were down, or the mail server refused it for too long)."""
        return self.prefetch_related(
            models.Prefetch(
                "deliveries",
                queryset=Delivery.objects.filter(
                    status__in=Delivery.NOT_SENT, due_at__gte=now - Delivery.NOT_SENT_SHOWN_FOR
                ),
                to_attr="not_sent",
            )
        )

    def on_for_medication(self, patient, medication_id):
        """The patient's reminders on for a medicine: one at most, or each email goes twice."""
        return self.filter(
            patient=patient, kind=Reminder.MEDICATION, medication_id=medication_id, active=True
        )


class Reminder(OneTimeTokenMixin, PatientRecord):
    MEDICATION = "medication"
    APPOINTMENT = "appointment"
    TRACKING = "tracking"
    CUSTOM = "custom"
    KINDS = [
        (MEDICATION, "Take a medication"),
        (APPOINTMENT, "An appointment"),
        (TRACKING, "Fill in today's diary"),
        (CUSTOM, "Something else"),
    ]

    kind = models.CharField(max_length=12, choices=KINDS)
    message = models.CharField(max_length=300, blank=True)
    # Local wall-clock times "HH:MM" in the patient's zone, sorted.
    times = models.JSONField(default=list, blank=True)
    # Monday=0 … Sunday=6; null means every day.
    weekdays = models.JSONField(null=True, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    # A one-off reminder (custom once, or appointment: the instant before it).
    at = models.DateTimeField(null=True, blank=True)
    medication_id = models.UUIDField(null=True, blank=True)
    medication_name = models.CharField(max_length=200, blank=True)
    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    minutes_before = models.PositiveIntegerField(null=True, blank=True)
    active = models.BooleanField(default=True)
    # Only times after this are sent: when it was set, and again whenever when it is sent
    # changed (`count_from_now`). A time just past and not yet sent when a medicine's times
    # changed, or the reminder was turned on again, would otherwise go out at once: a second
    # "Take Co-careldopa" ten minutes after the first.
    counts_from = models.DateTimeField(default=timezone.now, db_default=Now())

    # Everything a reminder's forms set: a twin would send each email twice. The medicine's
    # name follows its id.
    twin_fields = (
        "kind",
        "message",
        "times",
        "weekdays",
        "starts_on",
        "ends_on",
        "at",
        "medication_id",
        "appointment",
        "minutes_before",
    )

    objects = ReminderQuerySet.as_manager()

    def count_from_now(self) -> None:
        self.counts_from = timezone.now()

    class Meta:
        ordering = ["kind", "recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "token"], name="notes_reminder_token_once")
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        if self.kind == self.MEDICATION:
            return f"Take {self.medication_name}"
        if self.kind == self.APPOINTMENT and self.appointment_id:
            return f"Appointment: {self.appointment.title}"
        if self.kind == self.TRACKING:
            return "Fill in today's diary"
        return self.message or "Reminder"

    @property
    def details(self) -> str:
        """The message where it adds to the title: a custom reminder's message is its title."""
        return "" if self.kind == self.CUSTOM else self.message


class Delivery(models.Model):
    """One occurrence of a reminder: the row is the lock that makes each occurrence go once."""

    PENDING = "pending"
    SENT = "sent"
    MISSED = "missed"  # its time passed while no sender was running
    FAILED = "failed"  # the mail server refused it until it was too late to help
    CANCELLED = "cancelled"  # stopped, moved or deleted before it was sent: not a fault
    STATUSES = [
        (PENDING, "Pending"),
        (SENT, "Sent"),
        (MISSED, "Missed"),
        (FAILED, "Failed"),
        (CANCELLED, "Cancelled"),
    ]
    # The patient relied on these and did not get them: their reminders page says so.
    NOT_SENT = (MISSED, FAILED)
    NOT_SENT_SHOWN_FOR = timedelta(days=7)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "due_at"], name="notes_delivery_once")
        ]
        # due_at: every reminder pass reads the occurrences of the last day that have a row.
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["due_at"]),
        ]

    def __str__(self):
        return f"{self.reminder_id} at {self.due_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """The secret address of a patient's calendar feed; resetting it changes the secret."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    # Only a random salt is stored: the token is an HMAC of it under SECRET_KEY.
    salt = models.CharField(max_length=64, default=secrets.token_hex)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"calendar of {self.patient_id}"

    @property
    def token(self) -> str:
        return salted_hmac(
            "notes.calendar", f"{self.id}:{self.salt}", algorithm="sha256"
        ).hexdigest()

    def opened_by(self, token: str) -> bool:
        """Whether `token` is the feed's, made under SECRET_KEY or one of SECRET_KEY_FALLBACKS:
        a calendar app keeps the address it was given when the key was changed."""
        return made_with_a_key(token, "notes.calendar", f"{self.id}:{self.salt}")

    def reset(self) -> None:
        self.salt = secrets.token_hex()
        self.save(update_fields=["salt"])

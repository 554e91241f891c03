import unicodedata
import uuid
import zoneinfo
from datetime import date, datetime, timedelta
from functools import cache
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

DEFAULT_TIME_ZONE = "Europe/London"


@cache
def known_time_zones() -> frozenset[str]:
    # Read from the system's zone files: 9 ms, so once per process.
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise ValidationError("Choose a time zone from the list, for example Europe/London.")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)

    def create_user(self, email, password=None, **extra):
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


def normalise_email(email: str) -> str:
    """An address as it is kept and compared: one spelling for one mailbox. Lower case, with
    compatibility characters folded ("\uff45" is "e") and the domain as mail is sent to it
    ("b\u00fccher.example" is "xn--bcher-kva.example"): otherwise each spelling was an
    address of its own to every check, an account's included, and one mailbox to the post."""
    email = unicodedata.normalize("NFKC", email).strip().lower()
    local, at, domain = email.rpartition("@")
    if not at:
        return email
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:  # no domain mail goes to: the address field refuses it
        return email
    return f"{local}@{domain}"


def validate_one_line(value: str) -> None:
    """A name is shown in emails' plain text, where a line break would start a paragraph
    of the sender's own writing."""
    if any(unicodedata.category(character) in {"Cc", "Zl", "Zp"} for character in value):
        raise ValidationError("Write your name on one line, without special characters.")


class User(AbstractUser):
    """A person who signs in: a patient, a carer, or both. Email is the login."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        "your name",
        max_length=100,
        blank=True,
        help_text="How the toolkit greets you and names you to people you share with.",
        validators=[validate_one_line],
    )
    time_zone = models.CharField(
        max_length=64, default=DEFAULT_TIME_ZONE, validators=[validate_time_zone]
    )
    # Set by sign-up when it made the account at once, where anyone could type anyone's
    # address, until a link sent there is opened (or a password reset from it is completed):
    # till then nothing is emailed there for the account, and it invites nobody. Sign-up now
    # makes an account from a link sent to the address (toolkit/signup.py), so only accounts
    # made before that can still have it. Every other way of making one is trusted.
    email_unconfirmed = models.BooleanField(default=False, db_default=False)
    # When the last link to confirm it was sent: another waits a few minutes (`claim_email`).
    address_link_sent_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def claim_email(self, sent_at: str, wait: timedelta) -> datetime | None:
        """The moment an email of a kind (its time kept in the field `sent_at`) may go now, or
        None when one went less than `wait` ago: a held-down button or a script must not flood
        a mailbox, which may be a stranger's. One claim per wait, however many presses arrive
        at once."""
        now = timezone.now()
        waited = models.Q(**{f"{sent_at}__isnull": True}) | models.Q(
            **{f"{sent_at}__lte": now - wait}
        )
        claimed = User.objects.filter(waited, pk=self.pk).update(**{sent_at: now})
        return now if claimed else None

    def release_email(self, sent_at: str, claimed: datetime) -> None:
        """An email claimed did not go: asking again need not wait."""
        User.objects.filter(pk=self.pk, **{sent_at: claimed}).update(**{sent_at: None})

    def local_now(self) -> datetime:
        return timezone.now().astimezone(self.zone)

    def local_today(self) -> date:
        return self.local_now().date()


class EmailClaim(models.Model):
    """An address the site emailed because someone typed it (to sign up, to reset a password,
    or as an account's new address), and when: see toolkit/signup.py. One such email goes to an
    address every few minutes, whoever asks and whether or not it has an account. Kept while
    the link of a sign-up could be used, and no longer."""

    email = models.EmailField(unique=True)  # as `normalise_email` makes it
    # A hash of the secret of the link that creates an account, never the secret: made for
    # every claim of a sign-up or reset, sent only to an address with no account. None for a
    # change of address, which sends a link of its own.
    token_hash = models.CharField(max_length=64, unique=True, null=True)  # noqa: DJ001
    sent_at = models.DateTimeField()

    LINK_WORKS_FOR = timedelta(hours=24)

    @classmethod
    def delete_expired(cls) -> None:
        """An address whose link has run out is not kept: it says its owner thought of using
        a toolkit for Parkinson's."""
        cls.objects.filter(sent_at__lte=timezone.now() - cls.LINK_WORKS_FOR).delete()


class EmailRequest(models.Model):
    """A request that emailed an address its sender typed (a sign-up, a reset, an invitation,
    a new address), by a keyed hash of who sent it: see toolkit/email_limits.py. Kept for the
    hour the limits count, and no longer."""

    sender = models.CharField(max_length=64)
    asked_at = models.DateTimeField(db_index=True)


class RecordsVersion(models.Model):
    """Changes with every change to a patient's records: see toolkit/records_version.py.

    A table of its own rather than a column of User, so that saving a User loaded
    before a change can never put an old version back.
    """

    patient = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True)
    version = models.UUIDField(default=uuid.uuid4)


class Session(AbstractBaseSession):
    """A signed-in session, with the person it signs in: see toolkit/sessions.py."""

    # No database constraint: a session saved by a request still running while its
    # person's account is deleted must not fail. The sessions go with the account
    # (Django's cascade), and a row naming nobody signs nobody in.
    person = models.ForeignKey(
        User, null=True, on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from toolkit.sessions import SessionStore

        return SessionStore


class PatientRecord(models.Model):
    """Something recorded about a patient: whose it is, when and by whom it was recorded.

    When it *happened* is each record's own field (taken_at, started_at, …).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    class Meta:
        abstract = True


class OneTimeTokenMixin(models.Model):
    """The token carried by the form that created the record.

    A second submission of the same form (a double tap, a re-sent POST) finds the
    record already made instead of making another.

    Going Back fetches the form afresh, with a new token, while the browser fills in again
    what was typed: a new record that is the twin of one the patient's records got a few
    minutes before is that form sent again (toolkit/once.py). A model says what makes a
    twin: `twin_fields`, which must be equal, and for a record that happens at a time,
    `twin_moment`, that field and how far apart two twins' times may be. A model that
    declares neither has no twins.
    """

    twin_fields: ClassVar[tuple[str, ...]] = ()
    twin_moment: ClassVar[tuple[str, timedelta] | None] = None

    token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def twin_lookup(self) -> dict | None:
        """The filter a twin of this new record matches, or None when twins are not looked
        for. An empty field (None) is matched by an empty one."""
        if not self.twin_fields and self.twin_moment is None:
            return None
        lookup = {}
        for name in self.twin_fields:
            attname = self._meta.get_field(name).attname  # a foreign key by its id
            value = getattr(self, attname)
            if value is None:
                lookup[f"{attname}__isnull"] = True
            else:
                lookup[attname] = value
        if self.twin_moment is not None:
            name, tolerance = self.twin_moment
            at = getattr(self, name)
            lookup[f"{name}__range"] = (at - tolerance, at + tolerance)
        return lookup


class SpecialistLink(PatientRecord):
    """A read-only link to one summary range, for a clinician without an account."""

    DEFAULT_VALID_DAYS = 14
    MAX_VALID_DAYS = 90

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    start_date = models.DateField()
    days = models.PositiveSmallIntegerField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    open_count = models.PositiveIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]

    def is_active(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at

    @property
    def end_date(self) -> date:
        """The last day of the summary it opens."""
        return self.start_date + timedelta(days=self.days - 1)


class TimeZoneChange(models.Model):
    """When a person's time zone changed, and the zone they lived by until then.

    Every day is drawn in the zone the person has now, the days before a change too: the
    summary says so when its days began before the change (tracker/summary.py).
    """

    id = models.BigAutoField(primary_key=True)
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    earlier = models.CharField(max_length=64)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["person", "changed_at"])]


class EmailChange(models.Model):
    """An account's address changed, and the address it had: the notice sent there carries
    this row's id, the link that puts it back (toolkit/views.py `undo_email_change`).

    Kept here rather than in the link, so that the link says nothing of the address: a link is
    kept where a page is not (browser histories, the logs of mail scanners), and an address
    there would say that its owner uses a toolkit for Parkinson's.
    """

    UNDO_FOR = timedelta(days=7)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    earlier = models.EmailField()
    changed_at = models.DateTimeField(default=timezone.now)

    @property
    def can_be_undone(self) -> bool:
        return timezone.now() < self.changed_at + self.UNDO_FOR


class Deletion(models.Model):
    """A record of the patient's deleted, by whom: its address opened afterwards (a page
    from before, on this device or another, a carer's) says so rather than "Page not
    found". Holds the record's id only, nothing it said (toolkit/confirm.py)."""

    id = models.BigAutoField(primary_key=True)
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    record_id = models.UUIDField()
    deleted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["patient", "record_id"])]


class AccessEvent(models.Model):
    """Who saw or changed a patient's records, other than the patient: the access log."""

    class Action(models.TextChoices):
        VIEWED = "viewed", "viewed"
        CHANGED = "changed", "changed"
        DOWNLOADED = "downloaded", "downloaded"
        # A form sent by a carer who may only look: nothing saved, but the patient is told.
        REFUSED = "refused", "was refused a change"
        ACCESS_CHANGED = "access_changed", "changed access"
        LINK_OPENED = "link_opened", "opened a specialist link"

    id = models.BigAutoField(primary_key=True)
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Once a carer's account is deleted (actor NULL): the address the patient invited them
    # at, so the log still says which carer it was. Never a later address of the carer's.
    actor_invited_as = models.EmailField(blank=True, default="", db_default="")
    action = models.CharField(max_length=20, choices=Action.choices)
    # Names the part of the record, never its contents: this log holds no health data. Not
    # bounded: a change of access names email addresses, each up to 254 characters.
    what = models.TextField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]


class Level(models.TextChoices):
    NONE = "none", "No access"
    VIEW = "view", "Can view"
    EDIT = "edit", "Can view and record"


class CareGrantQuerySet(models.QuerySet):
    def current(self):
        return self.filter(revoked_at__isnull=True, carer__isnull=False)

    def pending(self, now: datetime | None = None):
        return self.filter(
            revoked_at__isnull=True, carer__isnull=True, expires_at__gt=now or timezone.now()
        )


class CareGrant(models.Model):
    """A patient's invitation to a carer and, once accepted, the carer's access.

    Access is per section ("tracker", "notes"): none, view, or edit. Revoking (by the
    patient) or leaving (by the carer) sets revoked_at; access ends at the next request.
    """

    INVITATION_DAYS = 7

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants_given")
    carer = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="grants_received"
    )
    email = models.EmailField("their email address")
    tracker = models.CharField("My Tracker", max_length=4, choices=Level, default=Level.VIEW)
    notes = models.CharField(
        "My Reminders & Notes", max_length=4, choices=Level, default=Level.NONE
    )
    # Hash of the single-use invitation token; cleared once accepted. NULL, not "",
    # so that many cleared tokens do not collide on the unique index.
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)  # noqa: DJ001
    invited_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    objects = CareGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "carer"],
                condition=models.Q(revoked_at__isnull=True, carer__isnull=False),
                name="one_current_grant_per_carer",
            )
        ]

    def level_for(self, section: str) -> str:
        return getattr(self, section)

"""What a patient records: medications, doses, symptom episodes, the ON/OFF diary, meals.

Every record stores when it happened in UTC (its own field) and, through
`PatientRecord`, when and by whom it was recorded. The choice values below are the
values of the data format (docs/data-format.md); change them only with a new version.
"""

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible

from notes.api import medication_schedule_changed
from toolkit.models import OneTimeTokenMixin, PatientRecord

# Matched whole (fullmatch): "$" would let "07:00\n" by.
SCHEDULE_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
# An episode's note: as long as the form takes, so a download always imports again.
NOTE_LIMIT = 10_000


def validate_schedule(value) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and SCHEDULE_TIME.fullmatch(item) for item in value
    ):
        raise ValidationError('Give each time as HH:MM on the 24-hour clock, for example "07:00".')


@deconstructible
class ChoiceListValidator:
    """Every item of a JSON list must be a value of `choices`."""

    def __init__(self, choices):
        self.choices = choices

    def __call__(self, value) -> None:
        if not isinstance(value, list):
            raise ValidationError("Expected a list.")
        unknown = [item for item in value if item not in self.choices.values]
        if unknown:
            raise ValidationError(
                f"{unknown[0]!r} is not one of {', '.join(self.choices.values)}",
                code="invalid_choice",
            )

    def __eq__(self, other):
        return isinstance(other, ChoiceListValidator) and self.choices is other.choices


def schedule_times(schedule: list[str]) -> list[time]:
    return sorted(time.fromisoformat(item) for item in schedule)


@dataclass(frozen=True)
class SchedulePeriod:
    """A medication's daily times and dose, in force from `since` (None: always before)
    until `until` (None: still)."""

    times: list[time]
    since: datetime | None
    until: datetime | None
    dose: str = ""

    def covers(self, instant: datetime) -> bool:
        return (self.since is None or instant >= self.since) and (
            self.until is None or instant < self.until
        )


class RecordQuerySet(models.QuerySet):
    """Named queries shared by every record; `when` names the model's "happened at" field."""

    when = ""
    related: tuple[str, ...] = ("recorded_by",)

    def for_patient(self, patient):
        return self.filter(patient=patient).select_related(*self.related)

    def between(self, start: datetime, end: datetime):
        """Records that happened in [start, end)."""
        return self.filter(**{f"{self.when}__gte": start, f"{self.when}__lt": end})


class MedicationQuerySet(models.QuerySet):
    def for_patient(self, patient):
        return self.filter(patient=patient)

    def active(self):
        return self.filter(stopped_at__isnull=True)


class Medication(OneTimeTokenMixin, PatientRecord):
    name = models.CharField(max_length=100)
    dose = models.CharField(
        max_length=100, blank=True, help_text="For example: 1 tablet of 25 mg / 100 mg."
    )
    # Local wall-clock times ("07:00", …): a schedule follows the patient's day,
    # including across daylight-saving changes and moves between time zones.
    schedule = models.JSONField(default=list, blank=True, validators=[validate_schedule])
    as_needed = models.BooleanField("as needed", default=False)
    stopped_at = models.DateTimeField(null=True, blank=True)
    # The schedules it had before, oldest first, each with the UTC instant it ended and
    # the dose it was taken at ({"schedule": ["07:00"], "until": "2026-11-26T13:00:00+00:00",
    # "dose": "1 tablet"}): past days keep the times and dose that were in force then, so
    # a change of either does not rewrite history. One saved before doses were kept has
    # no "dose": it had the dose of the one after it, as the pages showed it then.
    earlier_schedules = models.JSONField(default=list, db_default=[], blank=True)

    # One of the same name is the same medicine: a doubled one would show every dose twice.
    # Its dose or times may differ, changed on the form before it was sent again after
    # Back; the view leads there to change them. Two strengths taken together need two
    # names anyway, or the home page, reminders and summary could not tell them apart. A
    # new one is never stopped, so only one not stopped is its twin: a medicine stopped
    # and started again is added again.
    twin_fields = ("name", "stopped_at")

    objects = MedicationQuerySet.as_manager()

    class Meta:
        verbose_name = "medicine"  # as every page calls it
        ordering = ["name", "recorded_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "token"], name="medication_token_once")
        ]

    def __str__(self):
        return self.name

    @property
    def schedule_times(self) -> list[time]:
        return schedule_times(self.schedule)

    def schedule_periods(self) -> list[SchedulePeriod]:
        """Each schedule it has had, oldest first, with when it was in force and its dose."""
        # Doses are read from the newest back: one kept without a dose had the next one's.
        doses, dose = [], self.dose
        for earlier in reversed(self.earlier_schedules):
            dose = earlier.get("dose", dose)
            doses.append(dose)
        periods, since = [], None
        for earlier, dose in zip(self.earlier_schedules, reversed(doses), strict=True):
            until = datetime.fromisoformat(earlier["until"])
            periods.append(SchedulePeriod(schedule_times(earlier["schedule"]), since, until, dose))
            since = until
        periods.append(SchedulePeriod(self.schedule_times, since, self.stopped_at, self.dose))
        return periods

    @property
    def added_at(self) -> datetime | None:
        """When it was first taken at its times, as it was added (the end of its first, empty,
        schedule); None for one added before schedules were kept. A first schedule with no
        times that kept a dose is not that: it was a medicine taken only when needed, added
        before schedules were kept, until its dose changed."""
        first = self.earlier_schedules[0] if self.earlier_schedules else None
        if first and not first["schedule"] and "dose" not in first:
            return datetime.fromisoformat(first["until"])
        return None

    def dose_at(self, instant: datetime) -> str:
        """The dose in force at `instant`; after it was stopped, its last."""
        periods = self.schedule_periods()
        return next((p.dose for p in periods if p.covers(instant)), periods[-1].dose)

    def change_schedule(
        self, schedule: list[str], since: datetime, dose: str | None = None
    ) -> None:
        """Take a new schedule, and dose (None: the same), from `since` on (the start of the
        patient's day: today's times and dose are the new ones), keeping those they replace
        for the days before. Changes on one day make one new period.

        A new medicine had no schedule before: adding one does not put missed doses on
        the days before it was added.
        """
        dose = self.dose if dose is None else dose
        until = since.astimezone(UTC).isoformat()
        if self._state.adding:
            self.earlier_schedules = [{"schedule": [], "until": until}]
        elif schedule != self.schedule or dose != self.dose:
            current = self.schedule_periods()[-1]
            if current.since is None or current.since < since:
                self.earlier_schedules = [
                    *self.earlier_schedules,
                    {"schedule": self.schedule, "until": until, "dose": self.dose},
                ]
        self.schedule, self.dose = schedule, dose

    @property
    def is_active(self) -> bool:
        return self.stopped_at is None

    def tell_reminders(self) -> None:
        """Reminders live in notes: after any change of schedule, they follow it."""
        medication_schedule_changed(self.patient, self.pk, self.name, self.schedule, self.is_active)


def told_apart(medications: Iterable[Medication], zone: ZoneInfo) -> dict[uuid.UUID, str]:
    """Each medicine's name, where another of these has the same name told apart from it: a
    stopped one by the day it stopped (one stopped and added again), one taken now by its
    dose (Co-careldopa, 25 mg / 100 mg and Co-careldopa, 50 mg / 200 mg modified-release),
    so that a table, a file or a drawing naming one cannot be read as the other. Not by a
    stopped one's dose: that may have changed over the days shown."""
    medications = list(medications)
    ids_by_name: dict[str, set] = {}
    for medication in medications:
        ids_by_name.setdefault(medication.name, set()).add(medication.id)

    def name(medication: Medication) -> str:
        if len(ids_by_name[medication.name]) == 1:
            return medication.name
        if medication.stopped_at:
            return f"{medication.name} (stopped {medication.stopped_at.astimezone(zone):%-d %b %Y})"
        return f"{medication.name}, {medication.dose}" if medication.dose else medication.name

    return {medication.id: name(medication) for medication in medications}


class DoseQuerySet(RecordQuerySet):
    when = "taken_at"
    related = ("recorded_by", "medication")

    def taken_or_for(self, taken_from: datetime, start: datetime, end: datetime):
        """Those taken in [taken_from, end), and those for a time in [start, end) whenever
        taken: a bedtime dose taken after midnight belongs to the evening before."""
        return self.filter(
            Q(taken_at__gte=taken_from, taken_at__lt=end)
            | Q(scheduled_for__gte=start, scheduled_for__lt=end)
        )


class Dose(OneTimeTokenMixin, PatientRecord):
    medication = models.ForeignKey(Medication, on_delete=models.CASCADE, related_name="doses")
    taken_at = models.DateTimeField()
    # The scheduled time this dose is for: the row whose "Taken" was pressed, however
    # late, or else the nearest on the same local day within 2 hours. Kept so later
    # schedule changes do not rewrite history.
    scheduled_for = models.DateTimeField(null=True, blank=True)

    # Two doses of one medicine within 2 minutes are one dose sent twice. One for a scheduled
    # time has none (twin_lookup).
    twin_fields = ("medication",)
    twin_moment = ("taken_at", timedelta(minutes=2))

    objects = DoseQuerySet.as_manager()

    def twin_lookup(self) -> dict | None:
        """None for a dose for a scheduled time: it was pressed on that time's row, which takes
        one dose only, or matched to a time no dose is for yet, so no twin can have it. (The
        row of one and an extra dose taken with it stay two.)"""
        if self.scheduled_for is not None:
            return None
        return {**super().twin_lookup(), "scheduled_for__isnull": True}

    def typed_twin_lookup(self) -> dict:
        """The twin of a dose typed into the form, looked for before it is matched to a time:
        sent again after Back, it would be matched to another time than the first (that one
        is taken), or to none, and so be no twin of it as twin_lookup sees one. The same
        medicine at the very minute typed, whatever time it is for: an extra dose taken with
        a scheduled one is typed as one dose, or pressed as "I took it now"."""
        return {"medication_id": self.medication_id, "taken_at": self.taken_at}

    class Meta:
        ordering = ["taken_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "token"], name="dose_token_once"),
        ]
        indexes = [
            # Pages ask for one patient's doses of a day or a range: read only those rows.
            models.Index(fields=["patient", "taken_at"], name="dose_patient_taken_at"),
            # A new dose asks which of its medicine's nearby times are taken already.
            models.Index(fields=["medication", "scheduled_for"], name="dose_medication_scheduled"),
        ]

    def __str__(self):
        return f"{self.medication} at {self.taken_at:%Y-%m-%d %H:%M}"

    @property
    def minutes_late(self) -> int | None:
        """Taken minus scheduled in whole minutes (negative when early); None when unscheduled."""
        if self.scheduled_for is None:
            return None
        return round((self.taken_at - self.scheduled_for).total_seconds() / 60)


class Symptom(models.TextChoices):
    DYSTONIA = "dystonia", "Dystonia"


class BodySite(models.TextChoices):
    TOES = "toes", "Toes"
    FOOT = "foot", "Foot"
    ANKLE = "ankle", "Ankle"
    LEG = "leg", "Leg"
    HAND = "hand", "Hand"
    ARM = "arm", "Arm"
    NECK = "neck", "Neck"
    FACE = "face", "Face or jaw"
    EYELIDS = "eyelids", "Eyelids"
    VOICE = "voice", "Voice"
    TRUNK = "trunk", "Trunk"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both sides"
    NONE = "none", "Neither side"


class Severity(models.TextChoices):
    MILD = "mild", "Mild"
    MODERATE = "moderate", "Moderate"
    SEVERE = "severe", "Severe"


class MotorState(models.TextChoices):
    ON = "on", "ON"
    OFF = "off", "OFF"
    WEARING_OFF = "wearing_off", "Wearing off"
    UNSURE = "unsure", "Not sure"


class Relief(models.TextChoices):
    STRETCHING = "stretching", "Stretching"
    PRESSURE = "pressure", "Pressure"
    WARMTH = "warmth", "Warmth"
    MASSAGE = "massage", "Massage"
    SENSORY_TRICK = "sensory_trick", "A sensory trick"
    MOVING = "moving", "Moving about"
    MEDICATION = "medication", "Medication"
    NOTHING = "nothing", "Nothing helped"

    @classmethod
    def contradictory(cls, chosen: list[str]) -> bool:
        """ "Nothing helped" with something that helped: the summary would say both."""
        return cls.NOTHING in chosen and len(chosen) > 1


class EpisodeQuerySet(RecordQuerySet):
    when = "started_at"

    def between(self, start: datetime, end: datetime):
        """Episodes that overlap [start, end); an unfinished one counts at its start."""
        return self.filter(
            Q(started_at__lt=end) & (Q(started_at__gte=start) | Q(ended_at__gt=start))
        )

    def open(self):
        return self.filter(ended_at__isnull=True)


class SymptomEpisode(OneTimeTokenMixin, PatientRecord):
    """A spell of a symptom. Dystonia is the first symptom, with its own extra fields."""

    symptom = models.CharField(max_length=20, choices=Symptom.choices, default=Symptom.DYSTONIA)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    motor_state = models.CharField(
        "ON or OFF at the time", max_length=12, choices=MotorState.choices
    )
    # Dystonia's own fields.
    body_sites = models.JSONField(
        default=list, blank=True, validators=[ChoiceListValidator(BodySite)]
    )
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    pain = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    relief = models.JSONField(
        "what helped", default=list, blank=True, validators=[ChoiceListValidator(Relief)]
    )
    note = models.TextField(blank=True, max_length=NOTE_LIMIT)

    # Its start is typed to the minute: two episodes starting in the same minute are one.
    twin_moment = ("started_at", timedelta(0))

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        verbose_name = "dystonia episode"  # as every page calls it
        ordering = ["started_at"]
        indexes = [
            models.Index(fields=["patient", "started_at"], name="episode_patient_started_at"),
            # With the index above, episodes overlapping a day are found by start or by end
            # (a bitmap OR), not by reading every episode that started before the day ends.
            models.Index(fields=["patient", "ended_at"], name="episode_patient_ended_at"),
            # The tracker home asks for the episodes still going on every visit.
            models.Index(
                fields=["patient", "started_at"],
                condition=Q(ended_at__isnull=True),
                name="episode_patient_open",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["patient", "token"], name="episode_token_once"),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="episode_ends_after_it_starts",
            ),
            models.CheckConstraint(condition=Q(pain__lte=10), name="episode_pain_at_most_10"),
        ]

    def __str__(self):
        return f"{self.get_symptom_display()} from {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int | None:
        if self.ended_at is None:
            return None
        return round((self.ended_at - self.started_at).total_seconds() / 60)

    def get_body_sites_display(self) -> list[str]:
        return [BodySite(site).label for site in self.body_sites if site in BodySite.values]

    def get_relief_display(self) -> list[str]:
        return [Relief(item).label for item in self.relief if item in Relief.values]


class DiaryState(models.TextChoices):
    ASLEEP = "asleep", "Asleep"
    OFF = "off", "OFF"
    ON = "on", "ON without dyskinesia"
    ON_NONTROUBLESOME = "on_nontroublesome", "ON with non-troublesome dyskinesia"
    ON_TROUBLESOME = "on_troublesome", "ON with troublesome dyskinesia"


class DiaryEntryQuerySet(RecordQuerySet):
    when = "slot_start"


class DiaryEntry(PatientRecord):
    """One half-hour slot of the ON/OFF diary; the slot starts at local :00 or :30."""

    slot_start = models.DateTimeField()
    state = models.CharField(max_length=20, choices=DiaryState.choices)

    objects = DiaryEntryQuerySet.as_manager()

    class Meta:
        ordering = ["slot_start"]
        verbose_name_plural = "diary entries"
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "slot_start"], name="diary_one_state_a_slot"
            ),
        ]

    def __str__(self):
        return f"{self.slot_start:%Y-%m-%d %H:%M} {self.state}"


class MealQuerySet(RecordQuerySet):
    when = "eaten_at"


class Meal(OneTimeTokenMixin, PatientRecord):
    eaten_at = models.DateTimeField()
    protein_rich = models.BooleanField("protein-rich", default=False)

    # Two meals within 2 minutes are one.
    twin_moment = ("eaten_at", timedelta(minutes=2))

    objects = MealQuerySet.as_manager()

    class Meta:
        ordering = ["eaten_at"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "token"], name="meal_token_once"),
        ]
        indexes = [models.Index(fields=["patient", "eaten_at"], name="meal_patient_eaten_at")]

    def __str__(self):
        return f"Meal at {self.eaten_at:%Y-%m-%d %H:%M}"

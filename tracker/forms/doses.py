from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F

from toolkit.forms import OneTimeTokenForm
from tracker.forms.common import PAST_LIMIT, MomentForm, date_field, time_field
from tracker.models import Dose, Medication
from tracker.schedule import day_schedule


class MedicineField(forms.ModelChoiceField):
    """A medicine to choose, from those `offer` gives: the patient's not stopped, and on the
    form for a dose taken at another time those stopped within the year it takes dates from.

    One stopped since the page was loaded, and not offered, was a choice on it: it is
    refused by name, saying what to do, rather than as "not one of the available choices".
    """

    default_error_messages = {
        "stopped": "%(name)s has been stopped since this page was loaded. Choose another "
        "medicine, or if %(name)s has been started again, add it again as a new medicine.",
    }

    def __init__(self, **kwargs):
        super().__init__(Medication.objects.none(), **kwargs)
        self.stopped = Medication.objects.none()
        self.zone = None

    def offer(self, patient, also_id=None, stopped_after=None) -> None:
        """The patient's medicines not stopped, `also_id`'s however it is, and those stopped
        after `stopped_after`, listed after the others."""
        medications = Medication.objects.for_patient(patient)
        offered = medications.active() | medications.filter(pk=also_id)
        if stopped_after is not None:
            offered |= medications.filter(stopped_at__gt=stopped_after)
        self.queryset = offered.order_by(F("stopped_at").asc(nulls_first=True), "name")
        self.stopped = medications.exclude(stopped_at=None)
        self.zone = patient.zone

    def label_from_instance(self, obj) -> str:
        # A medicine stopped and added again has two choices of one name.
        if obj.stopped_at is None:
            return obj.name
        return f"{obj.name} (stopped {obj.stopped_at.astimezone(self.zone):%-d %B %Y})"

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            stopped = next((m for m in self.stopped if str(m.pk) == value), None)
            if stopped is None:
                raise
        raise ValidationError(
            self.error_messages["stopped"], code="stopped", params={"name": stopped.name}
        )


# A "Taken" press from a page out of date: the message says what changed since, and what
# to do now. Pressing again on the page this leads back to works.
NOT_TODAY = (
    "That dose was not recorded: the page showed another day's times. Today's are below. "
    "For a dose taken on another day, use “Record a dose taken at another time”."
)
TIMES_CHANGED = (
    "That dose was not recorded: the times for %(name)s have changed since this page was "
    "loaded. Check its times below and press “Taken” again."
)
STOPPED = (
    "That dose was not recorded: %(name)s has been stopped since this page was loaded. "
    "If %(name)s has been started again, add it again as a new medicine."
)


class TakeForm(OneTimeTokenForm):
    """One tap on "Taken": the medication, taken now, and the scheduled dose it is for.

    A row of today's schedule sends its scheduled instant, and the dose is filed against
    that row however late or early; "I took … now" sends none, and the dose is matched to
    the nearest scheduled time, if any.
    """

    medication = MedicineField(error_messages={"stopped": STOPPED})
    # The row's UTC instant rather than its clock time: a page left open past midnight then
    # sends an instant of yesterday, which is refused below, instead of a clock time that
    # would be read as today's.
    scheduled_for = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, patient, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient, self.now = patient, now
        self.fields["medication"].offer(patient)

    def clean(self):
        cleaned = super().clean()
        medication, posted = cleaned.get("medication"), cleaned.get("scheduled_for")
        if medication is None or posted is None:
            return cleaned
        # Today's schedule only, as the home page shows it. A dose for yesterday's evening
        # time pressed after midnight is refused: the home page and the summary file a dose
        # on the day it was taken, so it would show as taken on neither day's row.
        zone = self.patient.zone
        today = self.now.astimezone(zone).date()
        instants = [dose.at for dose in day_schedule([medication], today, zone)]
        if posted not in instants:
            # A time of today's that is not one of its times now was one when the page was
            # loaded: the schedule has changed since.
            near = abs(posted - self.now) < timedelta(days=2)  # year 9999 has no local date
            if near and posted.astimezone(zone).date() == today:
                raise ValidationError(
                    TIMES_CHANGED, code="times_changed", params={"name": medication.name}
                )
            raise ValidationError(NOT_TODAY, code="not_today")
        # Saved as the schedule has it, in UTC, rather than as posted (maybe with an offset).
        cleaned["scheduled_for"] = instants[instants.index(posted)]
        return cleaned


class DoseForm(MomentForm, forms.ModelForm):
    """A dose taken at another time than now, or a dose being corrected."""

    moment = "taken_at"
    date = date_field("Date taken")
    time = time_field("Time taken")

    medication = MedicineField(label="Medicine", widget=forms.RadioSelect, empty_label=None)

    class Meta:
        model = Dose
        fields = ["medication"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A dose of a medicine since stopped can still be corrected, and one taken before
        # it was stopped recorded.
        field = self.fields["medication"]
        field.offer(self.patient, self.instance.medication_id, self.now - PAST_LIMIT)
        if not self.is_bound and self.instance._state.adding:
            # One medicine taken now: nothing to choose, so it is chosen.
            only = [medication for medication in field.queryset[:2] if medication.is_active]
            if len(only) == 1:
                self.initial["medication"] = only[0].pk

    def clean(self):
        cleaned = super().clean()
        medication, taken_at = cleaned.get("medication"), self.instance.taken_at
        if medication is None or taken_at is None or "time" in self.errors:
            return cleaned
        stopped, added = medication.stopped_at, medication.added_at
        if stopped and taken_at >= stopped:
            at = stopped.astimezone(self.patient.zone)
            when = f"{at:%A %-d %B %Y} at {at:%H:%M}"
            if taken_now := self.namesake(medication, lambda m: m.is_active):
                self.add_error(
                    "medication",
                    f"That {medication.name} was stopped on {when}: for a dose after then, "
                    f"choose “{taken_now}”, the one taken now.",
                )
            else:
                self.add_error(
                    "time",
                    f"{medication.name} was stopped on {when}: enter a time before then, or if "
                    f"{medication.name} was started again, add it again as a new medicine.",
                )
        elif added and taken_at < added:
            taken_then = self.namesake(
                medication, lambda m: bool(m.stopped_at and m.stopped_at > taken_at)
            )
            if taken_then:
                self.add_error(
                    "medication",
                    f"This {medication.name} was added on "
                    f"{added.astimezone(self.patient.zone):%A %-d %B %Y}: for a dose before "
                    f"then, choose “{taken_then}”.",
                )
        return cleaned

    def namesake(self, medication, which) -> str | None:
        """The choice, as labelled, of another medicine offered of the same name that `which`
        picks: a medicine stopped and added again, each the one taken at some time."""
        field = self.fields["medication"]
        found = (m for m in field.queryset if m.name == medication.name and m != medication)
        return next((field.label_from_instance(m) for m in found if which(m)), None)

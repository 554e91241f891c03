from datetime import date, time

from django import forms
from django.core.exceptions import ValidationError

from toolkit.forms import OneTimeTokenForm, RepeatedTimeMixin, TickBoxesField, local_instant
from toolkit.widgets import LinesInput
from tracker import slots
from tracker.forms.common import (
    check_not_in_future,
    check_not_long_ago,
    date_field,
    time_field,
)
from tracker.models import (
    BodySite,
    DiaryEntry,
    DiaryState,
    MotorState,
    Relief,
    Severity,
    Side,
    SymptomEpisode,
)

MOTOR_STATE_OF = {
    DiaryState.OFF: MotorState.OFF,
    DiaryState.ON: MotorState.ON,
    DiaryState.ON_NONTROUBLESOME: MotorState.ON,
    DiaryState.ON_TROUBLESOME: MotorState.ON,
}


# What "Dystonia now" leaves for later: none of it is needed to start an episode.
LATER = ("side", "pain", "relief", "note")

NOT_SURE = "not_sure"


def optional_radios(label, choices, coerce, empty_value, attrs=None) -> forms.TypedChoiceField:
    """Radios for a question that may go unanswered, ending with "Not sure", which saves
    no answer: a radio cannot be unticked, so without it an answer given could never be
    taken back. Its value is not the empty one, so a question never answered shows nothing
    ticked rather than looking answered "Not sure"."""
    return forms.TypedChoiceField(
        label=label,
        choices=[*choices, (NOT_SURE, "Not sure")],
        coerce=lambda value: empty_value if value == NOT_SURE else coerce(value),
        empty_value=empty_value,
        widget=forms.RadioSelect(attrs=attrs),
        required=False,
    )


def end_day(start_date: date, start: time, end: time, zone) -> date:
    """The day a stop typed with no date falls on: the day it started, or the next for a
    time before the start (a night's cramp, stopped after midnight). On the night the clocks
    go back, both times in the hour that happens twice are that night's, which of the two
    passes each is decides their order (as the diary reads a stretch: `run_end_day`)."""
    if end >= start:
        return start_date
    return slots.run_end_day(start_date, start, end, zone)


class EpisodeForm(RepeatedTimeMixin, OneTimeTokenForm, forms.ModelForm):
    """A dystonia episode. Only when, where, how bad and the ON/OFF state are required.

    With `ongoing=True` ("It's happening now") the form has no end: the episode is
    ended later with "It has stopped".
    """

    start_date = date_field("Date it started")
    start_time = time_field("Time it started")
    end_date = date_field(
        "Date it stopped",
        required=False,
        help_text="Leave blank for the day it started, or the next day for a time before it.",
    )
    end_time = time_field(
        "Time it stopped", required=False, help_text="Leave blank if it has not stopped yet."
    )
    body_sites = TickBoxesField(label="Where was it?", choices=BodySite.choices)
    severity = forms.ChoiceField(
        label="How bad was it?", choices=Severity.choices, widget=forms.RadioSelect
    )
    motor_state = forms.ChoiceField(
        label="Were you ON or OFF?", choices=MotorState.choices, widget=forms.RadioSelect
    )
    side = optional_radios("Which side?", Side.choices, str, "")
    pain = optional_radios(
        "How painful was it, from 0 (no pain) to 10 (worst imaginable)?",
        [(str(n), str(n)) for n in range(11)],
        int,
        None,
        attrs={"class": "nhsuk-radios--inline"},
    )
    relief = TickBoxesField(label="What helped?", choices=Relief.choices, required=False)

    class Meta:
        model = SymptomEpisode
        fields = ["body_sites", "side", "severity", "pain", "motor_state", "relief", "note"]
        labels = {"note": "Anything else"}
        widgets = {"note": LinesInput(attrs={"rows": 3})}

    def __init__(self, *args, patient, now, ongoing=False, own=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient, self.now = patient, now
        if not own:  # a carer filling it in speaks of the patient
            self.fields["motor_state"].label = f"Was {patient.name} ON or OFF?"
        self.order_fields(
            [
                "start_date",
                "start_time",
                "end_date",
                "end_time",
                "body_sites",
                "severity",
                "motor_state",
            ]
        )
        zone = patient.zone
        start = (self.instance.started_at or now).astimezone(zone)
        self.initial.setdefault("start_date", start.date())
        self.initial.setdefault("start_time", start.time().replace(second=0, microsecond=0))
        if self.instance.ended_at:
            end = self.instance.ended_at.astimezone(zone)
            self.initial.setdefault("end_date", end.date())
            self.initial.setdefault("end_time", end.time().replace(second=0, microsecond=0))
        self.ask_which(("start_date",), "start_time", self.instance.started_at or now)
        if ongoing:
            # Asked in the moment, with stiff or shaky hands: only what is needed, in the
            # present tense. The rest can be added with "Change" once it has stopped.
            for name in ("end_date", "end_time", *LATER):
                del self.fields[name]
            self.fields["body_sites"].label = "Where is it?"
            self.fields["severity"].label = "How bad is it?"
            self.fields["motor_state"].label = (
                "Are you ON or OFF?" if own else f"Is {patient.name} ON or OFF?"
            )
            # When is filled in with now and seldom changed: last, so the keyboard reaches
            # the questions first (a time box alone is two or three stops of Tab).
            self.order_fields(["body_sites", "severity", "motor_state"])
            self.fields[
                "start_time"
            ].help_text = "Filled in with now. Change it if it began earlier."
        elif self.is_bound:
            # A blank end date means the day it started, or the next (`end_day`).
            end_time, start_time = self._submitted("end_time"), self._submitted("start_time")
            day = self._submitted("end_date")
            if day is None and (start_date := self._submitted("start_date")) and start_time:
                day = end_day(start_date, start_time, end_time, zone) if end_time else None
            self.ask_which_on(day, end_time, "end_time")
        else:
            self.ask_which((), "end_time", self.instance.ended_at)
        # Answers filled in ahead say where they came from: ticked without a word, they read
        # as answers already given, and went unchecked.
        if self.instance._state.adding and not self.is_bound and (last := self.last_sites()):
            self.initial["body_sites"] = last
            self.fields[
                "body_sites"
            ].help_text = "Ticked as for the last episode: untick any that do not apply."
        if ongoing and not self.is_bound and (state := self.motor_state_now()):
            self.initial["motor_state"] = state
            self.fields[
                "motor_state"
            ].help_text = "Chosen as the diary has this half-hour. Change it if that is not right."

    def motor_state_now(self) -> str:
        """ON or OFF as the diary has this half-hour: pressed in the moment, so still true."""
        slot = slots.slot_start(self.now, self.patient.zone)
        entries = DiaryEntry.objects.filter(patient=self.patient, slot_start=slot)
        return MOTOR_STATE_OF.get(entries.values_list("state", flat=True).first(), "")

    def last_sites(self) -> list[str]:
        """The body sites of the patient's last episode: often the same again."""
        last = (
            SymptomEpisode.objects.filter(patient=self.patient)
            .order_by("-started_at")
            .values_list("body_sites", flat=True)
            .first()
        )
        return last or []

    def clean_start_date(self) -> date:
        day = self.cleaned_data["start_date"]
        return check_not_long_ago(day, self.now, self.patient.zone, self.initial["start_date"])

    def clean_relief(self) -> list[str]:
        relief = self.cleaned_data["relief"]
        if Relief.contradictory(relief):
            raise ValidationError("Choose “Nothing helped” or what helped, not both.")
        return relief

    def clean(self):
        cleaned = super().clean()
        zone = self.patient.zone
        if cleaned.get("start_date") and cleaned.get("start_time"):
            try:
                started = local_instant(
                    cleaned["start_date"], cleaned["start_time"], zone, self.fold_for("start_time")
                )
                check_not_in_future(started, self.now, zone)
            except ValidationError as error:
                self.add_error("start_time", error)
            else:
                self.instance.started_at = started
        if "end_time" not in self.fields:
            return cleaned
        if cleaned.get("end_date") and not cleaned.get("end_time"):
            self.add_error("end_time", "Give the time it stopped, or leave both blank.")
        elif cleaned.get("end_time"):
            end_date = cleaned.get("end_date") or cleaned.get("start_date")
            if end_date is None:
                return cleaned
            start_time = cleaned.get("start_time")
            if not cleaned.get("end_date") and start_time:
                end_date = end_day(end_date, start_time, cleaned["end_time"], zone)
            try:
                fold = self.fold_for("end_time")
                ended = local_instant(end_date, cleaned["end_time"], zone, fold)
                check_not_in_future(ended, self.now, zone)
            except ValidationError as error:
                self.add_error("end_time", error)
                return cleaned
            if {"start_time_fold", "end_time_fold"} & self.errors.keys():
                # Which 01:30 is meant is asked first: read as the first time round, an end
                # meant as the second would be said to come before the start.
                return cleaned
            if self.instance.started_at and ended < self.instance.started_at:
                self.add_error(
                    "end_time",
                    "It cannot stop before it started. Check the date and time it stopped.",
                )
            else:
                self.instance.ended_at = ended
        else:
            self.instance.ended_at = None
        return cleaned

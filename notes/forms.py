"""Forms for the patient's notes. Each takes the patient (for choices), their today, and
the words for whose records they are (`toolkit.context_processors.who`)."""

import re
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import Q

from notes import schedule
from notes.api import MAX_TIMES, too_many_times
from notes.models import (
    WEB_ADDRESS,
    Appointment,
    Contact,
    MedicationSchedule,
    Note,
    Question,
    Reminder,
)
from toolkit.context_processors import Who
from toolkit.forms import (
    PAST_LIMIT,
    ConditionalFieldsMixin,
    OneTimeTokenForm,
    RepeatedTimeMixin,
    local_instant,
)
from toolkit.lib.local_time import FIRST_DAY, wall_label
from toolkit.widgets import TIME_HINT, DateInput, LinesInput, TimeInput

APPOINTMENT_YEARS_AHEAD = 5
WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
CLOCK = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
NO_TIME = "Enter at least one time, for example 08:00."


class PatientForm(OneTimeTokenForm, forms.ModelForm):
    """A form for one of the patient's records: knows whose they are and their today.

    Labels and messages name whose records they are as the views' messages do, with
    `{who.Your}` and the like filled in from `who`: "Your question" to the patient,
    "Mary's question" to a carer working on Mary's records.

    A new record's form carries a one-time token, so sending it twice saves it once.
    """

    def __init__(self, *args, patient, today: date, who: Who, **kwargs):
        self.patient = patient
        self.today = today
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = field.label.format(who=who)
            # Only our own messages, plain strings: Django's are lazy, and never name anyone.
            field.error_messages = {
                code: message.format(who=who) if isinstance(message, str) else message
                for code, message in field.error_messages.items()
            }

    @property
    def earliest_day(self) -> date:
        """The first day an appointment or reminder may be on: a year before today."""
        return self.today - PAST_LIMIT

    @property
    def latest_day(self) -> date:
        """The last day an appointment or reminder may be on: five years from today, with
        29 February giving 28 February in a year that has none."""
        year = self.today.year + APPOINTMENT_YEARS_AHEAD
        try:
            return self.today.replace(year=year)
        except ValueError:
            return self.today.replace(year=year, day=28)

    def day_in_range(self, name: str) -> date | None:
        """The date in field `name`, refused outside `earliest_day` to `latest_day`.

        A date left as it was passes, so a record that has grown old can still be changed.
        """
        value = self.cleaned_data.get(name)
        first, last = self.earliest_day, self.latest_day
        if value and value != self.initial.get(name) and not first <= value <= last:
            raise forms.ValidationError(
                f"Enter a date between {first:%-d %B %Y} and {last:%-d %B %Y}."
            )
        return value

    def appointment_choices(self, field: str, since: datetime) -> None:
        """Offers the patient's appointments from `since` on, and the one the record is
        already for, each named with its date and time."""
        chosen = self.fields[field]
        kept = Q(starts_at__gte=since) | Q(pk=getattr(self.instance, f"{field}_id"))
        chosen.queryset = Appointment.objects.filter(kept, patient=self.patient)
        zone = self.patient.zone
        chosen.label_from_instance = lambda appointment: appointment.label(zone)


class QuestionForm(PatientForm):
    class Meta:
        model = Question
        fields = ("text", "answer", "status", "appointment")
        labels = {
            "text": "Question",
            "answer": "{who.Your} answer (what to tell them)",
            "appointment": "For which appointment?",
        }
        widgets = {
            "status": forms.RadioSelect,
            "answer": LinesInput(attrs={"rows": 4}),
            "text": LinesInput(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A question is asked at an appointment still to come, or one today that may be
        # running late; one already for an appointment keeps it, to record the answer.
        today = datetime.combine(self.today, time(), self.patient.zone)
        self.appointment_choices("appointment", since=today)
        self.fields["appointment"].empty_label = "No particular appointment"


class NewQuestionForm(QuestionForm):
    class Meta(QuestionForm.Meta):
        fields = ("text", "appointment")
        labels = {**QuestionForm.Meta.labels, "text": "{who.Your} question"}


class NoteForm(PatientForm):
    class Meta:
        model = Note
        fields = ("written_on", "title", "text")
        labels = {"written_on": "Date"}
        widgets = {"written_on": DateInput(), "text": LinesInput(attrs={"rows": 8})}
        help_texts = {"text": "Links you paste become clickable. Line breaks are kept."}

    def clean_written_on(self):
        value = self.cleaned_data["written_on"]
        if not FIRST_DAY <= value <= self.today:
            raise forms.ValidationError(
                f"Enter a date between {FIRST_DAY:%-d %B %Y} and today ({self.today:%-d %B %Y})."
            )
        return value


class AppointmentForm(RepeatedTimeMixin, PatientForm):
    day = forms.DateField(label="Date", widget=DateInput())
    time = forms.TimeField(label="Time", widget=TimeInput(), help_text=TIME_HINT)

    class Meta:
        model = Appointment
        fields = ("day", "time", "role", "with_name", "place", "notes")
        labels = {"role": "Who is it with?", "place": "Where is it?"}
        widgets = {"notes": LinesInput(attrs={"rows": 4})}
        help_texts = {"with_name": "For example Dr Shah.", "place": "Hospital, clinic or surgery."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.starts_at:
            local = self.instance.starts_at.astimezone(self.patient.zone)
            self.initial.update(day=local.date(), time=local.time())
        self.ask_which(("day",), "time", self.instance.starts_at)

    def clean_day(self):
        return self.day_in_range("day")

    def clean(self):
        data = super().clean()
        if data.get("day") and data.get("time"):
            try:
                self.instance.starts_at = local_instant(
                    data["day"], data["time"], self.patient.zone, self.fold_for("time")
                )
            except forms.ValidationError as error:
                self.add_error("time", error)
        return data


class TrackingPlanForm(forms.Form):
    """The 5 days before an appointment: a daily "fill in your diary" reminder."""

    DAYS = 5
    time = forms.TimeField(widget=TimeInput(), initial="20:00", help_text=TIME_HINT)

    def __init__(self, *args, appointment: Appointment, today: date, who: Who, **kwargs):
        self.appointment = appointment
        self.today = today
        super().__init__(*args, **kwargs)
        # A carer asks for the patient's reminder, which goes to the patient.
        self.fields["time"].label = f"Remind {who.me} each day at"
        self.fields["time"].error_messages["required"] = (
            f"Enter the time to remind {who.you} each day."
        )

    @property
    def days(self) -> tuple[date, date]:
        day = self.appointment.starts_at.astimezone(self.appointment.patient.zone).date()
        return max(day - timedelta(days=self.DAYS), self.today), day - timedelta(days=1)

    def clean(self):
        data = super().clean()
        first, end = self.days
        if end < self.today:
            raise forms.ValidationError(
                "This appointment is today or already over: there are no days left to track "
                "before it."
            )
        clock = data.get("time")
        if clock:
            # On the last day before it, a time already passed would leave nothing to send.
            patient = self.appointment.patient
            planned = Reminder(
                times=[clock.strftime("%H:%M")],
                starts_on=first,
                ends_on=end,
                counts_from=patient.local_now(),
            )
            refused = never_sent(planned, patient.zone, self.today)
            if refused:
                self.add_error("time", f"{refused[1]} Choose a later time.")
        return data


def parse_times(raw: str, saved: list[str]) -> list[str]:
    """The times typed, sorted; more than MAX_TIMES only when they are the `saved` ones left
    as they were, so a reminder saved with more before there was a limit can be changed."""
    found = CLOCK.findall(raw)
    leftover = CLOCK.sub("", raw).replace(",", " ").replace("and", " ").strip()
    if leftover:
        raise forms.ValidationError(
            "Enter times as hours and minutes on the 24-hour clock, for example 08:00, 20:30."
        )
    times = sorted({f"{int(h):02d}:{m}" for h, m in found})
    if not times:
        raise forms.ValidationError(NO_TIME)
    if too_many_times(times, saved):
        raise forms.ValidationError(f"Enter at most {MAX_TIMES} times a day.")
    return times


def first_day_sent(reminder: Reminder, zone) -> date | None:
    """The first day a repeating reminder is sent at any of its times, or None if it never is."""
    days = [day for clock in reminder.times if (day := schedule.first_day(reminder, clock, zone))]
    return min(days, default=None)


def never_sent(planned: Reminder, zone, today: date) -> tuple[str, str] | None:
    """Why a repeating reminder would never be sent from `planned.counts_from` on, or None
    if it would be.

    Gives the field to change with the reason: "days" when it is sent on none of the days
    ticked, or "ends_on" when no time of it is still to come, for the form to add which
    answer to choose instead.
    """
    if first_day_sent(planned, zone):
        return None
    every_day = Reminder(
        times=planned.times,
        starts_on=planned.starts_on,
        ends_on=planned.ends_on,
        counts_from=planned.counts_from,
    )
    first, last = first_day_sent(every_day, zone), planned.ends_on
    if first:
        return "days", days_not_ticked(first, last)
    over = (
        "its last day is today and its times have passed"
        if last == today
        else f"its last day, {last:%A %-d %B %Y}, is over"
    )
    return "ends_on", f"This reminder would never be sent: {over}."


def days_not_ticked(first: date, last: date) -> str:
    """Why a reminder sent on every day from `first` to `last` is not on the days ticked."""
    if first == last:
        return (
            f"{first:%A %-d %B %Y} is not one of the days you ticked, so this reminder "
            f"would never be sent. Tick {first:%A}, or choose other dates."
        )
    return (
        f"None of the days you ticked falls between {first:%A %-d %B %Y} and "
        f"{last:%A %-d %B %Y}, so this reminder would never be sent. Tick one of those "
        "days, or choose other dates."
    )


class ReminderForm(PatientForm):
    """Fields every kind of reminder shares; each kind adds its own."""

    times_text = forms.CharField(
        label="At what times?",
        help_text="24-hour clock, separated by commas, for example 08:00, 13:00, 20:00.",
        max_length=200,
    )
    days = forms.TypedMultipleChoiceField(
        label="On which days?",
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every day.",
    )

    class Meta:
        model = Reminder
        fields = ("message",)
        labels = {"message": "Message"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.kind = self.kind
        self.instance.patient = self.patient
        if self.instance.times:
            self.initial.setdefault("times_text", ", ".join(self.instance.times))
        if self.instance.weekdays:
            self.initial.setdefault("days", self.instance.weekdays)
        self.saved_when = self.when(self.instance)
        self.saved_at = self.instance.at

    @staticmethod
    def when(reminder: Reminder) -> tuple:
        """What decides when a repeating reminder is sent."""
        return reminder.times, reminder.weekdays, reminder.starts_on, reminder.ends_on

    def save(self, commit=True):
        reminder = super().save(commit=False)
        if (self.when(reminder), reminder.at) != (self.saved_when, self.saved_at):
            reminder.count_from_now()  # a time of the new ones just passed is not sent late
        if commit:
            reminder.save()
        return reminder

    def refuse_if_never_sent(self, data: dict) -> None:
        """Refuses a repeating reminder with no time still to come, on the field to change.

        One whose times, days and dates are left as they were passes, so a reminder whose
        last day is over can still have its message changed; it is turned off with its own
        button, which this form does not stand in the way of.
        """
        if any(name in self.errors for name in ("times_text", "days", "starts_on", "ends_on")):
            return
        planned = Reminder(
            times=self.instance.times,
            weekdays=self.instance.weekdays,
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            # Sent from now on, however long ago it was first set.
            counts_from=self.patient.local_now(),
        )
        if not self.instance._state.adding and self.when(planned) == self.saved_when:
            return
        refused = never_sent(planned, self.patient.zone, self.today)
        if refused is None:
            return
        field, why = refused
        if field == "days":
            # A diary reminder's form has no days to tick, though an import may bring some.
            self.add_error("days" if "days" in self.fields else "ends_on", why)
        else:
            self.add_error("ends_on", f"{why} Choose a later date.")

    def clean_times_text(self):
        return parse_times(self.cleaned_data["times_text"], self.instance.times)

    def clean_starts_on(self):
        return self.day_in_range("starts_on")

    def clean_ends_on(self):
        return self.day_in_range("ends_on")

    def clean(self):
        data = super().clean()
        if "times_text" in self.fields and "times_text" in data:
            self.instance.times = data["times_text"]
        if "days" in self.fields:
            days = sorted(set(data.get("days") or []))
            self.instance.weekdays = days if days and len(days) < len(WEEKDAYS) else None
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "The last day must be on or after the first day.")
        return data


class MedicationReminderForm(ReminderForm):
    kind = Reminder.MEDICATION
    medication = forms.ModelChoiceField(
        queryset=MedicationSchedule.objects.none(),
        to_field_name="medication_id",
        label="Which medication?",
        help_text="The reminder follows the times in that medication's schedule.",
    )

    class Meta(ReminderForm.Meta):
        fields = ("medication", "message")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["times_text"], self.fields["days"]
        own = Q(medication_id=self.instance.medication_id)
        # A stopped medicine is not offered, but the one a reminder follows already stays,
        # named as stopped, so the reminder can still be changed while it is off.
        schedules = MedicationSchedule.objects.filter(Q(active=True) | own, patient=self.patient)
        # A medicine taken only when needed has no times to remind of, so it is not offered;
        # the one a reminder follows already stays, and its form says what to do.
        medication = self.fields["medication"]
        medication.queryset = schedules.exclude(Q(times=[]) & ~own)
        medication.label_from_instance = lambda schedule: (
            schedule.name if schedule.active else f"{schedule.name} (stopped)"
        )
        if self.instance.medication_id:
            self.initial["medication"] = self.instance.medication_id

    def clean_medication(self):
        medication = self.cleaned_data["medication"]
        if not medication.times:
            raise forms.ValidationError(
                "This medication has no times in its schedule yet. Add them in My Tracker first."
            )
        # The reminder takes the schedule's times, so they are held to the cap on typed ones;
        # times it has already (a medicine saved before there was a limit) pass.
        if too_many_times(medication.times, self.instance.times):
            raise forms.ValidationError(
                f"This medication has {len(medication.times)} times a day in its schedule, and a "
                f"reminder can have at most {MAX_TIMES}. Change its times in My Tracker first."
            )
        # A second reminder for it, set another day or by a carer too, would send each
        # email twice: two "Take Co-careldopa" at 19:00 read as two doses.
        others = Reminder.objects.on_for_medication(self.patient, medication.medication_id)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                f"There is a reminder for {medication.name} already. Change that one instead: "
                "two would send each reminder twice."
            )
        self.instance.medication_id = medication.medication_id
        self.instance.medication_name = medication.name
        self.instance.times = medication.times
        return medication


class AppointmentReminderForm(ReminderForm):
    kind = Reminder.APPOINTMENT
    BEFORE = [
        (60, "1 hour before"),
        (120, "2 hours before"),
        (24 * 60, "1 day before"),
        (2 * 24 * 60, "2 days before"),
        (7 * 24 * 60, "1 week before"),
    ]
    before = forms.TypedChoiceField(
        label="When should we remind {who.you}?",
        choices=BEFORE,
        coerce=int,
        widget=forms.RadioSelect,
    )

    class Meta(ReminderForm.Meta):
        fields = ("appointment", "before", "message")
        labels = {**ReminderForm.Meta.labels, "appointment": "Which appointment?"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["times_text"], self.fields["days"]
        self.fields["appointment"].required = True
        # One that has begun can have no reminder before it; one already chosen stays, and
        # is refused in `clean` with why.
        self.appointment_choices("appointment", since=self.patient.local_now())
        if self.instance.minutes_before:
            self.initial["before"] = self.instance.minutes_before

    def clean(self):
        data = super().clean()
        appointment, before = data.get("appointment"), data.get("before")
        if appointment and appointment.has_begun:
            starts = appointment.starts_at.astimezone(self.patient.zone)
            self.add_error(
                "appointment",
                f"This appointment was on {starts:%A %-d %B %Y} at {wall_label(starts)}: a "
                "reminder before it can no longer be sent.",
            )
        elif appointment and before:
            self.instance.minutes_before = before
            self.instance.at = appointment.reminder_at(before)
            if self.instance.at <= self.patient.local_now():
                self.add_error("before", "That time has already passed. Choose a shorter time.")
        return data


class TrackingReminderForm(ReminderForm):
    kind = Reminder.TRACKING

    class Meta(ReminderForm.Meta):
        fields = ("times_text", "starts_on", "ends_on", "message")
        labels = {
            **ReminderForm.Meta.labels,
            "starts_on": "First day of tracking",
            "ends_on": "Last day of tracking",
        }
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["days"]
        self.fields["times_text"].label = "At what time each day?"
        self.fields["starts_on"].required = self.fields["ends_on"].required = True
        if self.instance._state.adding:
            # As an appointment's tracking plan has it: each evening of the next 5 days.
            last = self.today + timedelta(days=TrackingPlanForm.DAYS - 1)
            self.initial.update(times_text="20:00", starts_on=self.today, ends_on=last)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and (end - start).days >= 14:
            self.add_error("ends_on", "A tracking plan lasts at most 14 days.")
        self.refuse_if_never_sent(data)
        return data


class CustomReminderForm(RepeatedTimeMixin, ConditionalFieldsMixin, ReminderForm):
    kind = Reminder.CUSTOM
    REPEATS = [("once", "Once"), ("daily", "At the same times on chosen days")]
    repeat = forms.ChoiceField(
        label="How often?",
        choices=REPEATS,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how often we should remind {who.you}."},
    )
    on_day = forms.DateField(label="Date", widget=DateInput())
    at_time = forms.TimeField(label="Time", widget=TimeInput(), help_text=TIME_HINT)
    conditional_fields = {
        "repeat": {
            "once": ["on_day", "at_time"],
            "daily": ["times_text", "days", "starts_on", "ends_on"],
        }
    }

    class Meta(ReminderForm.Meta):
        fields = (
            "message",
            "repeat",
            "on_day",
            "at_time",
            "times_text",
            "days",
            "starts_on",
            "ends_on",
        )
        labels = {
            "message": "What should we remind {who.you} of?",
            "starts_on": "From",
            "ends_on": "Until",
        }
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].required = True
        self.fields["times_text"].error_messages["required"] = NO_TIME
        # A new reminder starts with no choice made, as the design system asks of radios.
        if not self.instance._state.adding:
            self.initial.setdefault("repeat", "once" if self.instance.at else "daily")
        if self.instance.at:
            local = self.instance.at.astimezone(self.patient.zone)
            self.initial.update(on_day=local.date(), at_time=local.time())
        self.ask_which(("on_day",), "at_time", self.instance.at)
        if "at_time_fold" in self.fields:
            # Drawn with the date and time it is about, and ignored with them under "Daily".
            repeat = self.conditional_fields["repeat"]
            once = [*repeat["once"], "at_time_fold"]
            self.conditional_fields = {"repeat": {**repeat, "once": once}}

    def clean_on_day(self):
        return self.day_in_range("on_day")

    def clean(self):
        data = super().clean()
        if data.get("repeat") == "once":
            day, at = data.get("on_day"), data.get("at_time")
            if day and at:
                try:
                    self.instance.at = local_instant(
                        day, at, self.patient.zone, self.fold_for("at_time")
                    )
                except forms.ValidationError as error:
                    self.add_error("at_time", error)
                else:
                    if self.instance.at <= self.patient.local_now():
                        self.add_error("on_day", "Choose a date and time in the future.")
            self.instance.times, self.instance.weekdays = [], None
            data["starts_on"] = data["ends_on"] = None
        elif data.get("repeat") == "daily":
            self.instance.at = None
            self.refuse_if_never_sent(data)
        return data


REMINDER_FORMS = {
    form.kind: form
    for form in (
        MedicationReminderForm,
        AppointmentReminderForm,
        TrackingReminderForm,
        CustomReminderForm,
    )
}


class ContactForm(PatientForm):
    class Meta:
        model = Contact
        fields = ("name", "role", "phone", "email", "website", "notes")
        labels = {"role": "Role", "phone": "Phone number"}
        help_texts = {"role": "For example Parkinson's nurse, or helpline."}
        # A telephone keypad on phones; not autocomplete="tel", which would offer the
        # person's own number for someone else's.
        widgets = {
            "notes": LinesInput(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }
        # Any address that is not a web page is told what is wanted, not "Enter a valid URL."
        error_messages = {"website": {"invalid": WEB_ADDRESS.message}}

    def clean_website(self) -> str:
        """A web page's address. One left as it was passes, so a contact saved before only
        web pages were taken can still be changed."""
        value = self.cleaned_data["website"]
        if value and value != self.initial.get("website"):
            WEB_ADDRESS(value)
        return value

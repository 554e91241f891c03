"""Pieces every tracker form shares: local date and time inputs, and one-time tokens."""

from datetime import date, datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError

from toolkit.forms import PAST_LIMIT, OneTimeTokenForm, RepeatedTimeMixin, local_instant
from toolkit.lib.local_time import FIRST_DAY, LAST_DAY, wall_label
from toolkit.widgets import TIME_HINT, DateInput, TimeInput
from tracker.slots import has_begun


def check_day_in_range(value: date) -> None:
    if value < FIRST_DAY:
        raise ValidationError(f"Enter a date from {FIRST_DAY:%-d %B %Y} on.")
    if value > LAST_DAY:
        raise ValidationError(f"Enter a date before {LAST_DAY + timedelta(days=1):%-d %B %Y}.")


def date_field(label: str, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput, validators=[check_day_in_range], **kwargs)


def time_field(label: str, **kwargs) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput,
        help_text=kwargs.pop("help_text", TIME_HINT),
        **kwargs,
    )


def check_not_in_future(instant: datetime, now: datetime, zone) -> None:
    """Only what has happened is recorded. The message says what time it is now in the
    patient's zone: someone abroad typing their local time sees why it is refused."""
    if not has_begun(instant, now):
        local = now.astimezone(zone)
        raise ValidationError(
            f"That is later than now ({wall_label(local)} on {local:%A %-d %B} in {zone.key}). "
            "Check the date and time."
        )


def check_not_long_ago(day: date, now: datetime, zone, kept: date | None) -> date:
    """`day`, unless it is more than a year back: a record is kept for the next appointment,
    so an older day is a slip of the year. A date left as it was (`kept`) passes, so a
    record that has grown old can still be changed."""
    earliest = now.astimezone(zone).date() - PAST_LIMIT
    if day < earliest and day != kept:
        raise ValidationError(
            f"That is more than a year ago. Enter a date from {earliest:%-d %B %Y} on."
        )
    return day


class MomentForm(RepeatedTimeMixin, OneTimeTokenForm):
    """A record form whose "when it happened" is typed as a local date and time.

    `moment` names the model field; it defaults to now. Only a new record carries a
    one-time token: editing the same record twice is harmless.
    """

    moment = ""
    date = date_field("Date")
    time = time_field("Time")

    def __init__(self, *args, patient, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient, self.now = patient, now
        local = (getattr(self.instance, self.moment) or now).astimezone(patient.zone)
        self.initial.setdefault("date", local.date())
        self.initial.setdefault("time", local.time().replace(second=0, microsecond=0))
        self.ask_which(("date",), "time", getattr(self.instance, self.moment) or now)

    def clean_date(self) -> date:
        day = self.cleaned_data["date"]
        return check_not_long_ago(day, self.now, self.patient.zone, self.initial["date"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            try:
                instant = local_instant(
                    cleaned["date"], cleaned["time"], self.patient.zone, self.fold_for("time")
                )
                check_not_in_future(instant, self.now, self.patient.zone)
            except ValidationError as error:
                self.add_error("time", error)
            else:
                setattr(self.instance, self.moment, instant)
        return cleaned

"""Pieces every tracker form shares: local date and time inputs, and one-time tokens."""

import uuid
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError

from tracker.slots import (
    FIRST_DAY,
    FUTURE_LIMIT,
    LAST_DAY,
    TimeNotOnDay,
    fold_choices,
    happens_twice,
    instant_at,
)

# A little leeway for a clock set wrong or a time zone just changed; anything further
# ahead is a mistake in the date.


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


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
        help_text=kwargs.pop("help_text", "24-hour clock, for example 07:30 or 19:05."),
        **kwargs,
    )


def local_instant(day: date, clock: time, zone: ZoneInfo, fold: int = 0) -> datetime:
    """The UTC instant of a local date and time typed on a form.

    A time that happens twice (the clocks going back) means the first one unless fold=1:
    `RepeatedTimeMixin` asks which.
    """
    try:
        return instant_at(day, clock, zone, fold=fold)
    except TimeNotOnDay:
        raise ValidationError(
            f"{clock:%H:%M} does not exist on {day:%-d %B %Y} because the clocks went "
            "forward. Check the time."
        ) from None


def check_not_in_future(instant: datetime, now: datetime) -> None:
    if instant > now + FUTURE_LIMIT:
        raise ValidationError("That is more than a day from now. Check the date and time.")


class RepeatedTimeMixin:
    """Asks which one is meant when a typed local time happens twice (the clocks going back).

    `ask_which` (in `__init__`) adds a question just after the time field when the time
    sent, or on a form not yet sent the record's own time, falls in the repeated hour;
    `fold_for` (in `clean`) gives the answer, 0 where there was no question. Without it
    such a time silently meant its first occurrence, and saving a record from the second
    one unchanged moved it an hour.
    """

    def ask_which(self, date_names: tuple[str, ...], time_name: str, current) -> None:
        zone = self.patient.zone
        fold = None
        if self.is_bound:
            days = (self._submitted(name) for name in date_names)
            day, wall = next((d for d in days if d), None), self._submitted(time_name)
        elif current is not None:
            local = current.astimezone(zone)
            day, wall, fold = local.date(), local.time().replace(microsecond=0), local.fold
        else:
            return
        if day is None or wall is None or not happens_twice(day, wall, zone):
            return
        name = f"{time_name}_fold"
        when = f"{wall:%H:%M} on {day:%-d %B %Y}"
        self.fields[name] = forms.TypedChoiceField(
            label=f"Which {wall:%H:%M}?",
            help_text=f"The clocks go back that night, so {when} happens twice.",
            choices=fold_choices(datetime.combine(day, wall, tzinfo=zone)),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": f"{when} happens twice: say which one you mean."},
        )
        if fold is not None:
            self.initial[name] = fold
        order = [field for field in self.fields if field != name]
        order.insert(order.index(time_name) + 1, name)
        self.order_fields(order)

    def fold_for(self, time_name: str) -> int:
        return self.cleaned_data.get(f"{time_name}_fold") or 0

    def _submitted(self, name: str):
        """A field's value as sent, or None when it is missing or not valid."""
        try:
            return self.fields[name].clean(self[name].data)
        except ValidationError:
            return None


class OneTimeTokenForm(forms.Form):
    """Carries the token that stops a second submission recording the same thing twice."""

    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


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
        if not self.instance._state.adding:
            del self.fields["token"]
        self.ask_which(("date",), "time", getattr(self.instance, self.moment) or now)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            try:
                instant = local_instant(
                    cleaned["date"], cleaned["time"], self.patient.zone, self.fold_for("time")
                )
                check_not_in_future(instant, self.now)
            except ValidationError as error:
                self.add_error("time", error)
            else:
                setattr(self.instance, self.moment, instant)
        return cleaned

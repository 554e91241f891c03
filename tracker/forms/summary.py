"""Choosing the days a summary covers, and making a specialist's link to them."""

from datetime import date, timedelta

from django import forms

from toolkit.models import SpecialistLink
from tracker.forms.common import date_field

DEFAULT_DAYS = 3
MIN_DAYS, MAX_DAYS = 1, 14
# In the words of the hint under the field, rather than "greater than or equal to".
DAYS_ERROR = f"Enter a number of days from {MIN_DAYS} to {MAX_DAYS}."


class RangeForm(forms.Form):
    """`?start=YYYY-MM-DD&days=N`; without a start, the last N complete local days."""

    start = date_field(
        "First day", required=False, help_text="Leave it empty for the days just before today."
    )
    days = forms.IntegerField(
        label="Number of days",
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        required=False,
        help_text=f"From {MIN_DAYS} to {MAX_DAYS}. Specialists find 3 to 5 days most useful.",
        error_messages={"min_value": DAYS_ERROR, "max_value": DAYS_ERROR},
    )

    def __init__(self, data=None, *, today: date, **kwargs):
        self.today = today
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned = super().clean()
        days = cleaned.get("days") or DEFAULT_DAYS
        cleaned["days"] = days
        if self.errors:
            return cleaned
        start = cleaned.get("start") or self.today - timedelta(days=days)
        if start > self.today:
            self.add_error("start", "The first day must be today or earlier.")
        elif start + timedelta(days=days - 1) > self.today:
            # A day still to come has nothing recorded yet: it would read as a day missed.
            latest = self.today - timedelta(days=days - 1)
            self.add_error(
                "start",
                f"The last day must be today or earlier. For {days} days, the latest first "
                f"day is {latest:%-d %B %Y}.",
            )
        cleaned["start"] = start
        return cleaned

    @property
    def range(self) -> tuple[date, date]:
        start, days = self.cleaned_data["start"], self.cleaned_data["days"]
        return start, start + timedelta(days=days - 1)


# In the words of the field and its hint, rather than "less than or equal to 90".
VALID_DAYS_ERROR = (
    f"Enter how many days the link should keep working, from 1 to {SpecialistLink.MAX_VALID_DAYS}."
)


class LinkForm(RangeForm):
    start = date_field("First day")
    valid_days = forms.IntegerField(
        label="Keep the link working for (days)",
        min_value=1,
        max_value=SpecialistLink.MAX_VALID_DAYS,
        initial=SpecialistLink.DEFAULT_VALID_DAYS,
        help_text=f"At most {SpecialistLink.MAX_VALID_DAYS} days. You can stop it at any time.",
        error_messages={
            "required": "Enter how many days the link should keep working.",
            "invalid": VALID_DAYS_ERROR,
            "min_value": VALID_DAYS_ERROR,
            "max_value": VALID_DAYS_ERROR,
        },
    )

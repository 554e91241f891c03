import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html

from notes.api import MAX_TIMES, too_many_times
from toolkit.forms import OneTimeTokenForm
from tracker import slots
from tracker.forms.common import check_not_long_ago, date_field
from tracker.models import Medication

# Suggested as the patient types; any other name is accepted as written.
COMMON_MEDICINES = [
    "Co-careldopa (Sinemet)",
    "Co-careldopa modified release (Sinemet CR)",
    "Co-beneldopa (Madopar)",
    "Co-beneldopa dispersible (Madopar dispersible)",
    "Co-beneldopa modified release (Madopar CR)",
    "Levodopa, carbidopa and entacapone (Stalevo)",
    "Pramipexole",
    "Ropinirole",
    "Rotigotine patch (Neupro)",
    "Apomorphine",
    "Rasagiline",
    "Selegiline",
    "Safinamide",
    "Entacapone",
    "Opicapone",
    "Amantadine",
]

CLOCK = re.compile(r"^(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_times(text: str) -> list[str]:
    """ "7, 11:30, 3pm, 1900" → ["07:00", "11:30", "15:00", "19:00"]."""
    times = set()
    for part in re.split(r"[,;\s]+(?![ap]m)", text.strip(), flags=re.IGNORECASE):
        if not part:
            continue
        found = CLOCK.match(part.strip())
        hour, minute = (int(found[1]), int(found[2] or 0)) if found else (99, 0)
        if found and found[3]:
            hour = (
                -1 if not 1 <= hour <= 12 else hour % 12 + (12 if found[3].lower() == "pm" else 0)
            )
        if not (0 <= hour <= 23 and 0 <= minute <= 59):
            raise ValidationError(
                f"“{part}” is not a time. Write times like 07:00, 13:30 or 7pm, "
                "separated by commas."
            )
        times.add(f"{hour:02d}:{minute:02d}")
    return sorted(times)


EXAMPLE_TIMES = "Separate times with commas, for example: 07:00, 11:00, 15:00, 19:00."


class MedicationForm(OneTimeTokenForm, forms.ModelForm):
    times = forms.CharField(
        label="Times you take it each day",
        help_text=f"{EXAMPLE_TIMES} Leave it empty if you take it only when you need it.",
        error_messages={
            "required": "Give the times you take it, or tick that you take it when you need it."
        },
    )

    # A new medicine's times hold from today, unless the days before are being filled in:
    # before this, doses recorded for them had no times to be judged against.
    since = date_field(
        "Taken at these times since",
        required=False,
        help_text="Today, unless you are filling in earlier days: then the first day you "
        "took it at these times.",
    )

    class Meta:
        model = Medication
        fields = ["name", "dose", "as_needed"]
        labels = {"name": "Name of the medicine", "as_needed": "I also take it when I need it"}
        widgets = {"name": forms.TextInput(attrs={"list": "common-medicines"})}

    def __init__(self, *args, own: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not own:  # a carer filling it in speaks of the patient
            name = self.instance.patient.name
            times = self.fields["times"]
            times.label = f"Times {name} takes it each day"
            # Hints are drawn as HTML (`|safe`): the name is escaped here.
            times.help_text = format_html(
                "{} Leave it empty if {} takes it only when needed.", EXAMPLE_TIMES, name
            )
            times.error_messages = {
                **times.error_messages,
                "required": f"Give the times {name} takes it, "
                f"or tick that {name} takes it when needed.",
            }
            self.fields["as_needed"].label = f"{name} also takes it when needed"
        patient = self.instance.patient
        # Saving puts the typed dose on the medicine before `save`: the one it replaces is
        # kept for the days before.
        self.dose_before = self.instance.dose
        # What saving changed of a medicine added before ("dose", "times"): from today on.
        self.changed: list[str] = []
        self.now = timezone.now()
        self.today = self.now.astimezone(patient.zone).date()
        if self.instance._state.adding:
            self.initial.setdefault("since", self.today)
            if not own:
                self.fields["since"].help_text = (
                    "Today, unless you are filling in earlier days: then the first day "
                    f"{patient.name} took it at these times."
                )
        else:
            # A schedule changed later takes over from the day it is changed.
            del self.fields["since"]
        self.order_fields(["name", "dose", "times", "since", "as_needed"])
        # Needed unless it is taken only when needed, so never labelled "(optional)".
        as_needed = self.fields["as_needed"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("as_needed")
        )
        self.fields["times"].required = not (self.is_bound and as_needed)
        if self.instance.schedule:
            self.initial["times"] = ", ".join(self.instance.schedule)

    def clean_times(self) -> list[str]:
        times = parse_times(self.cleaned_data["times"])
        if not times and self.fields["times"].required:  # commas and nothing else
            raise ValidationError(self.fields["times"].error_messages["required"], "required")
        # A reminder for the medicine takes all its times, and may have no more than these.
        # Times left as they were pass, so a medicine saved with more before there was a
        # limit can still be renamed or have its dose changed.
        if too_many_times(times, self.instance.schedule):
            raise ValidationError(f"Enter at most {MAX_TIMES} times a day.")
        return times

    def clean_since(self) -> date:
        day = self.cleaned_data["since"] or self.today
        if day > self.today:
            raise ValidationError("That day has not come yet. Enter today or an earlier day.")
        return check_not_long_ago(day, self.now, self.instance.patient.zone, kept=None)

    def save(self, commit=True):
        day = self.cleaned_data.get("since", self.today)
        since = slots.day_start(day, self.instance.patient.zone)
        dose, self.instance.dose = self.instance.dose, self.dose_before
        times = self.cleaned_data["times"]
        if not self.instance._state.adding:
            changes = (
                ("dose", dose != self.dose_before),
                ("times", times != self.instance.schedule),
            )
            self.changed = [what for what, changed in changes if changed]
        self.instance.change_schedule(times, since, dose)
        return super().save(commit)

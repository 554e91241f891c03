from django import forms
from django.core.exceptions import ValidationError

from toolkit.forms import OneTimeTokenForm
from tracker.forms.common import MomentForm, date_field, time_field
from tracker.models import Dose, Medication
from tracker.schedule import day_schedule


class TakeForm(OneTimeTokenForm):
    """One tap on "Taken": the medication, taken now, and the scheduled dose it is for.

    A row of today's schedule sends its scheduled instant, and the dose is filed against
    that row however late or early; "I took … now" sends none, and the dose is matched to
    the nearest scheduled time, if any.
    """

    medication = forms.ModelChoiceField(queryset=Medication.objects.none())
    # The row's UTC instant rather than its clock time: a page left open past midnight then
    # sends an instant of yesterday, which is refused below, instead of a clock time that
    # would be read as today's.
    scheduled_for = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, patient, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.patient, self.now = patient, now
        self.fields["medication"].queryset = Medication.objects.for_patient(patient).active()

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
            raise ValidationError(
                "That is not one of today's times for this medicine.", code="not_today"
            )
        # Saved as the schedule has it, in UTC, rather than as posted (maybe with an offset).
        cleaned["scheduled_for"] = instants[instants.index(posted)]
        return cleaned


class DoseForm(MomentForm, forms.ModelForm):
    """A dose taken at another time than now, or a dose being corrected."""

    moment = "taken_at"
    date = date_field("Date taken")
    time = time_field("Time taken")

    class Meta:
        model = Dose
        fields = ["medication"]
        labels = {"medication": "Medicine"}
        widgets = {"medication": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        medications = Medication.objects.for_patient(self.patient)
        current = medications.filter(pk=self.instance.medication_id)
        # A dose of a medicine since stopped can still be corrected.
        self.fields["medication"].queryset = medications.active() | current
        self.fields["medication"].empty_label = None
        if not self.is_bound and self.instance._state.adding:
            # One medicine: nothing to choose, so it is chosen.
            only = list(self.fields["medication"].queryset[:2])
            if len(only) == 1:
                self.initial["medication"] = only[0].pk

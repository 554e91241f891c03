from django import forms

from tracker.forms.common import MomentForm, OneTimeTokenForm, date_field, time_field
from tracker.models import Dose, Medication


class TakeForm(OneTimeTokenForm):
    """One tap on "Taken": the medication, taken now."""

    medication = forms.ModelChoiceField(queryset=Medication.objects.none())

    def __init__(self, *args, patient, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medication"].queryset = Medication.objects.for_patient(patient).active()


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

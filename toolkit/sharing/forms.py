from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from toolkit.models import CareGrant, Level, normalise_email

LEVEL_HELP = {
    "tracker": "Medications, doses, cramps and spasms, the ON/OFF diary and meals.",
    "notes": "Questions, notes, appointments, contacts and reminders.",
}
# Invitations an account may send in a day. An invitation carries the sender's chosen name to
# any address; invite, cancel and invite again sent one email after another.
INVITATIONS_A_DAY = 10

LEVEL_REQUIRED = {
    "tracker": {"required": "Choose what they may do in My Tracker."},
    "notes": {"required": "Choose what they may do in My Reminders & Notes."},
}


class AccessLevelsForm(forms.ModelForm):
    class Meta:
        model = CareGrant
        fields = ("tracker", "notes")
        widgets = {"tracker": forms.RadioSelect, "notes": forms.RadioSelect}
        help_texts = LEVEL_HELP
        error_messages = LEVEL_REQUIRED

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tracker") == Level.NONE and cleaned.get("notes") == Level.NONE:
            raise forms.ValidationError(
                "Choose at least one part to share. To stop sharing, use “Stop sharing”."
            )
        return cleaned


class InvitationForm(AccessLevelsForm):
    class Meta(AccessLevelsForm.Meta):
        fields = ("email", "tracker", "notes")
        widgets = {**AccessLevelsForm.Meta.widgets, "email": forms.EmailInput}
        help_texts = {**LEVEL_HELP, "email": "We will email them a link that works for 7 days."}

    def __init__(self, patient, *args, **kwargs):
        self.patient = patient
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        if email == self.patient.email:
            raise forms.ValidationError("Enter the email address of the person you want to invite.")
        grants = CareGrant.objects.filter(patient=self.patient)
        current = grants.current().filter(Q(carer__email__iexact=email) | Q(email__iexact=email))
        if current.exists():
            raise forms.ValidationError(
                "This person already has access. Change what they can do from the list."
            )
        # One invitation per person at a time: one link to cancel, and what they are
        # offered is never in doubt.
        if grants.pending().filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "You have already invited this person. To send a new invitation, "
                "cancel that invitation on the sharing page first."
            )
        since = timezone.now() - timedelta(days=1)
        if grants.filter(invited_at__gte=since).count() >= INVITATIONS_A_DAY:
            raise forms.ValidationError(
                f"You have sent {INVITATIONS_A_DAY} invitations in the last 24 hours, the most "
                "we send in a day. Try again tomorrow."
            )
        return email

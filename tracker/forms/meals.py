from django import forms

from toolkit.forms import OneTimeTokenForm
from tracker.forms.common import MomentForm
from tracker.models import Meal

PROTEIN_RICH = "It was rich in protein (meat, fish, eggs, cheese, beans, milk)"


class AteForm(OneTimeTokenForm):
    """One tap on "I ate": a meal eaten now."""

    protein_rich = forms.BooleanField(label=PROTEIN_RICH, required=False)


class MealForm(MomentForm, forms.ModelForm):
    moment = "eaten_at"

    field_order = ["date", "time", "protein_rich"]

    class Meta:
        model = Meal
        fields = ["protein_rich"]
        labels = {"protein_rich": PROTEIN_RICH}

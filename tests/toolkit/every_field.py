"""A form with every kind of field the NHS.UK crispy pack renders, served on a test-only URL.

`settings.ROOT_URLCONF = "tests.toolkit.every_field"` adds `/every-field` to the real URLs.
"""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.validators import MinLengthValidator, RegexValidator
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

CHOICES = [("morning", "Morning"), ("afternoon", "Afternoon"), ("evening", "Evening")]


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class EveryFieldForm(forms.Form):
    name = forms.CharField(label="Your name", help_text="As you would like to be called.")
    email = forms.EmailField(label="Email address")
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput,
        validators=[MinLengthValidator(12), RegexValidator(r"\d", "Include a number.")],
    )
    colour = forms.ChoiceField(label="Colour of the tablet", choices=[("", "Choose"), *CHOICES])
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    details = forms.CharField(label="What happened", widget=forms.Textarea)
    agree = forms.BooleanField(label="I have read the leaflet", help_text="Tick to go on.")
    when = forms.ChoiceField(
        label="When do you take it", choices=CHOICES, widget=forms.RadioSelect, help_text="One."
    )
    days = forms.MultipleChoiceField(
        label="Which parts of the day", choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    day = forms.DateField(label="Day", widget=DateInput)
    at = forms.TimeField(label="Time", widget=TimeInput)


PAGE = engines["django"].from_string(
    """{% extends "base.html" %}{% block title %}Every field{% endblock %}
    {% block content %}<h1>Every field</h1>
    {% include "partials/form.html" with submit="Save" %}{% endblock %}"""
)


@login_not_required
def every_field(request):
    form = EveryFieldForm(request.POST or None)
    form.is_valid()
    return HttpResponse(PAGE.render({"form": form}, request))


urlpatterns = [
    path("every-field", every_field, name="every_field"),
    path("", include("toolkit.urls")),
]

"""Errors in the app's own words, about the field, never Django's ("Ensure this value has at
most 100 characters (it has 101).", "Select a valid choice. US/Eastern is not one of the
available choices."), next to the field and in the error summary alike."""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from notes.models import Note, Question
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page


def errors(response, field: str) -> tuple[str, str]:
    """The error summary's text and the message next to `field`."""
    assert response.status_code == 200
    page = Page(response.content.decode())
    return page.text(".nhsuk-error-summary__list"), page.text(f"#id_{field}-error")


def test_a_note_title_too_long_says_how_long_it_may_be(patient_client):
    data = {"written_on": "2026-01-01", "title": "x" * 201, "text": "x", "token": new_token()}
    summary, message = errors(patient_client.post(reverse("notes_note_new"), data), "title")
    assert summary == "Title must be 200 characters or fewer."
    assert message == f"Error: {summary}"
    assert not Note.objects.exists()


def test_an_answer_too_long_is_named_without_its_explanation(patient_client, patient):
    question = Question.objects.create(patient=patient, text="Can I drive?")
    data = {"text": "Can I drive?", "answer": "x" * 5001, "status": "to_ask"}
    response = patient_client.post(reverse("notes_question", args=[question.id]), data)
    summary, _ = errors(response, "answer")
    assert summary == "Your answer must be 5,000 characters or fewer."
    question.refresh_from_db()
    assert question.answer == ""


@pytest.mark.parametrize(
    ("data", "field", "said"),
    [
        ({"display_name": "x" * 101}, "display_name", "Your name must be 100 characters or fewer."),
        ({"time_zone": "US/Eastern"}, "time_zone", "Choose your time zone from the list."),
    ],
)
def test_the_profile_says_what_to_put_right(patient_client, patient, data, field, said):
    response = patient_client.post(
        reverse("profile"), {"display_name": "Mary", "time_zone": "Europe/London", **data}
    )
    assert errors(response, field) == (said, f"Error: {said}")
    patient.refresh_from_db()
    assert (patient.display_name, patient.time_zone) == ("Mary", "Europe/London")


class OwnWordsForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=4, error_messages={"max_length": "A code has 4 letters."}
    )
    size = forms.ChoiceField(
        label="Size",
        choices=[("s", "Small")],
        error_messages={"invalid_choice": "Choose a size we make."},
    )
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red")])


def test_a_forms_own_words_for_an_error_are_kept_and_only_djangos_replaced():
    form = OwnWordsForm({"code": "ABCDE", "size": "xl", "colour": "blue"})
    page = Page(render_to_string("partials/form.html", {"form": form, "submit": "Save"}))
    assert page.text(".nhsuk-error-summary__list") == (
        "A code has 4 letters. Choose a size we make. Choose the colour from the list."
    )

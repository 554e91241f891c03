"""Fields a form declares under a radio choice are drawn there, the NHS.UK conditional way."""

import pytest
from django import forms
from django.template import engines

from tests.toolkit.test_form_pack import Page
from toolkit.forms import ConditionalFieldsMixin

FORM = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")


class ContactForm(ConditionalFieldsMixin, forms.Form):
    how = forms.ChoiceField(
        label="How should we contact you?",
        choices=[("email", "Email"), ("phone", "Phone"), ("post", "Post")],
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(label="Email address", required=False)
    phone = forms.CharField(label="Phone number", required=False)
    mobile = forms.BooleanField(label="It is a mobile", required=False)
    notes = forms.CharField(label="Anything else", required=False)
    conditional_fields = {"how": {"email": ["email"], "phone": ["phone", "mobile"]}}

    def clean(self):
        data = super().clean()
        if data.get("how") == "phone" and not data.get("phone"):
            self.add_error("phone", "Enter a phone number.")
        return data


def render(data=None) -> Page:
    form = ContactForm(data)
    if data is not None:
        form.is_valid()
    return Page(FORM.render({"form": form}))


@pytest.fixture
def blank():
    return render()


def test_each_choice_is_followed_by_the_block_of_its_fields_which_it_controls(blank):
    children = [
        child.get("id") or child.find("input").get("id") for child in blank.one(".nhsuk-radios")
    ]
    assert children == [
        "id_how_0",
        "conditional-id_how_0",
        "id_how_1",
        "conditional-id_how_1",
        "id_how_2",
    ]
    assert blank.one("#id_how_0").get("data-aria-controls") == "conditional-id_how_0"
    assert blank.one("#id_how_1").get("data-aria-controls") == "conditional-id_how_1"
    # A choice without fields reveals nothing.
    assert blank.one("#id_how_2").get("data-aria-controls") is None


def test_each_field_is_drawn_once_under_its_choice_and_the_others_after_the_radios(blank):
    assert blank.all("#conditional-id_how_0 input") == [blank.one("#id_email")]
    assert blank.all("#conditional-id_how_1 input") == [
        blank.one("#id_phone"),
        blank.one("#id_mobile"),
    ]
    assert blank.text("#conditional-id_how_1 label[for=id_mobile]") == "It is a mobile"
    assert not blank.all("#div_id_how #id_notes")
    blank.one("#id_notes")


def test_the_blocks_are_marked_hidden_until_their_choice_is_made(blank):
    # The class hides them only where the design system's script runs: without it all show.
    for block in blank.all(".nhsuk-radios__conditional"):
        assert "nhsuk-radios__conditional--hidden" in block.get("class").split()


def test_with_an_error_the_chosen_block_is_open_and_the_summary_link_reaches_the_field():
    page = render({"how": "phone"})
    assert page.one("#conditional-id_how_1").get("class") == "nhsuk-radios__conditional"
    assert "--hidden" in page.one("#conditional-id_how_0").get("class")
    link = page.one(".nhsuk-error-summary__list a")
    assert link.get("href") == "#id_phone"
    assert page.text("#conditional-id_how_1 #id_phone-error") == "Error: Enter a phone number."


def test_the_fields_of_a_choice_not_made_are_ignored_errors_and_all():
    form = ContactForm({"how": "phone", "email": "not an address", "phone": "01632 960000"})
    assert form.is_valid(), form.errors
    form = ContactForm({"how": "email", "email": "not an address", "phone": ""})
    assert list(form.errors) == ["email"]

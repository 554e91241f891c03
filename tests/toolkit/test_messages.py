"""What an action did, said at the top of the next page: what did not happen never looks like
what did, and says so in words as well as colour."""

from datetime import timedelta

from django.urls import reverse

from tests.conftest import new_token
from tests.notes.test_pages import move_sooner_than_its_reminder
from tests.toolkit.test_form_pack import Page

NOT_RECORDED = "That meal was not recorded. Try “I ate” again."


def test_a_refusal_is_shown_as_a_problem_with_a_visible_heading(patient_client):
    response = patient_client.post(reverse("meal_ate"), {}, follow=True)
    page = Page(response.content.decode())
    # The one message, so it is the one init.mjs moves focus to.
    message = page.one(".app-message")
    assert "nhsuk-error-summary" in message.get("class").split()
    assert page.text(".app-message h2") == "There is a problem"
    assert page.text(".app-message .nhsuk-error-summary__body") == NOT_RECORDED
    assert not page.all(".app-message .nhsuk-u-visually-hidden")
    assert not page.all(".nhsuk-inset-text")


def test_a_confirmation_stays_a_plain_inset_without_a_problem_heading(patient_client):
    response = patient_client.post(reverse("meal_ate"), {"token": new_token()}, follow=True)
    page = Page(response.content.decode())
    message = page.one(".app-message")
    assert message.get("class").split() == ["nhsuk-inset-text", "app-message"]
    assert message.get("role") == "status"
    assert page.text(".app-message p").startswith("Meal recorded at ")
    assert not page.all(".app-message h2")
    assert not page.all(".nhsuk-error-summary, .nhsuk-warning-callout")


def test_a_warning_beside_a_confirmation_is_a_callout_headed_important(patient_client, patient):
    sooner = patient.local_today() + timedelta(days=4)
    page = Page(move_sooner_than_its_reminder(patient_client, patient, sooner).content.decode())
    saved, warned = page.all(".app-message")
    assert "nhsuk-inset-text" in saved.get("class").split()
    assert "nhsuk-warning-callout" in warned.get("class").split()
    assert page.text(".nhsuk-warning-callout h2") == "Important"
    assert "which has passed, so it will not be sent." in page.text(".nhsuk-warning-callout p")

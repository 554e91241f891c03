"""A saved stretch is said beside the stretch form, and the page opens there: a day is filled in
five to ten stretches in a row, each typed in that form."""

from datetime import date

from django.urls import reverse

from tests.toolkit.test_form_pack import Page
from tests.tracker.test_diary_half_hours import key, open_page

DAY = date(2026, 7, 1)
DIARY = reverse("diary_day", kwargs={"day": DAY})
RUN = reverse("diary_run", kwargs={"day": DAY})


def what_comes_between_the_heading_and_the_form(content: str) -> str:
    """The words from "Record a stretch of time" to its form, and nothing from elsewhere."""
    heading = content.index('<h2 id="run">')
    form = content.index(f'action="{RUN}"')
    page = Page(content[heading:form])
    return " ".join("".join(page.root.etree_element.itertext()).split())


def test_a_saved_stretch_leads_to_the_form_with_what_was_recorded_said_there(patient_client):
    data = {"start": "07:00", "end": "09:30", "state": "on"}
    response = patient_client.post(RUN, data)
    assert response["Location"] == f"{DIARY}#run"

    content = patient_client.get(response["Location"]).content.decode()
    said = "Recorded “ON without dyskinesia” from 07:00 to 09:30 (5 half-hours)."
    assert said in what_comes_between_the_heading_and_the_form(content)
    assert content.count(said) == 1  # not at the top of the page as well
    page = Page(content)
    assert page.one("[role=status]").get("class") == "nhsuk-inset-text app-message"


def test_a_cleared_stretch_is_said_beside_the_form_too(patient_client):
    patient_client.post(RUN, {"start": "07:00", "end": "09:30", "state": "on"})
    patient_client.get(DIARY)  # the message for that one is shown and gone
    response = patient_client.post(RUN, {"start": "08:00", "end": "09:00", "state": "clear"})
    assert response["Location"] == f"{DIARY}#run"
    content = patient_client.get(response["Location"]).content.decode()
    said = "Cleared 2 recorded half-hours from 08:00 to 09:00."
    assert said in what_comes_between_the_heading_and_the_form(content)
    assert content.count(said) == 1


def test_a_stretch_refused_stays_on_the_page_with_its_error_and_no_message(patient_client):
    response = patient_client.post(RUN, {"start": "07:00", "end": "07:15", "state": "on"})
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.all(".app-message") == []
    assert "07:15 is not on the hour or the half hour" in page.text(".nhsuk-error-summary")


def test_the_half_hour_grid_says_what_it_saved_at_the_top_of_the_page(patient_client):
    form = open_page(patient_client)
    form[key(12, 30)] = "off"
    response = patient_client.post(reverse("diary_slots", kwargs={"day": DAY}), form)
    assert response["Location"] == DIARY
    content = patient_client.get(DIARY).content.decode()
    said = "Saved 1 changed half-hour: “OFF” at 12:30."
    assert content.index(said) < content.index("<h1>")
    assert content.count(said) == 1

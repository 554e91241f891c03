"""A question kept from an information page keeps the points listed under it, as plain text
that reads well wherever the question is shown: on its own lines in the list, run together
on the summary, and as written in the data a person downloads."""

import json

import pytest
from django.urls import reverse

from notes.models import Appointment, Question
from tests.toolkit.test_form_pack import Page

NESTED_PAGE = """# Dizziness

**They may ask about:**

- Describe the dizziness
- Any other symptoms:
  - Difficulty hearing
  - Tinnitus (ringing in ears) & <b>headaches</b>
"""

KEPT = (
    "Any other symptoms:\n\u2013 Difficulty hearing\n\u2013 Tinnitus (ringing in ears) & headaches"
)


@pytest.fixture
def nested_page(settings, tmp_path):
    (tmp_path / "dizziness.md").write_text(NESTED_PAGE)
    settings.CONTENT_DIR = tmp_path
    return "dizziness"


@pytest.fixture
def kept(patient_client, patient, nested_page):
    response = patient_client.post(reverse("notes_questions_from_page"), {"page": nested_page})
    assert response.status_code == 302
    return Question.objects.get(patient=patient, text__startswith="Any other")


def test_a_kept_question_keeps_the_points_under_it(kept):
    assert kept.text == KEPT
    assert kept.page_text == KEPT


def test_the_questions_list_shows_each_point_on_a_line_of_its_own(patient_client, kept):
    html = patient_client.get(reverse("notes_questions")).content.decode()
    assert (
        '<strong class="app-user-text">Any other symptoms:<br>\u2013 Difficulty hearing<br>'
        "\u2013 Tinnitus (ringing in ears) &amp; headaches</strong>"
    ) in html
    assert "<b>" not in html


def test_the_summary_gives_the_question_with_its_points(patient_client, kept):
    kept.answer = "Ringing in my left ear."
    kept.save()
    url = "/my-tracker/summary?start=2026-03-02&days=3"
    # Each point on a line of its own, as on the questions page.
    assert (
        "<li>Any other symptoms:<br>\u2013 Difficulty hearing<br>"
        "\u2013 Tinnitus (ringing in ears) &amp; headaches "
        '<span class="app-summary__note">(from the page \u201cDizziness\u201d)</span>'
    ) in patient_client.get(url).content.decode()
    data = patient_client.get(url.replace("summary?", "summary.json?")).json()
    assert [q["text"] for q in data["questions"]] == [KEPT]


def test_the_downloaded_data_has_the_question_as_plain_text(patient_client, kept):
    document = json.loads(patient_client.get(reverse("download_data")).content)
    (question,) = [q for q in document["questions"] if q["id"] == str(kept.pk)]
    assert (question["text"], question["page_text"]) == (KEPT, KEPT)


def test_the_buttons_name_the_question_by_its_first_line(patient_client, kept):
    buttons = Page(patient_client.get(reverse("notes_questions")).content.decode()).all(
        ".app-question .app-actions .nhsuk-u-visually-hidden"
    )
    names = {"".join(button.itertext()) for button in buttons}
    assert " the question \u201cAny other symptoms:\u201d" in names
    assert not any("Difficulty hearing" in name for name in names)


def test_the_appointment_shows_each_point_on_a_line_of_its_own(patient_client, patient, kept):
    kept.appointment = Appointment.objects.create(
        patient=patient, starts_at="2030-05-01T10:00Z", role="nurse"
    )
    kept.save()
    page = Page(
        patient_client.get(
            reverse("notes_appointment", args=[kept.appointment.pk])
        ).content.decode()
    )
    (shown,) = page.all(".app-question__text strong.app-user-text")
    assert shown.text == "Any other symptoms:"
    assert [line.tail for line in shown] == [
        "\u2013 Difficulty hearing",
        "\u2013 Tinnitus (ringing in ears) & headaches",
    ]
    names = {"".join(b.itertext()) for b in page.all(".app-question .nhsuk-u-visually-hidden")}
    assert names == {" the question \u201cAny other symptoms:\u201d"}

"""A stretch that would replace answers on another day than its page's, or more than 12 hours
of answers, asks first: "To" typed as 14:00 for 20:00 runs past midnight and replaces the next
day's morning, out of sight of the page it was typed on."""

import html
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import grant_care, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker.form_values import form_values
from tests.tracker.test_diary import diary_url, recorded, run_form_values
from tracker import diary

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 11, 23)  # a Monday
NEXT = DAY + timedelta(days=1)
# Meant as 19:00 to 20:00; "To" typed as 14:00 runs to 14:00 the next day.
SLIP = {"start": "19:00", "end": "14:00", "state": "off"}


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


@pytest.fixture
def filled_in(patient, frozen):
    """Monday recorded to 19:00 and Tuesday's night and morning, seen on Wednesday."""
    frozen(local(NEXT + timedelta(days=1), 12))
    diary.set_run(patient, local(DAY, 7), local(DAY, 19), "on", patient)
    diary.set_run(patient, local(NEXT, 0), local(NEXT, 7), "asleep", patient)
    diary.set_run(patient, local(NEXT, 7), local(NEXT, 14), "on", patient)
    return recorded(patient)


def page_text(response) -> str:
    return page_text_of(response.content.decode())


def page_text_of(content: str) -> str:
    return " ".join(html.unescape(content).split())


def test_a_stretch_typed_past_midnight_by_mistake_asks_first_and_saves_nothing(
    patient_client, patient, filled_in
):
    response = patient_client.post(diary_url(DAY, "run"), SLIP)
    assert response.status_code == 200
    text = page_text(response)
    assert "<h1>Replace 28 half-hours already recorded?</h1>" in text
    assert (
        "This stretch, \u201cOFF\u201d from 19:00 on Monday 23 November to 14:00 on Tuesday "
        "24 November, is 19 hours long (38 half-hours). \u201cTo\u201d is earlier than "
        "\u201cFrom\u201d, so it runs past midnight into Tuesday 24 November."
    ) in text
    assert (
        "28 half-hours on Tuesday 24 November, from 00:00 to 14:00: \u201cAsleep\u201d from "
        "00:00 to 07:00; \u201cON without dyskinesia\u201d from 07:00 to 14:00"
    ) in text
    assert recorded(patient) == filled_in


def test_yes_replace_them_saves_the_stretch_once_and_says_what_it_replaced(
    patient_client, patient, filled_in
):
    question = patient_client.post(diary_url(DAY, "run"), SLIP).content.decode()
    yes = form_values(question, "/run")
    assert Page(question).text("form[action$='/run'] button") == "Yes, replace them"

    response = patient_client.post(diary_url(DAY, "run"), yes, follow=True)
    assert response.redirect_chain == [(f"{diary_url(DAY)}#run", 302)]
    assert (
        "Recorded \u201cOFF\u201d from 19:00 on Monday 23 November to 14:00 on Tuesday "
        "24 November (38 half-hours). "
        "28 of them had another answer, which this replaced: \u201cAsleep\u201d from 00:00 to "
        "07:00 on Tuesday 24 November; \u201cON without dyskinesia\u201d from 07:00 to 14:00 on "
        "Tuesday 24 November."
    ) in page_text(response)
    saved = recorded(patient)
    assert saved == filled_in | {start: "off" for start in saved if start >= local(DAY, 19)}
    assert len(saved) == 24 + 38

    # Pressed again, as a shaky double tap does: nothing asked, nothing more recorded.
    again = patient_client.post(diary_url(DAY, "run"), yes)
    assert again.status_code == 302
    assert recorded(patient) == saved


def test_no_go_back_saves_nothing_and_brings_back_the_values_typed(
    patient_client, patient, filled_in
):
    question = Page(patient_client.post(diary_url(DAY, "run"), SLIP).content.decode())
    [no] = [link for link in question.all("a.nhsuk-button") if link.text == "No, go back"]

    content = patient_client.get(no.get("href")).content.decode()
    assert run_form_values(content) == SLIP
    assert recorded(patient) == filled_in


def test_a_stretch_past_midnight_into_an_empty_next_day_saves_at_once(
    patient_client, patient, frozen
):
    frozen(local(NEXT, 12))
    diary.set_run(patient, local(DAY, 7), local(DAY, 22), "on", patient)
    data = {"start": "21:00", "end": "07:00", "state": "asleep"}
    response = patient_client.post(diary_url(DAY, "run"), data)
    assert response["Location"] == f"{diary_url(DAY)}#run"
    assert list(recorded(patient).values()).count("asleep") == 20


def test_correcting_the_pages_own_day_saves_at_once(patient_client, patient, filled_in):
    data = {"start": "12:00", "end": "13:30", "state": "off"}
    response = patient_client.post(diary_url(DAY, "run"), data)
    assert response["Location"] == f"{diary_url(DAY)}#run"
    assert recorded(patient) == filled_in | dict.fromkeys(
        [local(DAY, 12), local(DAY, 12, 30), local(DAY, 13)], "off"
    )


def test_more_than_12_hours_of_answers_replaced_on_the_pages_own_day_asks_first(
    patient_client, patient, filled_in
):
    data = {"start": "06:00", "end": "20:00", "state": "off"}
    response = patient_client.post(diary_url(DAY, "run"), data)
    text = page_text(response)
    assert "<h1>Replace 24 half-hours already recorded?</h1>" in text
    assert (
        "24 half-hours on Monday 23 November: \u201cON without dyskinesia\u201d from 07:00 to 19:00"
        in text
    )
    assert "past midnight" not in text
    assert recorded(patient) == filled_in


def test_the_question_counts_the_half_hours_of_the_night_the_clocks_go_back(
    patient_client, patient, frozen
):
    saturday, sunday = date(2026, 10, 24), date(2026, 10, 25)  # Sunday has 50 half-hours
    frozen(local(sunday, 20))
    diary.set_run(patient, local(sunday, 0), local(sunday, 14), "asleep", patient)
    text = page_text(patient_client.post(diary_url(saturday, "run"), SLIP))
    assert "<h1>Replace 30 half-hours already recorded?</h1>" in text
    assert "is 20 hours long (40 half-hours)" in text
    assert "30 half-hours on Sunday 25 October: \u201cAsleep\u201d from 00:00 to 14:00" in text


def test_a_carer_who_may_only_look_cannot_replace_them_either(client, patient, carer, filled_in):
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    response = client.post(diary_url(DAY, "run"), SLIP | {"confirmed": "yes"})
    assert response.status_code == 403
    assert recorded(patient) == filled_in


def test_the_question_takes_as_few_queries_however_much_it_would_replace(
    patient_client, patient, filled_in, django_assert_num_queries
):
    # The session with its person, what the stretch's half-hours say now, and the records
    # version every form sent with leave to write moves on.
    with django_assert_num_queries(3):
        patient_client.post(diary_url(DAY, "run"), SLIP)
    diary.set_run(patient, local(DAY, 19), local(NEXT, 14), "on", patient)
    with django_assert_num_queries(3):
        patient_client.post(diary_url(DAY, "run"), SLIP)


def test_not_recorded_past_midnight_asks_before_clearing_the_next_morning(
    patient_client, patient, filled_in
):
    # Meant as "Not recorded" from 19:00 to 20:00, with "To" typed as 14:00.
    slip = SLIP | {"state": "clear"}
    question = patient_client.post(diary_url(DAY, "run"), slip).content.decode()
    text = page_text_of(question)
    assert "<h1>Clear 28 half-hours already recorded?</h1>" in text
    assert (
        "This stretch, \u201cNot recorded\u201d from 19:00 on Monday 23 November to 14:00 on "
        "Tuesday 24 November" in text
    )
    assert "Saving it would clear these answers:" in text
    assert recorded(patient) == filled_in

    yes = form_values(question, "/run")
    assert Page(question).text("form[action$='/run'] button") == "Yes, clear them"
    response = patient_client.post(diary_url(DAY, "run"), yes, follow=True)
    assert (
        "Cleared 28 recorded half-hours from 19:00 on Monday 23 November to 14:00 on Tuesday "
        "24 November."
    ) in page_text(response)
    assert recorded(patient) == {
        start: said for start, said in filled_in.items() if start < local(DAY, 19)
    }


def test_clearing_part_of_the_pages_own_day_clears_at_once(patient_client, patient, filled_in):
    data = {"start": "12:00", "end": "13:30", "state": "clear"}
    response = patient_client.post(diary_url(DAY, "run"), data)
    assert response["Location"] == f"{diary_url(DAY)}#run"
    assert recorded(patient) == {
        start: said
        for start, said in filled_in.items()
        if start not in (local(DAY, 12), local(DAY, 12, 30), local(DAY, 13))
    }

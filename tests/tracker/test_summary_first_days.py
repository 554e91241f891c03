"""A summary whose days hold nothing of the patient's says why and where their records are,
offers nothing to fill in before their first record, and tells the patient which of their
questions it leaves out."""

import html
import io
from datetime import date

import pytest
from pypdf import PdfReader

from notes.models import Question
from tests.conftest import grant_care, sign_in_as_carer
from tests.tracker.make import dose, episode, medication, utc
from tests.tracker.test_summary import fill
from tests.tracker.test_summary_links import make_link
from toolkit.models import User
from toolkit.records_version import records_changed

SUMMARY = "/my-tracker/summary"
# 26 to 28 November, the last 3 complete days seen on Sunday 29 November 2026.
PAST_DAYS = f"{SUMMARY}?start=2026-11-26&days=3"
CRAMPS = {"page_path": "managing-symptoms/cramps-and-spasms", "page_title": "Cramps and spasms"}


def page(client, url=SUMMARY) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def sunday(frozen, patient):
    """Sunday 29 November 2026, 11:00 in London: Mary made her account at 09:00."""
    User.objects.filter(pk=patient.pk).update(date_joined=utc(2026, 11, 29, 9))
    return frozen(utc(2026, 11, 29, 11))


def first_morning(patient):
    """What Mary recorded on her first morning: a dose, an episode, the diary."""
    dose(patient, medication(patient, schedule=["08:00"]), utc(2026, 11, 29, 8, 5))
    episode(patient, utc(2026, 11, 29, 10), utc(2026, 11, 29, 10, 30), body_sites=["neck"])
    fill(patient, date(2026, 11, 29), skip=24)


def test_days_before_the_first_record_say_it_is_today_and_link_to_it(
    patient_client, patient, sunday
):
    first_morning(patient)
    shown = page(patient_client)
    assert "These 3 days hold nothing recorded yet." in shown
    assert "Your records begin today, Sunday 29 November." in shown
    link = f'href="{SUMMARY}?start=2026-11-29&days=1">Show the summary of today</a>'
    assert link in shown
    assert "Neck" not in shown
    today = page(patient_client, f"{SUMMARY}?start=2026-11-29&days=1")
    assert "Neck" in today
    assert "Not over when this was made" in today
    assert "hold nothing recorded" not in today


def test_the_link_shows_as_many_days_as_were_chosen_as_far_as_today(
    patient_client, patient, sunday
):
    episode(patient, utc(2026, 11, 28, 10), utc(2026, 11, 28, 10, 30), body_sites=["neck"])
    shown = page(patient_client, f"{SUMMARY}?start=2026-11-24&days=3")
    assert "Your records begin on Saturday 28 November." in shown
    link = f'href="{SUMMARY}?start=2026-11-28&days=2">Show the summary of 2 days from'
    assert link in shown
    assert "Neck" in page(patient_client, f"{SUMMARY}?start=2026-11-28&days=2")


def test_days_between_records_say_when_the_next_ones_are(patient_client, patient, sunday):
    episode(patient, utc(2026, 11, 20, 10), utc(2026, 11, 20, 10, 30))
    episode(patient, utc(2026, 11, 27, 10), utc(2026, 11, 27, 10, 30))
    shown = page(patient_client, f"{SUMMARY}?start=2026-11-22&days=3")
    assert "These 3 days hold nothing recorded." in shown
    assert "Your next records are on Friday 27 November." in shown
    assert f'href="{SUMMARY}?start=2026-11-27&days=3"' in shown


def test_days_with_a_record_say_nothing_of_where_the_records_are(patient_client, patient, sunday):
    episode(patient, utc(2026, 11, 27, 10), utc(2026, 11, 27, 10, 30))
    shown = page(patient_client)
    assert "nothing recorded" not in shown
    assert "Your records begin" not in shown


def test_the_link_follows_today_on_a_summary_kept_since_yesterday(
    patient_client, patient, sunday, frozen
):
    first_morning(patient)
    assert f"{SUMMARY}?start=2026-11-29&days=1" in page(patient_client, PAST_DAYS)
    frozen(utc(2026, 11, 30, 11))  # nothing recorded since: the same summary is kept
    shown = page(patient_client, PAST_DAYS)
    assert "Your records begin on Sunday 29 November." in shown
    assert f'href="{SUMMARY}?start=2026-11-29&days=2"' in shown


def test_no_day_before_the_first_record_is_offered_to_fill_in(patient_client, patient, sunday):
    first_morning(patient)
    shown = page(patient_client)
    assert "Fill in the diary" not in shown
    assert "Days to complete" not in shown


def test_days_from_the_first_record_on_are_offered_to_fill_in_even_before_joining(
    patient_client, patient, sunday
):
    """Mary joined on Sunday and recalled Friday's afternoon: Friday and Saturday are hers to
    complete, Thursday is before she began."""
    fill(patient, date(2026, 11, 27), skip=30)
    shown = page(patient_client)
    assert "Fill in the diary for Thursday 26 November" not in shown
    assert "Fill in the diary for Friday 27 November" in shown
    assert "Fill in the diary for Saturday 28 November" in shown


def test_with_nothing_recorded_the_summary_says_what_to_record_first(
    patient_client, patient, sunday
):
    shown = page(patient_client)
    assert "Nothing is recorded in your tracker yet, so this summary is empty." in shown
    assert "Start with today's ON/OFF diary" in shown
    assert 'href="/my-tracker">Go to My Tracker</a>' in shown
    assert "Fill in the diary" not in shown
    assert "Your records begin" not in shown


def test_a_carer_is_told_of_the_patients_tracker(client, patient, carer, sunday):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    shown = page(client)
    assert "Nothing is recorded in Mary's tracker yet" in shown
    assert 'href="/my-tracker">Go to Mary\'s Tracker</a>' in shown
    first_morning(patient)
    records_changed(patient.pk)
    assert "Mary's records begin today, Sunday 29 November." in page(client)


def page_questions(patient, unanswered=2):
    Question.objects.create(patient=patient, text="Ask about sleep")
    Question.objects.create(
        patient=patient,
        text="When do the cramps happen?",
        page_text="When does it happen?",
        answer="Mornings.",
        **CRAMPS,
    )
    for text in ["Where are the cramps?", "How long do they last?"][:unanswered]:
        Question.objects.create(patient=patient, text=text, page_text=text, **CRAMPS)


def test_the_patient_is_told_how_many_page_questions_wait_for_an_answer(patient_client, patient):
    page_questions(patient)
    shown = page(patient_client, PAST_DAYS)
    said = (
        "2 questions from the information pages are not shown until you write your answers: "
        "they are questions your specialist may ask, so only the answer tells them anything."
    )
    assert said in shown
    assert 'href="/my-notes/questions">Answer them</a>' in shown
    # Under the questions, after the answered one.
    assert shown.index("When do the cramps happen?") < shown.index(said)
    assert shown.index(said) < shown.index("About this record")
    assert "Where are the cramps?" not in shown


def test_one_question_is_one(patient_client, patient):
    page_questions(patient, unanswered=1)
    shown = page(patient_client, PAST_DAYS)
    assert "1 question from the information pages is not shown until you write your answer:" in (
        shown
    )
    assert ">Answer it</a>" in shown


def test_nothing_is_said_when_every_page_question_is_answered(patient_client, patient):
    page_questions(patient, unanswered=0)
    assert "not shown until" not in page(patient_client, PAST_DAYS)


def test_an_answer_written_shows_at_once_on_a_kept_summary(patient_client, patient):
    page_questions(patient)
    for _ in range(2):
        assert "2 questions from the information pages" in page(patient_client, PAST_DAYS)
    Question.objects.filter(text="Where are the cramps?").update(answer="My feet.")
    records_changed(patient.pk)  # as every view given write access to the notes does
    shown = page(patient_client, PAST_DAYS)
    assert "1 question from the information pages is not shown" in shown
    assert "My feet." in shown


@pytest.mark.parametrize(
    ("notes", "said", "link"),
    [
        ("edit", "until you write Mary's answers:", "Answer them"),
        ("view", "until Mary's answers are written:", "See the questions"),
    ],
)
def test_a_carer_who_may_see_the_notes_is_told_in_the_patients_name(
    client, patient, carer, notes, said, link
):
    page_questions(patient)
    grant_care(patient, carer, tracker="view", notes=notes)
    sign_in_as_carer(client, carer, patient)
    shown = page(client, PAST_DAYS)
    assert f"2 questions from the information pages are not shown {said}" in shown
    assert f">{link}</a>" in shown


def test_a_carer_who_may_not_see_the_notes_is_told_nothing_of_them(client, patient, carer):
    page_questions(patient)
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    shown = page(client, PAST_DAYS)
    assert "information pages" not in shown
    assert "Ask about sleep" not in shown


def test_the_specialist_and_the_pdf_are_not_told_of_questions_left_out(
    client, patient_client, patient
):
    page_questions(patient)
    assert "not shown until" in page(patient_client, PAST_DAYS)  # the kept one, from now on
    raw, _ = make_link(patient, start=date(2026, 11, 26))
    shared = page(client, f"/s/{raw}")
    assert "When do the cramps happen?" in shared
    assert "not shown until" not in shared
    assert "Answer them" not in shared
    response = patient_client.get(PAST_DAYS.replace("summary?", "summary.pdf?"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "When do the cramps happen?" in text
    assert "not shown" not in text


def test_a_kept_summary_of_empty_days_with_questions_left_out_takes_two_queries(
    patient_client, patient, sunday, django_assert_num_queries
):
    first_morning(patient)
    page_questions(patient)
    page(patient_client)
    # The session with its person, and the records version: where the records lie and the
    # questions left out are of the same records, kept with the summary.
    with django_assert_num_queries(2):
        shown = page(patient_client)
    assert "Your records begin today" in shown
    assert "2 questions from the information pages" in shown


def test_answering_a_page_question_is_seen_on_the_kept_summary_at_once(patient_client, patient):
    page_questions(patient)
    assert "2 questions from the information pages" in page(patient_client, PAST_DAYS)
    question = Question.objects.get(text="Where are the cramps?")
    answered = patient_client.post(
        f"/my-notes/questions/{question.id}",
        {"text": question.text, "answer": "Left foot", "status": "to_ask"},
    )
    assert answered.status_code == 302
    shown = page(patient_client, PAST_DAYS)
    assert "1 question from the information pages is not shown" in shown
    assert "Left foot" in shown

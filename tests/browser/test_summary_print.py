"""The summary page printed by the browser: as short as the PDF, in print that can be read."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Page
from pypdf import PdfReader

from notes.models import Question
from tests.tracker.test_summary_pdf import demo_like_days
from toolkit.models import TimeZoneChange
from toolkit.records_version import records_changed
from tracker.management.commands.seeddemo import seed

# The demo's records for these five days have ten episodes, the most it makes.
FIRST = date(2026, 3, 7)
SUMMARY = f"/my-tracker/summary?start={FIRST}&days=5"
QUESTIONS = [
    "Should I take my evening dose earlier?",
    "Can I still drive?",
    "Would a different tablet help my toes curling in the morning?",
    "Is it safe to stretch when my foot cramps?",
    "Could the cramps be the tablets wearing off?",
    "Should I see a physiotherapist?",
    "Can I have my dose times changed?",
    "Is there a patch I could try instead?",
    *(f"Another question, number {n}, for the appointment?" for n in range(9, 13)),
]

# The font size in points of each element with words of its own that prints (the drawings'
# words are sized by their drawing, not here).
PRINTED_SIZES = """
(selector) => [...document.querySelectorAll(selector)]
  .filter((e) => e.getClientRects().length)
  .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
  .map((e) => [parseFloat(getComputedStyle(e).fontSize) * 0.75, e.textContent.trim()])
"""


def demo(patient):
    seed(patient, [FIRST + timedelta(days=n) for n in range(5)])


def demo_like(patient):
    demo_like_days(patient, FIRST, 5)


def ask(patient, count):
    for text in QUESTIONS[:count]:
        Question.objects.create(patient=patient, text=text)


def printed(page: Page) -> list[str]:
    page.goto(SUMMARY)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    return [" ".join(each.extract_text().split()) for each in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("records", [demo, demo_like])
def test_five_days_of_demo_records_print_on_two_a4_pages(signed_in_page: Page, patient, records):
    records(patient)
    pages = printed(signed_in_page)
    assert len(pages) == 2, pages[-1]
    assert "About this record" in pages[-1]


def test_with_a_time_zone_note_and_three_questions_five_days_still_print_on_two_pages(
    signed_in_page: Page, patient
):
    demo(patient)
    ask(patient, 3)
    TimeZoneChange.objects.create(
        person=patient, earlier="Europe/Paris", changed_at=datetime(2026, 3, 10, 12, tzinfo=UTC)
    )
    pages = printed(signed_in_page)
    text = " ".join(pages)
    assert "the patient lived by Europe/Paris time" in text
    assert "Would a different tablet help" in text
    assert len(pages) == 2, pages[-1]


def test_the_summary_prints_in_its_own_small_print_none_of_it_too_small(
    signed_in_page: Page, patient
):
    """Not the design system's print sizes (13pt lists, 15pt captions) beside 8pt tables:
    besides looking odd, those take five days to a third page."""
    demo(patient)
    ask(patient, 3)
    page = signed_in_page
    page.goto(SUMMARY)
    page.emulate_media(media="print")
    words = page.evaluate(PRINTED_SIZES, ".app-summary :is(p, li, caption, th, td, dt, dd, span)")
    assert words
    too_small = [(size, text) for size, text in words if size < 7.5 - 0.01]
    too_large = [(size, text) for size, text in words if size > 8.5 + 0.01]
    assert not too_small
    assert not too_large
    headings = page.evaluate(PRINTED_SIZES, ".app-summary :is(h1, h2)")
    assert max(size for size, _ in headings) <= 15 + 0.01


def test_about_this_record_is_never_split_from_its_heading_or_across_pages(
    signed_in_page: Page, patient
):
    """Each question added pushes the footer further down, past the foot of page 2."""
    demo(patient)
    ask(patient, 3)
    for asked in range(3, len(QUESTIONS) + 1):
        pages = printed(signed_in_page)
        with_footer = [text for text in pages if "About this record" in text]
        assert len(with_footer) == 1
        assert "Complete days used for the means" in with_footer[0], (asked, pages[-1])
        assert "Generated" in with_footer[0], (asked, pages[-1])
        if asked < len(QUESTIONS):
            Question.objects.create(patient=patient, text=QUESTIONS[asked])
            records_changed(patient.pk)  # as a question's form does: the kept summary is stale

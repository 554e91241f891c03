"""What a new patient's first summary says around its empty days passes the accessibility
check and fits a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from notes.models import Question
from tests.browser.axe import assert_accessible
from tests.tracker import make


@pytest.mark.parametrize("recorded", [True, False], ids=["records-today", "nothing-yet"])
def test_a_first_summary_says_where_the_records_are(signed_in_page: Page, patient, recorded):
    if recorded:
        make.dose(patient, make.medication(patient), timezone.now() - timedelta(minutes=1))
    Question.objects.create(
        patient=patient,
        text="Where are the cramps?",
        page_text="Where are the cramps?",
        page_path="managing-symptoms/cramps-and-spasms",
        page_title="Cramps and spasms",
    )
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/my-tracker/summary")
    if recorded:
        expect(page.get_by_text("Your records begin today")).to_be_visible()
        expect(page.get_by_role("link", name="Show the summary of today")).to_be_visible()
    else:
        expect(page.get_by_text("Nothing is recorded in your tracker yet")).to_be_visible()
    expect(page.get_by_role("link", name="Answer it")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)

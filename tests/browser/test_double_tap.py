from datetime import datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tracker.models import Dose, Medication


@pytest.fixture(autouse=True)
def _a_second_to_read(monkeypatch):
    monkeypatch.setattr("toolkit.read_first.READING_TIME", timedelta(seconds=1))


def test_yes_tapped_as_the_question_appears_records_nothing(signed_in_page: Page, patient):
    """The second tap of a shaky double tap on "Taken" lands where "Yes" appears next."""
    now = datetime.now(patient.zone)
    far = f"{(now.hour + 12) % 24:02d}:00"  # half a day away: the press asks first
    Medication.objects.create(patient=patient, name="Rasagiline", dose="1 mg", schedule=[far])
    page = signed_in_page
    page.goto("/my-tracker")
    page.get_by_role("button", name=f"Taken Rasagiline due at {far}", exact=True).click()
    yes = page.get_by_role("button", name="Yes, I took it now")
    yes.click()  # as soon as it can be pressed, as a second tap is

    # Said where focus is, so a screen reader says it: the page looks as it did before.
    note = page.get_by_role("status")
    expect(note).to_contain_text("Nothing was saved yet: that answer came less than a second")
    expect(note).to_contain_text("press \u201cYes, I took it now\u201d again")
    expect(note).to_be_focused()
    assert not Dose.objects.exists()
    assert_accessible(page)

    page.wait_for_timeout(1100)  # read, this time
    page.get_by_role("button", name="Yes, I took it now").click()
    expect(page.get_by_role("status")).to_contain_text("Dose of Rasagiline recorded")
    assert Dose.objects.count() == 1

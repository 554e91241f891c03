"""A dose that was not recorded is told apart from one that was: in words, not colour alone."""

import re

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.tracker import make
from tracker.models import Dose


def test_a_dose_refused_after_the_medicine_stopped_is_a_problem_not_a_confirmation(
    signed_in_page: Page, patient
):
    medication = make.medication(patient, schedule=["07:00"])
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/my-tracker")
    # Stopped in another tab, or by a carer, while this page was open.
    medication.stopped_at = timezone.now()
    medication.save(update_fields=["stopped_at"])
    page.get_by_role("button", name=re.compile(r"^Taken Co-careldopa")).click()

    message = page.locator(".app-message")
    expect(message).to_be_focused()
    expect(message.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(message).to_contain_text("That dose was not recorded: Co-careldopa has been stopped")
    expect(page.locator(".nhsuk-inset-text")).to_have_count(0)
    assert_accessible(page)
    assert not Dose.objects.exists()

"""What "Taken" says back: a dose that was not recorded is told apart from one that was, in
words, not colour alone; one recorded by mistake can be changed from its row."""

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


def test_a_dose_taken_by_mistake_can_be_changed_from_its_row(signed_in_page: Page, patient):
    now = timezone.localtime(timezone.now(), patient.zone)
    due = f"{now.hour:02d}:00"
    make.medication(patient, schedule=[due])
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/my-tracker")
    page.get_by_role("button", name=f"Taken Co-careldopa due at {due}").click()
    expect(page.locator(".app-message")).to_contain_text("Dose of Co-careldopa recorded")

    change = page.get_by_role("link", name=re.compile(r"^Change the dose of Co-careldopa taken"))
    box = change.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44, box
    assert_accessible(page)
    change.click()
    expect(page.get_by_role("link", name=re.compile("Delete"))).to_be_visible()

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tracker.models import Dose, Medication


@pytest.mark.browser_context_args(locale="en-US")
def test_a_time_typed_without_am_or_pm_is_asked_for_in_full(signed_in_page: Page, patient):
    """Where the browser keeps a 12-hour clock, a time typed as 7:30 but with no AM or PM is
    sent empty: the message must not say that nothing was typed."""
    Medication.objects.create(patient=patient, name="Rasagiline", dose="1 mg")
    page = signed_in_page
    page.goto("/my-tracker/doses/new")
    time = page.get_by_label("Time taken")
    time.fill("")  # the box opens with the time now in it, AM or PM included
    time.click()
    time.press_sequentially("0730")
    page.get_by_role("button", name="Save dose").click()

    expect(page.locator("#id_time-error")).to_have_text(
        "Error: Enter the time taken in full: hours and minutes, and AM or PM if the box "
        "shows them."
    )
    assert_accessible(page)
    assert not Dose.objects.exists()

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


@pytest.mark.parametrize(
    ("hint", "diary_example"),
    [
        pytest.param(
            "For example 07:30 AM, or 07:05 PM in the evening. Check AM or PM too.",
            "10:30 PM",
            marks=pytest.mark.browser_context_args(locale="en-US"),
        ),
        pytest.param(
            "For example 07:30, or 19:05 for 7:05 in the evening.",
            "22:30",
            marks=pytest.mark.browser_context_args(locale="en-GB"),
        ),
    ],
)
def test_a_time_boxs_hint_speaks_of_the_clock_it_shows(
    signed_in_page: Page, patient, hint, diary_example
):
    """On a 12-hour clock, hours typed over a time filled in as PM stay PM: "07:30" typed in
    the evening saved 19:30, under a hint that spoke only of the 24-hour clock."""
    Medication.objects.create(patient=patient, name="Rasagiline", dose="1 mg")
    page = signed_in_page
    page.goto("/my-tracker/doses/new")
    expect(page.locator("#id_time-hint")).to_have_text(hint)
    page.goto("/my-tracker/diary")
    expect(page.locator("#id_start-hint")).to_have_text(
        f"On the hour or the half hour, for example {diary_example}."
    )

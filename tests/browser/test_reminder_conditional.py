"""The custom reminder's "How often?" radios reveal the fields of the chosen option only."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from notes.models import Reminder
from tests.browser.axe import assert_accessible

FORM = "/my-notes/reminders/new?kind=custom"


def tab_to(page: Page, target) -> None:
    """Press Tab until the target has the focus, as a keyboard user would."""
    for _ in range(30):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("Tab never reached the target")


def test_the_daily_fields_show_only_once_daily_is_chosen_with_the_keyboard(
    signed_in_page: Page, patient
):
    page = signed_in_page
    page.goto(FORM)
    once = page.get_by_role("radio", name="Once")
    daily = page.get_by_role("radio", name="At the same times on chosen days")
    date = page.get_by_label("Date", exact=True)
    times = page.get_by_label("At what times?")
    expect(times).to_be_hidden()
    expect(date).to_be_hidden()
    expect(daily).to_have_attribute("aria-expanded", "false")
    assert_accessible(page)

    page.get_by_label("What should we remind you of?").focus()
    page.keyboard.type("Stretch")
    page.keyboard.press("Tab")
    expect(once).to_be_focused()
    page.keyboard.press("Space")
    expect(date).to_be_visible()
    expect(times).to_be_hidden()

    page.keyboard.press("ArrowDown")
    expect(daily).to_be_checked()
    expect(daily).to_have_attribute("aria-expanded", "true")
    expect(times).to_be_visible()
    expect(date).to_be_hidden()
    assert_accessible(page)

    # The revealed fields come straight after their radio in the tab order.
    page.keyboard.press("Tab")
    expect(times).to_be_focused()
    page.keyboard.type("08:00, 20:00")
    tab_to(page, page.get_by_role("checkbox", name="Tuesday"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Save reminder"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Your reminder “Stretch” has been saved")
    assert_accessible(page)
    reminder = Reminder.objects.get(patient=patient)
    assert (reminder.times, reminder.weekdays, reminder.at) == (["08:00", "20:00"], [1], None)


def test_with_an_error_the_chosen_option_is_open_and_the_summary_reaches_its_field(
    signed_in_page: Page,
):
    page = signed_in_page
    page.goto(FORM)
    page.get_by_label("What should we remind you of?").fill("Stretch")
    page.get_by_role("radio", name="At the same times on chosen days").check()
    page.get_by_role("button", name="Save reminder").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link", name="Enter at least one time").click()
    expect(page.get_by_label("At what times?")).to_be_focused()
    expect(page.get_by_label("Date", exact=True)).to_be_hidden()


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_without_javascript_every_option_shows_its_fields_and_a_reminder_saves(
    signed_in_page: Page, patient
):
    page = signed_in_page
    page.goto(FORM)
    expect(page.get_by_label("Date", exact=True)).to_be_visible()
    expect(page.get_by_label("At what times?")).to_be_visible()
    page.get_by_label("What should we remind you of?").fill("Stretch")
    page.get_by_role("radio", name="At the same times on chosen days").check()
    page.get_by_label("At what times?").fill("09:00")
    page.get_by_role("button", name="Save reminder").click()
    expect(page.get_by_role("status")).to_contain_text("Your reminder “Stretch” has been saved")
    assert Reminder.objects.get(patient=patient).times == ["09:00"]


def test_a_one_off_time_in_the_hour_that_happens_twice_is_asked_about_under_once(
    signed_in_page: Page, patient, frozen
):
    frozen(datetime(2026, 10, 1, 12, tzinfo=UTC))  # before the clocks go back
    page = signed_in_page
    page.goto(FORM)
    page.get_by_label("What should we remind you of?").fill("Stretch")
    page.get_by_role("radio", name="Once").check()
    page.get_by_label("Date", exact=True).fill("2026-10-25")
    page.get_by_label("Time", exact=True).fill("01:30")
    page.get_by_role("button", name="Save reminder").click()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_focused()
    once_section = page.locator("#conditional-id_repeat_0")
    expect(once_section.get_by_role("group", name="Which 01:30?")).to_be_visible()
    assert_accessible(page)
    summary.get_by_role("link", name="01:30 on 25 October 2026 happens twice").click()
    expect(page.get_by_role("radio", name="The first time round (BST)")).to_be_focused()
    assert not Reminder.objects.exists()

    page.get_by_role("radio", name="The second time round (GMT)").check()
    page.get_by_role("button", name="Save reminder").click()
    expect(page.get_by_role("status")).to_contain_text("Your reminder “Stretch” has been saved")
    assert Reminder.objects.get(patient=patient).at == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)

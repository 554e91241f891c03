"""A day is filled in a stretch at a time: after each, the page opens where the next one is typed,
saying what was saved there, on a phone and with the keyboard, with and without JavaScript."""

from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import RECORD_CSP_VIOLATIONS
from tests.browser.test_diary_journey import type_time
from tests.browser.test_save_to_notes_focus import focused_when_settled

PHONE = {"width": 375, "height": 667}


def save_stretch(page: Page, to: str, state: str) -> None:
    type_time(page, "To", to)
    page.get_by_role("radio", name=state, exact=True).check()
    page.get_by_role("button", name="Save this stretch").click()


def test_after_a_stretch_is_saved_the_next_one_is_a_tab_away(
    signed_in_page: Page, patient, live_server
):
    page = signed_in_page
    page.set_viewport_size(PHONE)
    day = patient.local_today() - timedelta(days=1)
    address = f"/my-tracker/diary/{day.isoformat()}"
    page.goto(address)

    save_stretch(page, "0700", "Asleep")
    said = "Recorded “Asleep” from 00:00 to 07:00"
    assert said in focused_when_settled(page)
    message = page.get_by_role("status")
    start = page.get_by_label("From", exact=True)
    # Both in sight at once: no swipe to find the form for the next stretch.
    expect(message).to_be_in_viewport()
    expect(start).to_be_in_viewport()
    expect(start).to_have_value("07:00")
    # The address names the form's part of the page, where it opens without JavaScript too.
    expect(page).to_have_url(f"{live_server.url}{address}#run")
    page.keyboard.press("Tab")
    expect(start).to_be_focused()
    assert_accessible(page)

    # And so on through the day, each time from the message to "From" in one Tab.
    save_stretch(page, "0930", "OFF")
    assert "from 07:00 to 09:30 (5 half-hours)." in focused_when_settled(page)
    page.keyboard.press("Tab")
    expect(start).to_be_focused()
    expect(start).to_have_value("09:30")

    # A mistake is still shown as a problem, and the error summary takes the focus.
    save_stretch(page, "0945", "OFF")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_contain_text("09:45 is not on the hour or the half hour")
    expect(summary).to_be_focused()
    expect(page.get_by_role("status")).to_have_count(0)
    assert_accessible(page)


def test_the_half_hour_grid_still_says_what_it_saved_at_the_top(signed_in_page: Page, patient):
    page = signed_in_page
    day = patient.local_today() - timedelta(days=1)
    page.goto(f"/my-tracker/diary/{day.isoformat()}")
    page.get_by_label("How you were at 12:30").select_option("off")
    page.get_by_role("button", name="Save changed half-hours").click()
    assert focused_when_settled(page) == "Information: Saved 1 changed half-hour: “OFF” at 12:30."
    expect(page.get_by_role("heading", level=1)).to_be_in_viewport()


def test_without_javascript_the_page_opens_at_the_form_with_what_was_saved(
    signed_in_page: Page, browser, base_url, patient
):
    context = browser.new_context(java_script_enabled=False, base_url=base_url, viewport=PHONE)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    context.add_cookies(signed_in_page.context.cookies())
    page = context.new_page()
    day = patient.local_today() - timedelta(days=1)
    page.goto(f"/my-tracker/diary/{day.isoformat()}")

    save_stretch(page, "0700", "Asleep")
    message = page.get_by_role("status")
    expect(message).to_contain_text("Recorded “Asleep” from 00:00 to 07:00")
    expect(message).to_be_in_viewport()
    start = page.get_by_label("From", exact=True)
    expect(start).to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(start).to_be_focused()
    context.close()

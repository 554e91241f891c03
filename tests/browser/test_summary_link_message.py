"""Making a specialist's link says so in words, where a screen reader hears it."""

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible


def test_making_a_link_moves_focus_to_a_message_saying_until_when_it_works(
    signed_in_page: Page, patient
):
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/my-tracker/summary/links")
    page.get_by_role("button", name="Make a link").click()
    message = page.locator(".app-message")
    expect(message).to_be_focused()
    expect(message).to_have_attribute("role", "status")
    expect(message).to_contain_text("Link made. It works until ")
    expect(page.get_by_label("Link to your summary")).to_have_value(re.compile(r"/s/\S{22,}$"))
    assert_accessible(page)

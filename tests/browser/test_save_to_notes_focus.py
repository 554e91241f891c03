"""What was saved from an information page is said beside its button, and focus goes there."""

import re

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible

PAGE = "/information/managing-symptoms/cramps-and-spasms"

# The browser's own steps after a page loads (the move to the address's #fragment among them)
# are done by the second frame after "load": what has the focus then is what a person gets.
SETTLED = "new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
FOCUSED = r"""() => {
  const focused = document.activeElement;
  if (focused === document.body) return "nothing (the page itself)";
  return focused.textContent.replace(/\s+/g, " ").trim();
}"""


def focused_when_settled(page: Page) -> str:
    page.wait_for_load_state("load")
    page.evaluate(SETTLED)
    return page.evaluate(FOCUSED)


def test_the_questions_saved_are_focused_and_shown_beside_the_button(
    signed_in_page: Page, live_server
):
    page = signed_in_page
    page.goto(PAGE)
    page.get_by_role("button", name="Add these questions to my notes").click()
    expect(page).to_have_url(f"{live_server.url}{PAGE}#save-to-notes")

    message = page.get_by_role("status")
    assert "5 questions from this page were added" in focused_when_settled(page)
    expect(message).to_be_focused()
    expect(message).to_be_in_viewport()
    # The keyboard goes on from the message to what is beside it, not from the top of the page.
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Add these questions to my notes")).to_be_focused()
    assert_accessible(page)

    # Pressed again: said too, and focused as well.
    page.get_by_role("button", name="Add these questions to my notes").click()
    assert "already in your notes" in focused_when_settled(page)
    expect(message).to_be_in_viewport()


def test_an_organisation_added_to_the_contacts_is_focused_beside_its_button(
    signed_in_page: Page,
):
    page = signed_in_page
    page.goto(PAGE)
    page.get_by_role("button", name=re.compile(r"^Add .+ to my contacts$")).first.click()
    assert "was added to your contacts" in focused_when_settled(page)
    expect(page.get_by_role("status")).to_be_in_viewport()

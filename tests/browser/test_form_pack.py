from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.toolkit.test_form_pack import BAD_DATA


def test_a_form_with_every_kind_of_field_is_accessible_with_and_without_errors(
    page: Page, settings
):
    settings.ROOT_URLCONF = "tests.toolkit.every_field"
    page.goto("/every-field")
    assert_accessible(page)

    page.get_by_label("Email address").fill(BAD_DATA["email"])
    page.get_by_label("Password").fill(BAD_DATA["password"])
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".nhsuk-error-summary")
    # The design system moves focus to the summary so it is read out first.
    expect(summary).to_be_focused()
    assert_accessible(page)

    summary.get_by_role("link", name="Enter a valid email address.").click()
    expect(page.get_by_label("Email address")).to_be_focused()
    summary.locator('a[href="#id_when_0"]').click()
    expect(
        page.get_by_role("group", name="When do you take it").get_by_label("Morning")
    ).to_be_focused()

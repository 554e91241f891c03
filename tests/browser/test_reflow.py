"""WCAG 1.4.10: the main pages fit a 320px-wide screen without scrolling sideways."""

import pytest
from playwright.sync_api import Page

PAGES = [
    "/",
    "/information/",
    "/my-tracker",
    "/my-tracker/diary",
    "/my-tracker/episodes",
    "/my-tracker/medications",
    "/my-tracker/summary",
    "/my-notes",
    "/my-notes/questions",
    "/my-notes/reminders",
    "/account/profile",
    "/account/sharing",
]


@pytest.mark.parametrize("path", PAGES)
def test_the_page_fits_a_narrow_screen(signed_in_page: Page, path):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

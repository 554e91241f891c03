"""The links to the day before and after look and work like the design system's pagination: an
arrow, the link's colour and an underlined date, and a target big enough to hit."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible

# What a person sees of a pagination link: its arrow's size, how its date is drawn, its size.
LOOK = """
(link) => {
  const arrow = link.querySelector("svg").getBoundingClientRect();
  const box = link.getBoundingClientRect();
  return {
    arrow: [arrow.width, arrow.height],
    dateDecoration: getComputedStyle(link.querySelector(".nhsuk-pagination__page"))
      .textDecorationLine,
    size: [box.width, box.height],
  };
}
"""


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("name", ["Previous day", "Next day"])
def test_the_links_to_other_days_show_an_arrow_and_look_like_links(
    signed_in_page: Page, patient, width, name
):
    yesterday = patient.local_today() - timedelta(days=1)
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/my-tracker/day/{yesterday.isoformat()}")
    nav = page.get_by_role("navigation", name="Other days", exact=True)
    link = nav.get_by_role("link", name=name)
    look = link.evaluate(LOOK)
    assert min(look["arrow"]) > 0
    assert "underline" in look["dateDecoration"]
    assert min(look["size"]) >= 44
    assert_accessible(page)

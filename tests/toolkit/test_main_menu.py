"""The main menu marks the part of the site a page belongs to: as the page itself on the
part's first page, and as the part on every page under it."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.toolkit.test_form_pack import Page


def menu(client, url: str) -> dict[str, tuple[str | None, bool]]:
    """Each menu link's text: its aria-current, and whether it is styled as the current one."""
    page = Page(client.get(url, follow=True).content.decode())
    return {
        " ".join("".join(a.itertext()).split()): (
            a.get("aria-current"),
            "nhsuk-header__navigation-item--current" in item.get("class"),
        )
        for item in page.all(".nhsuk-header__navigation-item")
        for a in [item.find("a")]
    }


@pytest.mark.parametrize(
    ("url", "current", "state"),
    [
        ("/my-tracker", "My Tracker", "page"),
        ("/my-tracker/diary", "My Tracker", "true"),
        ("/my-tracker/medicines", "My Tracker", "true"),
        ("/my-notes", "My Reminders & Notes", "page"),
        ("/my-notes/reminders", "My Reminders & Notes", "true"),
        ("/information/", "Information", "page"),
        ("/information/managing-symptoms/cramps-and-spasms", "Information", "true"),
    ],
)
def test_the_menu_marks_the_part_of_the_site_a_page_is_in(patient_client, url, current, state):
    items = menu(patient_client, url)
    assert items.pop(current) == (state, True)
    assert set(items.values()) == {(None, False)}


def test_no_menu_item_is_current_on_a_page_in_no_part_of_it(patient_client):
    items = menu(patient_client, "/account/profile")
    assert set(items.values()) == {(None, False)}


def nav_item(path: str, href: str) -> str:
    request = RequestFactory().get(path)
    template = Template("{% load nhsuk %}{% nav_item href 'Home' %}")
    return template.render(Context({"request": request, "href": href}))


def test_a_link_to_the_home_page_is_current_only_there():
    assert 'aria-current="page"' in nav_item("/", "/")
    assert "aria-current" not in nav_item("/my-tracker/diary", "/")


def test_a_section_is_not_current_on_a_page_whose_address_only_starts_alike():
    assert "aria-current" not in nav_item("/my-trackers", "/my-tracker")
    assert "--current" not in nav_item("/my-trackers", "/my-tracker")

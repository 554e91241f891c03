"""Form controls, and links and buttons that stand on their own, are targets of at least 44 by
44 CSS pixels (DESIGN.md), wide screen or narrow."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from notes.models import Note
from tests.browser.axe import assert_accessible
from tests.tracker import make

# Each visible text input and select: its kind and its size on screen.
CONTROLS = """
() => [...document.querySelectorAll("input.nhsuk-input, select.nhsuk-select")]
  .filter((control) => control.offsetParent !== null)
  .map((control) => {
    const box = control.getBoundingClientRect();
    const kind = control.tagName === "SELECT" ? "select" : control.type;
    return {kind, id: control.id, width: box.width, height: box.height};
  })
"""


def undersized(locators) -> list[str]:
    """The names of those of these links or buttons smaller than 44 by 44 px."""
    small = []
    for locator in locators:
        box = locator.bounding_box()
        if box["width"] < 44 or box["height"] < 44:
            small.append(
                f"{locator.inner_text().split()[0]!r} {box['width']:.0f}x{box['height']:.0f}"
            )
    return small


def too_small(page: Page) -> tuple[set[str], list[dict]]:
    controls = page.evaluate(CONTROLS)
    small = [c for c in controls if c["width"] < 44 or c["height"] < 44]
    return {c["kind"] for c in controls}, small


@pytest.mark.parametrize("width", [320, 1280])
def test_every_kind_of_text_input_and_select_is_at_least_44px_each_way(page: Page, settings, width):
    settings.ROOT_URLCONF = "tests.toolkit.every_field"
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/every-field")
    kinds, small = too_small(page)
    assert kinds >= {"text", "email", "password", "date", "time", "select"}
    assert small == []


@pytest.mark.parametrize(
    "path,kinds",
    [
        ("/my-tracker/summary", {"date", "number"}),
        ("/my-tracker/doses/new", {"date", "time"}),
        ("/information/", {"search"}),
        ("/account/profile", {"text", "select"}),
    ],
)
def test_the_inputs_of_real_forms_are_at_least_44px_each_way(
    signed_in_page: Page, patient, path, kinds
):
    make.medication(patient)
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(path)
    found, small = too_small(page)
    assert found >= kinds
    assert small == []


def test_keeping_a_record_is_as_easy_to_hit_as_deleting_it(signed_in_page: Page, patient):
    note = Note.objects.create(patient=patient, written_on="2025-01-01", title="T", text="x")
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(reverse("notes_note_delete", args=[note.pk]))
    delete = page.get_by_role("button", name="Delete").bounding_box()
    keep = page.get_by_role("link", name="Keep it").bounding_box()
    assert keep["height"] >= 44 and keep["width"] >= 44
    assert keep["height"] == delete["height"]
    assert_accessible(page)  # the one page that asks before any record is deleted


def test_the_tracker_homes_links_are_44px_tall(signed_in_page: Page, patient):
    make.medication(patient)
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/my-tracker")
    links = page.locator(".app-tracker-section a").all()
    assert len(links) >= 6
    assert [link.inner_text() for link in links if link.bounding_box()["height"] < 44] == []


def test_every_part_of_a_time_is_in_sight(page: Page, settings):
    settings.ROOT_URLCONF = "tests.toolkit.every_field"
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/every-field")
    time = page.locator("input[type=time]").first
    time.fill("16:30")
    # The browser here keeps a 12-hour clock: "04:30 PM" and its picker button need some
    # 110 px; the box was 91 px and hid the PM.
    assert time.bounding_box()["width"] >= 150


@pytest.fixture
def tracked(patient):
    """Records on every list: a dose taken today, two episodes, a meal."""
    medication = make.medication(patient)
    now = timezone.now()
    make.dose(patient, medication, now)
    make.episode(patient, now - timedelta(days=2), now - timedelta(days=2) + timedelta(minutes=20))
    make.episode(patient, now - timedelta(days=1), now - timedelta(days=1) + timedelta(minutes=5))
    make.meal(patient, now - timedelta(hours=1))


@pytest.mark.parametrize(
    "path,count",
    [
        ("/my-tracker", 1),  # "Doses recorded today"
        ("/my-tracker/medications", 1),
        ("/my-tracker/episodes", 2),
        ("/my-tracker/meals", 1),
    ],
)
def test_each_records_change_link_is_44px_each_way(signed_in_page: Page, tracked, path, count):
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(path)
    links = page.locator("main").get_by_role("link", name=re.compile(r"^Change\b")).all()
    assert len(links) == count
    assert undersized(links) == []


def test_the_summarys_downloads_and_sharing_links_are_44px_each_way(signed_in_page: Page, tracked):
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/my-tracker/summary")
    names = [
        "Download as PDF",
        "Download as a spreadsheet (CSV)",
        "Download as data (JSON)",
        "Share with your specialist by a link",
    ]
    links = [page.get_by_role("link", name=name, exact=True) for name in names]
    assert undersized(links) == []


@pytest.mark.parametrize("width", [375, 1280])
def test_the_headers_account_links_are_44px_each_way(signed_in_page: Page, page: Page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    account = page.get_by_role("navigation", name="Account")
    signed_in = [account.get_by_role("link"), account.get_by_role("button", name="Log out")]
    assert undersized(signed_in) == []
    page.context.clear_cookies()
    page.goto("/")
    signed_out = account.get_by_role("link").all()
    assert [link.inner_text() for link in signed_out] == ["Log in", "Create an account"]
    assert undersized(signed_out) == []


@pytest.mark.parametrize(("width", "folded"), [(375, True), (1280, False)])
def test_the_main_menus_links_are_44px_each_way(signed_in_page: Page, page: Page, width, folded):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    menu = page.get_by_role("navigation", name="Main menu")
    # On a narrow screen they fold under "More", which opens to show them.
    more = menu.get_by_role("button", name="Browse More")
    assert more.is_visible() == folded
    if folded:
        more.click()
    links = [link for link in menu.get_by_role("link").all() if link.is_visible()]
    assert [link.inner_text() for link in links] == [
        "Information",
        "My Tracker",
        "My Reminders & Notes",
    ]
    assert undersized(links) == []


# Each episode's actions: the space between them and its details above, and between them and
# the next episode's heading below (none after the last).
EPISODE_ACTION_GAPS = """
() => [...document.querySelectorAll(".app-episode-actions")].map((actions) => {
  const box = actions.getBoundingClientRect();
  const details = actions.previousElementSibling.getBoundingClientRect();
  const next = actions.nextElementSibling;
  const heading = next && next.matches("h2") ? next.getBoundingClientRect() : null;
  return {above: box.top - details.bottom, below: heading ? heading.top - box.bottom : null};
})
"""


def test_each_episodes_actions_sit_with_that_episode(signed_in_page: Page, tracked):
    """Its "Change" is nearer its own details than the next episode's heading, so it is not
    taken for that episode's."""
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/my-tracker/episodes")
    gaps = page.evaluate(EPISODE_ACTION_GAPS)
    assert len(gaps) == 2
    first = gaps[0]
    assert first["below"] is not None
    assert first["below"] >= 2 * first["above"], gaps
    assert_accessible(page)

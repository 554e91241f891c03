"""Form controls are targets of at least 44 by 44 CSS pixels (DESIGN.md), wide screen or narrow."""

import pytest
from django.urls import reverse
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

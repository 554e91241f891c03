"""Links on the tracker's pages say, when read out on their own, where they go."""

from datetime import timedelta

import pytest
from django.urls import reverse

from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc


@pytest.mark.parametrize(
    ("record", "url", "name"),
    [
        (
            lambda p: make.dose(p, make.medication(p), utc(2026, 3, 3, 7, 5)),
            "dose_edit",
            "Delete it (this dose)",
        ),
        (lambda p: make.meal(p, utc(2026, 3, 3, 12, 30)), "meal_edit", "Delete it (this meal)"),
        (
            lambda p: make.episode(p, utc(2026, 3, 3, 23, 40)),
            "episode_edit",
            "Delete it (this dystonia episode)",
        ),
    ],
)
def test_the_delete_link_on_a_change_page_says_what_it_deletes(
    patient_client, patient, record, url, name
):
    made = record(patient)
    page = Page(patient_client.get(reverse(url, args=[made.pk])).content.decode())
    [link] = [a for a in page.all("main a") if "".join(a.itertext()) == name]
    assert link.get("href").endswith(f"/{made.pk}/delete")
    # Seen, it is still "Delete it".
    shown = [e for e in link.iter() if "nhsuk-u-visually-hidden" not in (e.get("class") or "")]
    assert shown[0].text == "Delete it"


def read_out(element) -> str:
    """The text of an element a screen reader reads: none of what is hidden from it."""
    parts = [element.text or ""]
    for child in element:
        if child.get("aria-hidden") != "true":
            parts.append(read_out(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def test_the_diary_s_other_days_are_read_with_no_space_before_the_colon(patient_client, patient):
    day = patient.local_today() - timedelta(days=3)
    page = Page(patient_client.get(reverse("diary_day", kwargs={"day": day})).content.decode())
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    said = {read_out(a) for a in page.all("a[rel=prev], a[rel=next]")}
    assert said == {
        f"Previous day: {before:%A} {before.day} {before:%B}",
        f"Next day: {after:%A} {after.day} {after:%B}",
    }
    # Seen, they are as they were.
    seen = {"".join(title.itertext()) for title in page.all(".nhsuk-pagination__title")}
    assert seen == {"Previous day", "Next day"}

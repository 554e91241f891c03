"""A page changing a record names it, in its title and heading: two tabs open on two of
them can be told apart, and a screen reader says which one is being changed."""

import pytest
from django.urls import reverse

from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc


def titles(response) -> tuple[str, str]:
    page = Page(response.content.decode())
    return page.text("title").split(" \u2013 ")[0], page.text("h1")


@pytest.mark.parametrize(
    ("record", "url", "name"),
    [
        (
            lambda p: make.dose(p, make.medication(p, "Rasagiline"), utc(2026, 3, 3, 7, 5)),
            "dose_edit",
            "Change the dose of Rasagiline taken at 07:05 on Tuesday 3 March 2026",
        ),
        (
            lambda p: make.meal(p, utc(2026, 3, 3, 12, 30)),
            "meal_edit",
            "Change the meal at 12:30 on Tuesday 3 March 2026",
        ),
        (
            lambda p: make.episode(p, utc(2026, 3, 3, 23, 40)),
            "episode_edit",
            "Change the dystonia that started at 23:40 on Tuesday 3 March 2026",
        ),
    ],
)
def test_a_change_page_names_the_record_it_changes(patient_client, patient, record, url, name):
    made = record(patient)
    assert titles(patient_client.get(reverse(url, args=[made.pk]))) == (name, name)
    # What was typed and refused does not rename it: it is still that record being changed.
    refused = patient_client.post(reverse(url, args=[made.pk]), {"date": "2026-03-04"})
    assert titles(refused) == (f"Error: {name}", name)

"""Each row of a table of someone's records is headed by its first cell, so that a screen
reader moving down any other column says which dose, meal, link or person the cell is about."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from tests.conftest import grant_care
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.test_summary_links import make_link
from toolkit.models import AccessEvent

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url_name", "header"),
    [
        ("tracker_home", "11:00"),
        ("meal_list", "Tuesday 10 March 2026, 10:00"),
        ("summary_links", "2 Mar 2026 to 4 Mar 2026"),
        ("sharing", "John"),
        ("access_log", "10 March 2026, 12:00"),
    ],
)
def test_each_row_is_headed_by_its_first_cell(
    url_name, header, patient, carer, frozen, patient_client
):
    frozen(NOON)
    make.dose(patient, make.medication(patient), NOON - timedelta(hours=1))
    make.meal(patient, NOON - timedelta(hours=2))
    make_link(patient)
    grant_care(patient, carer, tracker="view")
    AccessEvent.objects.create(
        patient=patient, actor=carer, action=AccessEvent.Action.VIEWED, what="My Tracker", at=NOON
    )
    page = Page(patient_client.get(reverse(url_name)).content.decode())
    rows = page.all("tbody tr")
    assert rows
    for first, *others in rows:
        assert (first.tag, first.get("scope")) == ("th", "row")
        assert all(cell.tag == "td" for cell in others)
    assert header in " ".join("".join(rows[0][0].itertext()).split())

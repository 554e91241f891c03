"""A run whose "From" or "To" the clocks skip, in zones whose clocks go forward at other
times and by other amounts than London's: the error names the times they jump between."""

from datetime import date

import pytest

from tests.conftest import make_user
from tests.toolkit.test_form_pack import Page
from tests.tracker.test_diary import diary_url, recorded
from tracker.models import DiaryEntry


def sign_in(client, zone: str):
    patient = make_user("z@example.com", "Zara", time_zone=zone)
    client.force_login(patient)
    return patient


@pytest.mark.parametrize(
    ("zone", "day", "start", "said"),
    [
        (
            "America/New_York",
            date(2026, 3, 8),
            "02:30",
            "There is no 02:30 on Sunday 8 March 2026: the clocks go forward from 02:00 to 03:00. "
            "Enter a “From” time before 02:00, or 03:00 or later.",
        ),
        (
            "Australia/Lord_Howe",  # forward by half an hour
            date(2026, 10, 4),
            "02:00",
            "There is no 02:00 on Sunday 4 October 2026: the clocks go forward from 02:00 to "
            "02:30. Enter a “From” time before 02:00, or 02:30 or later.",
        ),
        (
            "America/Havana",  # forward at midnight: no time of the day comes before
            date(2026, 3, 8),
            "00:30",
            "There is no 00:30 on Sunday 8 March 2026: the clocks go forward from 00:00 to 01:00. "
            "Enter a “From” time of 01:00 or later.",
        ),
    ],
)
def test_a_skipped_from_names_the_times_the_patients_clocks_jump_between(
    db, client, zone, day, start, said
):
    sign_in(client, zone)
    data = {"start": start, "end": "05:00", "state": "on"}
    page = Page(client.post(diary_url(day, "run"), data).content.decode())
    assert page.text("#id_start-error") == f"Error: {said}"
    assert not DiaryEntry.objects.exists()


def test_a_to_on_a_day_the_clocks_skipped_altogether_says_to_end_at_midnight(db, client):
    # Samoa went from the end of 29 December 2011 straight to the start of the 31st.
    patient = sign_in(client, "Pacific/Apia")
    day = date(2011, 12, 29)
    data = {"start": "22:00", "end": "01:00", "state": "asleep"}
    response = client.post(diary_url(day, "run"), data)
    assert response.status_code == 200
    assert Page(response.content.decode()).text("#id_end-error") == (
        "Error: There is no 01:00 on Friday 30 December 2011: the clocks skipped that whole "
        "day. Enter a “To” time of 00:00 to end at midnight."
    )
    assert not DiaryEntry.objects.exists()

    response = client.post(diary_url(day, "run"), data | {"end": "00:00"}, follow=True)
    # Midnight at the end of the page's day, as the error said, though the next day there is
    # the 31st.
    said = "from 22:00 to midnight (4 half-hours)"
    assert said in response.content.decode()
    assert len(recorded(patient)) == 4


def test_where_the_day_begins_at_01_00_a_run_from_00_00_to_01_00_is_explained(client, db):
    santiago = make_user("santiago@example.com", "Ana", time_zone="America/Santiago")
    client.force_login(santiago)
    day = date(2026, 9, 6)  # the clocks go forward from 00:00 to 01:00
    data = {"start": "00:00", "end": "01:00", "state": "on"}
    page = Page(client.post(diary_url(day, "run"), data).content.decode())
    page_text = page.text("#id_end-error")
    assert "On Sunday 6 September the clocks go forward at midnight" in page_text
    assert "clocks go back" not in page_text

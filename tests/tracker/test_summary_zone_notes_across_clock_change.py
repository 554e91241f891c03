"""The summary's note on days lived on another clock, when the clocks go forward or back on
the days shown: the shift is given for each part of the days it held for."""

import html
from datetime import date

import pytest
from django.urls import reverse

from tests.tracker.make import meal, utc
from tests.tracker.test_summary import fill
from toolkit.models import User
from tracker.models import Meal
from tracker.summary import Summary

TAIL = ", so a dose taken on time may show as not recorded."


def move(client, patient: User, zone: str) -> None:
    response = client.post(reverse("profile"), {"display_name": patient.name, "time_zone": zone})
    assert response.status_code == 302


def lived(patient: User, zone: str, *days: date) -> None:
    """The diary of each day, and a meal at noon UTC, recorded as they happened, on `zone`."""
    patient.time_zone = zone
    patient.save(update_fields=["time_zone"])
    for day in days:
        fill(patient, day)
        eaten = utc(day.year, day.month, day.day, 12)
        Meal.objects.filter(pk=meal(patient, eaten).pk).update(recorded_at=eaten)


def notes(client, start: str, days: int) -> tuple[str, list[str]]:
    query = f"start={start}&days={days}"
    page = client.get(f"/my-tracker/summary?{query}").content.decode()
    return html.unescape(page), client.get(f"/my-tracker/summary.json?{query}").json()[
        "time_zone_notes"
    ]


def test_days_the_clocks_went_forward_on_are_named_from_the_moment_they_did(
    patient_client, patient, frozen, django_assert_num_queries
):
    # London springs forward at 01:00 UTC on 29 March; Abidjan keeps UTC all year.
    lived(patient, "Europe/London", *(date(2026, 3, day) for day in range(27, 32)))
    frozen(utc(2026, 4, 1, 10))
    move(patient_client, patient, "Africa/Abidjan")
    page, json_notes = notes(patient_client, "2026-03-27", 5)
    note = (
        "Until 1 Apr 10:00 the patient lived by Europe/London time: what was recorded then is "
        "shown at the time their clock said until 29 Mar 01:00, and 1 hour earlier than "
        f"their clock said from 29 Mar 01:00{TAIL}"
    )
    assert json_notes == [note]
    assert note in page
    patient.refresh_from_db()
    with django_assert_num_queries(7):
        Summary.build(patient, date(2026, 3, 27), date(2026, 3, 31))


def test_days_the_clocks_went_back_on_are_not_all_said_to_be_shifted(
    patient_client, patient, frozen
):
    # London falls back at 01:00 UTC on 25 October.
    lived(patient, "Europe/London", *(date(2026, 10, day) for day in range(23, 28)))
    frozen(utc(2026, 10, 28, 10))
    move(patient_client, patient, "Africa/Abidjan")
    page, json_notes = notes(patient_client, "2026-10-23", 5)
    note = (
        "Until 28 Oct 10:00 the patient lived by Europe/London time: what was recorded then is "
        "shown 1 hour earlier than their clock said until 25 Oct 01:00, and at the time their "
        f"clock said from 25 Oct 01:00{TAIL}"
    )
    assert json_notes == [note]
    assert note in page
    assert f"shown 1 hour earlier than their clock said{TAIL}" not in page


def test_days_of_one_shift_keep_the_short_note(patient_client, patient, frozen):
    lived(patient, "Europe/London", *(date(2026, 3, day) for day in range(27, 32)))
    frozen(utc(2026, 4, 1, 10))
    move(patient_client, patient, "Africa/Abidjan")
    # All after London's clocks went forward (at 01:00 on the 29th): an hour throughout.
    page, json_notes = notes(patient_client, "2026-03-30", 2)
    assert json_notes == [
        "Until 1 Apr 10:00 the patient lived by Europe/London time: what was recorded then is "
        f"shown 1 hour earlier than their clock said{TAIL}"
    ]
    assert json_notes[0] in page
    # All before: London's clock was Abidjan's.
    page, json_notes = notes(patient_client, "2026-03-27", 2)
    assert json_notes == []
    assert "the patient lived by" not in page


def test_a_change_of_clocks_after_the_days_shown_leaves_their_note_as_it_was(
    patient_client, patient, frozen
):
    # New York went forward on 8 March, after the days shown: 5 hours on each of them.
    lived(patient, "Europe/London", date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4))
    frozen(utc(2026, 3, 10, 9))
    move(patient_client, patient, "America/New_York")
    page, json_notes = notes(patient_client, "2026-03-02", 3)
    assert json_notes == [
        "Until 10 Mar 05:00 the patient lived by Europe/London time: what was recorded then is "
        f"shown 5 hours earlier than their clock said{TAIL}"
    ]
    assert json_notes[0] in page


def test_both_clocks_going_forward_hours_apart_make_three_parts(patient_client, patient, frozen):
    # On 8 March New York went forward at 07:00 UTC, Los Angeles three hours later.
    lived(patient, "America/Los_Angeles", date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9))
    frozen(utc(2026, 3, 12, 16))
    move(patient_client, patient, "America/New_York")
    page, json_notes = notes(patient_client, "2026-03-07", 3)
    note = (
        "Until 12 Mar 12:00 the patient lived by America/Los_Angeles time: what was recorded "
        "then is shown 3 hours later than their clock said until 8 Mar 03:00, 4 hours later "
        "than their clock said from 8 Mar 03:00 to 8 Mar 06:00, and 3 hours later than their "
        f"clock said from 8 Mar 06:00{TAIL}"
    )
    assert json_notes == [note]
    assert note in page


@pytest.mark.parametrize(("back", "named"), [(31, True), (28, False)])
def test_a_stretch_lived_away_across_a_change_of_clocks_is_named_from_its_start(
    patient_client, patient, frozen, back, named
):
    """Away from London from the 27th: the stretch lived away is named, its shift in two
    parts, when it went on past London's clocks going forward; not when it ended before."""
    lived(patient, "Europe/London", date(2026, 3, 26))
    frozen(utc(2026, 3, 27, 12))
    move(patient_client, patient, "Africa/Abidjan")
    lived(patient, "Africa/Abidjan", date(2026, 3, 27), date(2026, 3, 28))
    frozen(utc(2026, 3, back, 12))
    move(patient_client, patient, "Europe/London")
    frozen(utc(2026, 4, 2, 12))
    page, json_notes = notes(patient_client, "2026-03-26", 5)
    if not named:
        assert json_notes == []
        assert "the patient lived by" not in page
        return
    note = (
        "From 27 Mar 12:00 to 31 Mar 13:00 the patient lived by Africa/Abidjan time: what was "
        "recorded then is shown at the time their clock said until 29 Mar 02:00, and 1 hour "
        f"later than their clock said from 29 Mar 02:00{TAIL}"
    )
    assert json_notes == [note]
    assert note in page

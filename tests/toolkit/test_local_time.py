"""Local wall times on the nights the clocks change (Europe/London 2026, unless named)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from toolkit.forms import skipped_message
from toolkit.lib.local_time import (
    TimeNotOnDay,
    fold_choices,
    happens_twice,
    instant_at,
    skipped_around,
)

LONDON = ZoneInfo("Europe/London")
SPRING = date(2026, 3, 29)  # 01:00 to 01:59 never happen
AUTUMN = date(2026, 10, 25)  # 01:00 to 01:59 happen twice: first BST (UTC+1), then GMT


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("wall", "twice"),
    [(time(0, 59), False), (time(1, 0), True), (time(1, 30), True), (time(2, 0), False)],
)
def test_which_times_happen_twice_on_the_autumn_night(wall, twice):
    assert happens_twice(AUTUMN, wall, LONDON) is twice


def test_a_time_the_spring_night_skips_does_not_happen_twice():
    assert not happens_twice(SPRING, time(1, 30), LONDON)


def test_the_two_readings_are_named_by_their_zone_abbreviation():
    local = datetime.combine(AUTUMN, time(1, 30), tzinfo=LONDON)
    assert fold_choices(local) == [
        (0, "The first time round (BST)"),
        (1, "The second time round (GMT)"),
    ]


def test_a_repeated_time_means_its_first_occurrence_unless_asked_otherwise():
    assert instant_at(AUTUMN, time(1, 30), LONDON) == utc(2026, 10, 25, 0, 30)
    assert instant_at(AUTUMN, time(1, 30), LONDON, fold=1) == utc(2026, 10, 25, 1, 30)


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(TimeNotOnDay):
        instant_at(SPRING, time(1, 30), LONDON)


@pytest.mark.parametrize(
    ("zone", "day", "wall", "skipped"),
    [
        ("Europe/London", date(2026, 3, 29), time(1, 30), (time(1), time(2))),
        ("America/New_York", date(2026, 3, 8), time(2, 15), (time(2), time(3))),
        ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 10), (time(2), time(2, 30))),
        ("America/Havana", date(2026, 3, 8), time(0, 30), (time(0), time(1))),
    ],
)
def test_the_times_the_clocks_skip_are_named_from_the_zone(zone, day, wall, skipped):
    assert skipped_around(day, wall, ZoneInfo(zone)) == skipped


@pytest.mark.parametrize(
    ("zone", "day", "wall", "message"),
    [
        (
            "America/Havana",
            date(2026, 3, 8),
            time(0, 30),
            "There is no 00:30 on Sunday 8 March 2026: the clocks go forward from 00:00 to "
            "01:00. Enter a time of 01:00 or later.",
        ),
        (
            "Pacific/Apia",
            date(2011, 12, 30),
            time(9),
            "There is no 09:00 on Friday 30 December 2011: the clocks skipped that whole day. "
            "Enter another date.",
        ),
    ],
)
def test_a_skipped_time_is_refused_with_what_to_enter_instead(zone, day, wall, message):
    assert skipped_message(day, wall, ZoneInfo(zone)) == message

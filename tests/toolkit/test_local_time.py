"""Local wall times on the two nights a year the clocks change (Europe/London, 2026)."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from toolkit.lib.local_time import TimeNotOnDay, fold_choices, happens_twice, instant_at

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

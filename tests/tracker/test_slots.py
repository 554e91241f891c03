from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from tracker import slots

LONDON = ZoneInfo("Europe/London")
SPRING = date(2026, 3, 29)
AUTUMN = date(2026, 10, 25)


def run_bounds(day, start, end, zone, *, start_fold=0, end_fold=0):
    """UTC [from, to) of a run "from `start` to `end`" typed on the diary page of `day`."""
    return (
        slots.run_start(day, start, zone, start_fold),
        slots.run_end(day, start, end, zone, end_fold),
    )


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "count"),
    [(date(2026, 1, 15), 48), (date(2026, 7, 1), 48), (SPRING, 46), (AUTUMN, 50)],
)
def test_a_london_day_has_the_right_number_of_slots(day, count):
    assert len(slots.day_slots(day, LONDON)) == count


@pytest.mark.parametrize("day", [date(2026, 1, 15), SPRING, AUTUMN, date(2026, 7, 1)])
def test_slots_are_half_an_hour_apart_and_fill_the_day(day):
    day_slots = slots.day_slots(day, LONDON)
    start, end = slots.day_bounds(day, LONDON)
    assert day_slots[0].start == start
    assert day_slots[-1].end == end
    for earlier, later in pairwise(day_slots):
        assert later.start - earlier.start == timedelta(minutes=30)
    assert all(slot.local_start.minute in (0, 30) for slot in day_slots)
    assert all(slot.local_start.date() == day for slot in day_slots)


def test_the_spring_forward_day_skips_the_hour_from_one_to_two():
    labels = [slot.label for slot in slots.day_slots(SPRING, LONDON)]
    assert labels[:4] == ["00:00", "00:30", "02:00", "02:30"]
    assert "01:00" not in labels


def test_the_fall_back_day_names_the_repeated_hour_by_its_zone():
    labels = [slot.label for slot in slots.day_slots(AUTUMN, LONDON)]
    assert labels[:8] == [
        "00:00",
        "00:30",
        "01:00 (BST)",
        "01:30 (BST)",
        "01:00 (GMT)",
        "01:30 (GMT)",
        "02:00",
        "02:30",
    ]
    assert len(set(labels)) == 50
    assert slots.repeats_times(AUTUMN, LONDON)
    assert not slots.repeats_times(SPRING, LONDON)


def test_a_zone_with_a_quarter_hour_offset_aligns_slots_to_local_time():
    kathmandu = ZoneInfo("Asia/Kathmandu")
    day_slots = slots.day_slots(date(2026, 5, 1), kathmandu)
    assert len(day_slots) == 48
    assert day_slots[0].start == utc(2026, 4, 30, 18, 15)
    assert day_slots[1].label == "00:30"


def test_the_slot_of_an_instant_is_the_half_hour_it_falls_in():
    assert slots.slot_start(utc(2026, 7, 1, 6, 44, 59), LONDON) == utc(2026, 7, 1, 6, 30)
    assert slots.slot_start(utc(2026, 7, 1, 6, 30), LONDON) == utc(2026, 7, 1, 6, 30)
    assert slots.slot_start(utc(2026, 5, 1, 3, 10), ZoneInfo("Asia/Kathmandu")) == utc(
        2026, 5, 1, 2, 45
    )


def test_the_repeated_hour_gives_two_different_slots():
    first = slots.slot_start(utc(2026, 10, 25, 0, 10), LONDON)  # 01:10 BST
    second = slots.slot_start(utc(2026, 10, 25, 1, 10), LONDON)  # 01:10 GMT
    assert first == utc(2026, 10, 25, 0, 0)
    assert second == utc(2026, 10, 25, 1, 0)


def test_only_aligned_instants_are_slot_starts():
    assert slots.is_slot_start(utc(2026, 7, 1, 6, 30), LONDON)
    assert not slots.is_slot_start(utc(2026, 7, 1, 6, 15), LONDON)
    assert not slots.is_slot_start(utc(2026, 7, 1, 6, 30, 1), LONDON)


def test_a_run_within_the_day():
    begin, end = run_bounds(date(2026, 7, 1), time(7), time(9, 30), LONDON)
    assert (begin, end) == (utc(2026, 7, 1, 6), utc(2026, 7, 1, 8, 30))
    assert len(slots.slots_between(begin, end)) == 5


def test_a_run_that_ends_at_or_before_its_start_crosses_midnight_into_the_next_day():
    begin, end = run_bounds(date(2026, 7, 1), time(22, 30), time(7), LONDON)
    assert begin == utc(2026, 7, 1, 21, 30)
    assert end == utc(2026, 7, 2, 6)
    starts = slots.slots_between(begin, end)
    assert len(starts) == 17
    days = {slots.local_day(s, LONDON) for s in starts}
    assert days == {date(2026, 7, 1), date(2026, 7, 2)}


def test_a_run_to_midnight_ends_with_the_day():
    begin, end = run_bounds(date(2026, 7, 1), time(21), time(0), LONDON)
    assert end == slots.day_bounds(date(2026, 7, 1), LONDON)[1]
    assert len(slots.slots_between(begin, end)) == 6


def test_a_night_run_across_the_spring_forward_night_is_one_hour_shorter():
    begin, end = run_bounds(date(2026, 3, 28), time(22, 30), time(7), LONDON)
    assert len(slots.slots_between(begin, end)) == 15


def test_a_night_run_across_the_fall_back_night_is_one_hour_longer():
    begin, end = run_bounds(date(2026, 10, 24), time(22, 30), time(7), LONDON)
    assert len(slots.slots_between(begin, end)) == 19


@pytest.mark.parametrize(
    ("start", "start_fold", "end", "end_fold", "count"),
    [
        (time(1), 0, time(1, 30), 1, 3),  # 01:00 BST to 01:30 GMT
        (time(1, 30), 0, time(1, 30), 1, 2),  # 01:30 BST to 01:30 GMT
        (time(1, 30), 0, time(1), 1, 1),  # 01:30 BST to 01:00 GMT: the clock reads earlier
        (time(0, 30), 0, time(1), 1, 3),
        (time(1, 30), 1, time(2), 0, 1),
    ],
)
def test_each_end_of_a_run_says_which_pass_through_the_repeated_hour_it_means(
    start, start_fold, end, end_fold, count
):
    begin, finish = run_bounds(AUTUMN, start, end, LONDON, start_fold=start_fold, end_fold=end_fold)
    assert len(slots.slots_between(begin, finish)) == count
    assert slots.local_day(finish, LONDON) == AUTUMN


def test_a_run_within_the_repeated_hour_may_come_out_backwards_for_the_form_to_refuse():
    begin, finish = run_bounds(AUTUMN, time(1, 30), time(1, 30), LONDON, start_fold=1, end_fold=0)
    assert finish < begin


@pytest.mark.parametrize(
    ("day", "start", "end", "ends_on"),
    [
        (AUTUMN, time(1, 30), time(1), AUTUMN),
        (AUTUMN, time(1, 30), time(0, 30), AUTUMN + timedelta(days=1)),
        (AUTUMN, time(2), time(1, 30), AUTUMN + timedelta(days=1)),
        (AUTUMN, time(0), time(0), AUTUMN + timedelta(days=1)),
        (date(2026, 7, 1), time(1, 30), time(1, 30), date(2026, 7, 2)),
        (date(2026, 10, 24), time(22, 30), time(1, 30), AUTUMN),
    ],
)
def test_a_run_ends_the_next_day_only_when_its_times_say_so(day, start, end, ends_on):
    assert slots.run_end_day(day, start, end, LONDON) == ends_on


def test_a_patient_who_changes_zone_sees_the_same_slots_on_other_local_days():
    # 06:00 UTC is 07:00 in London and 02:00 in New York: one recorded slot, two readings.
    instant = utc(2026, 7, 1, 6)
    new_york = ZoneInfo("America/New_York")
    assert slots.local_day(instant, LONDON) == date(2026, 7, 1)
    assert instant in [s.start for s in slots.day_slots(date(2026, 7, 1), new_york)]
    late = utc(2026, 7, 1, 2)  # 03:00 in London, still 30 June in New York
    assert slots.local_day(late, new_york) == date(2026, 6, 30)
    assert slots.day_bounds(date(2026, 7, 1), new_york)[0] == utc(2026, 7, 1, 4)


@pytest.mark.parametrize(
    ("zone", "day", "change"),
    [
        ("Europe/London", date(2026, 3, 29), (True, "01:00", "02:00")),
        ("Europe/London", date(2026, 10, 25), (False, "01:00", "02:00")),
        ("America/New_York", date(2026, 3, 8), (True, "02:00", "03:00")),
        ("Pacific/Auckland", date(2026, 4, 5), (False, "02:00", "03:00")),
        # Half an hour on Lord Howe Island; midnight itself in Havana.
        ("Australia/Lord_Howe", date(2026, 10, 4), (True, "02:00", "02:30")),
        ("Australia/Lord_Howe", date(2026, 4, 5), (False, "01:30", "02:00")),
        ("America/Havana", date(2026, 3, 8), (True, "00:00", "01:00")),
        ("Europe/London", date(2026, 7, 1), None),
    ],
)
def test_the_clock_change_of_a_day_is_the_zones_own(zone, day, change):
    found = slots.clock_change(slots.day_slots(day, ZoneInfo(zone)))
    assert (found and (found.forward, found.start, found.end)) == change

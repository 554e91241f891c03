"""Occurrences in the patient's zone across the March and October clock changes (London 2025)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from notes.models import Reminder
from notes.schedule import occurrences, times_due

LONDON = ZoneInfo("Europe/London")


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def daily(*times, **fields):
    return Reminder(kind=Reminder.CUSTOM, times=list(times), **fields)


def test_eight_oclock_stays_eight_oclock_local_across_the_march_change():
    found = occurrences(daily("08:00"), LONDON, utc(2025, 3, 29), utc(2025, 4, 1))
    assert [o.astimezone(LONDON).strftime("%d %H:%M %Z") for o in found] == [
        "29 08:00 GMT",
        "30 08:00 BST",
        "31 08:00 BST",
    ]
    assert found[1] == utc(2025, 3, 30, 7)


def test_eight_oclock_stays_eight_oclock_local_across_the_october_change():
    found = occurrences(daily("08:00"), LONDON, utc(2025, 10, 25), utc(2025, 10, 28))
    assert found == [utc(2025, 10, 25, 7), utc(2025, 10, 26, 8), utc(2025, 10, 27, 8)]


def test_a_time_skipped_by_the_clocks_going_forward_is_read_with_the_offset_before_them():
    # 01:30 does not exist on 30 March 2025: the clocks jump from 01:00 GMT to 02:00 BST.
    # 01:30 GMT is 02:30 BST, where a calendar app puts it (RFC 5545) and the tracker the dose.
    found = occurrences(daily("01:30"), LONDON, utc(2025, 3, 30), utc(2025, 3, 31))
    assert found == [utc(2025, 3, 30, 1, 30)]
    assert found[0].astimezone(LONDON).strftime("%H:%M %Z") == "02:30 BST"


def test_a_time_that_happens_twice_when_the_clocks_go_back_is_sent_once():
    found = occurrences(daily("01:30"), LONDON, utc(2025, 10, 26), utc(2025, 10, 27))
    assert found == [utc(2025, 10, 26, 0, 30)]  # 01:30 BST, the first of the two


def test_two_times_in_the_same_gap_keep_their_distance():
    found = occurrences(daily("01:15", "01:45"), LONDON, utc(2025, 3, 30), utc(2025, 3, 31))
    assert found == [utc(2025, 3, 30, 1, 15), utc(2025, 3, 30, 1, 45)]


def test_a_time_skipped_by_the_clocks_going_forward_is_still_named_by_its_own_time():
    # Sent at 02:30 BST, it is still the 01:30 reminder; 02:30 itself falls due then too.
    reminder = daily("01:30", "02:30", "08:00")
    half_past_two = utc(2025, 3, 30, 1, 30)
    assert [f"{t:%H:%M}" for t in times_due(reminder, LONDON, half_past_two)] == ["01:30", "02:30"]
    assert times_due(reminder, LONDON, utc(2025, 3, 30, 1)) == []  # 02:00 BST
    assert [f"{t:%H:%M}" for t in times_due(reminder, LONDON, utc(2025, 3, 30, 7))] == ["08:00"]
    assert times_due(reminder, LONDON, utc(2025, 3, 30, 6)) == []


def test_a_day_has_no_occurrences_outside_the_chosen_weekdays_and_dates():
    reminder = daily(
        "09:00", weekdays=[0, 2], starts_on=date(2025, 6, 3), ends_on=date(2025, 6, 11)
    )
    found = occurrences(reminder, LONDON, utc(2025, 6, 1), utc(2025, 6, 20))
    # Mondays and Wednesdays from Tuesday 3rd to Wednesday 11th June.
    assert [o.day for o in found] == [4, 9, 11]


def test_a_zone_far_from_utc_keeps_its_local_days():
    tokyo = ZoneInfo("Asia/Tokyo")
    reminder = daily("07:00", weekdays=[0])  # Mondays in Tokyo
    found = occurrences(reminder, tokyo, utc(2025, 6, 1), utc(2025, 6, 10))
    assert found == [utc(2025, 6, 1, 22), utc(2025, 6, 8, 22)]  # Sunday evenings in UTC


def test_a_one_off_reminder_falls_due_once():
    reminder = Reminder(kind=Reminder.CUSTOM, at=utc(2025, 6, 1, 12))
    assert occurrences(reminder, LONDON, utc(2025, 6, 1), utc(2025, 6, 2)) == [utc(2025, 6, 1, 12)]
    assert occurrences(reminder, LONDON, utc(2025, 6, 2), utc(2025, 6, 3)) == []

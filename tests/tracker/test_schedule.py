from datetime import date, time
from zoneinfo import ZoneInfo

from tests.tracker.make import utc
from toolkit.lib.local_time import scheduled_instant
from tracker.models import Dose, Medication
from tracker.schedule import day_schedule, describe_lateness, match

LONDON = ZoneInfo("Europe/London")


def med(*times, **kw):
    return Medication(name="Co-careldopa", schedule=list(times), **kw)


def test_a_dose_is_matched_to_the_nearest_scheduled_time():
    m = med("07:00", "11:00")
    assert match(m, utc(2026, 1, 10, 8, 30), LONDON) == utc(2026, 1, 10, 7)
    assert match(m, utc(2026, 1, 10, 9, 30), LONDON) == utc(2026, 1, 10, 11)


def test_a_dose_exactly_between_two_times_goes_to_the_earlier():
    assert match(med("07:00", "09:00"), utc(2026, 1, 10, 8), LONDON) == utc(2026, 1, 10, 7)


def test_a_dose_more_than_two_hours_from_any_time_is_unscheduled():
    assert match(med("07:00"), utc(2026, 1, 10, 9, 1), LONDON) is None
    assert match(med("07:00"), utc(2026, 1, 10, 9, 0), LONDON) == utc(2026, 1, 10, 7)


def test_a_bedtime_dose_taken_after_midnight_is_for_the_evening_before():
    assert match(med("23:30"), utc(2026, 1, 11, 0, 15), LONDON) == utc(2026, 1, 10, 23, 30)
    # Still the nearest time first.
    assert match(med("00:30", "23:30"), utc(2026, 1, 11, 0, 15), LONDON) == utc(2026, 1, 11, 0, 30)


def test_an_extra_dose_does_not_take_the_time_of_the_dose_taken_on_it():
    medication = med("07:00", "11:00")
    taken = {utc(2026, 1, 10, 7)}
    assert match(medication, utc(2026, 1, 10, 8, 30), LONDON, taken) is None
    assert match(medication, utc(2026, 1, 10, 9, 30), LONDON, taken) == utc(2026, 1, 10, 11)


def test_matching_uses_the_local_day_in_summer():
    # 23:30 UTC on 30 June is 00:30 BST on 1 July: matched to 1 July's 00:15.
    assert match(med("00:15"), utc(2026, 6, 30, 23, 30), LONDON) == utc(2026, 6, 30, 23, 15)


def test_lateness_across_the_spring_forward_change_counts_real_minutes():
    # 29 March 2026: 01:00 GMT becomes 02:00 BST. Taken 00:55 GMT, scheduled 03:00 BST
    # (02:00 UTC): the clock says 2 h 5 min early, but only 65 minutes passed.
    scheduled = match(med("03:00"), utc(2026, 3, 29, 0, 55), LONDON)
    assert scheduled == utc(2026, 3, 29, 2)
    taken = Dose(taken_at=utc(2026, 3, 29, 0, 55), scheduled_for=scheduled)
    assert taken.minutes_late == -65


def test_a_scheduled_time_the_clocks_skip_falls_an_hour_later():
    assert scheduled_instant(date(2026, 3, 29), time(1, 30), LONDON) == utc(2026, 3, 29, 1, 30)


def test_a_scheduled_time_that_happens_twice_means_the_first_one():
    # 25 October 2026: 01:30 happens at 00:30 UTC (BST) and again at 01:30 UTC (GMT).
    assert scheduled_instant(date(2026, 10, 25), time(1, 30), LONDON) == utc(2026, 10, 25, 0, 30)
    assert match(med("01:30"), utc(2026, 10, 25, 1, 40), LONDON) == utc(2026, 10, 25, 0, 30)


def test_on_the_fall_back_day_a_morning_dose_is_an_hour_later_in_utc():
    assert match(med("07:00"), utc(2026, 10, 25, 7, 5), LONDON) == utc(2026, 10, 25, 7)
    assert match(med("07:00"), utc(2026, 10, 24, 6, 5), LONDON) == utc(2026, 10, 24, 6)


def test_the_day_schedule_leaves_out_times_after_the_medication_was_stopped():
    stopped = med("07:00", "19:00", stopped_at=utc(2026, 1, 10, 12))
    running = med("09:00")
    assert [s.at for s in day_schedule([stopped, running], date(2026, 1, 10), LONDON)] == [
        utc(2026, 1, 10, 7),
        utc(2026, 1, 10, 9),
    ]


def test_lateness_is_said_in_words():
    assert describe_lateness(5) == "5 minutes late"
    assert describe_lateness(-1) == "1 minute early"
    assert describe_lateness(0) == "on time"
    assert describe_lateness(None) == ""


def test_lateness_of_an_hour_or_more_is_said_in_hours_and_minutes():
    assert describe_lateness(60) == "1 hour late"
    assert describe_lateness(690) == "11 hours 30 minutes late"
    assert describe_lateness(-61) == "1 hour 1 minute early"

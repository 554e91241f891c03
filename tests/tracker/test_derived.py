from zoneinfo import ZoneInfo

from tests.tracker.make import utc
from tracker.derived import describe, episode_timings, hours_and_minutes
from tracker.models import Dose, Medication, SymptomEpisode

LONDON = ZoneInfo("Europe/London")


def episode(started_at):
    return SymptomEpisode(started_at=started_at)


def doses(*instants):
    return [Dose(taken_at=instant) for instant in instants]


def timing(start, taken, schedule=("07:00", "11:00", "15:00", "19:00"), zone=LONDON):
    ep = episode(start)
    meds = [Medication(name="Co-careldopa", schedule=list(schedule))]
    return episode_timings([ep], doses(*taken), meds, zone)[ep.id]


def test_an_afternoon_episode_counts_from_the_last_dose_to_the_next_scheduled():
    t = timing(utc(2026, 1, 10, 13, 30), [utc(2026, 1, 10, 7, 5), utc(2026, 1, 10, 11, 10)])
    assert t.minutes_since_last_dose == 140
    assert t.minutes_to_next_dose == 90
    assert t.before_first_dose is False


def test_an_early_morning_episode_began_before_the_first_dose():
    t = timing(utc(2026, 1, 10, 5, 45), [utc(2026, 1, 9, 19, 0), utc(2026, 1, 10, 7, 0)])
    assert t.minutes_since_last_dose == 10 * 60 + 45
    assert t.minutes_to_next_dose == 75
    assert t.before_first_dose is True


def test_a_late_evening_episode_looks_to_the_next_mornings_dose():
    t = timing(utc(2026, 1, 10, 22, 0), [utc(2026, 1, 10, 19, 0)])
    assert t.minutes_to_next_dose == 9 * 60


def test_no_dose_that_day_leaves_before_first_dose_unknown():
    t = timing(utc(2026, 1, 10, 5, 45), [])
    assert t.minutes_since_last_dose is None
    assert t.before_first_dose is None
    assert describe(t, {1: "Co-careldopa"})["before_first_dose"] == "No dose recorded that day"


def test_on_the_spring_forward_night_the_skipped_hour_is_not_counted():
    # Dose 00:30 GMT; episode 03:30 BST (02:30 UTC): two hours, not three, by the clock.
    t = timing(utc(2026, 3, 29, 2, 30), [utc(2026, 3, 29, 0, 30)], schedule=("07:00",))
    assert t.minutes_since_last_dose == 120
    assert t.minutes_to_next_dose == 210  # 07:00 BST is 06:00 UTC
    assert t.before_first_dose is False


def test_on_the_fall_back_night_the_repeated_hour_is_counted_twice():
    # Dose 00:30 BST (23:30 UTC the day before); episode 03:30 GMT: four hours.
    t = timing(utc(2026, 10, 25, 3, 30), [utc(2026, 10, 24, 23, 30)], schedule=("07:00",))
    assert t.minutes_since_last_dose == 240
    assert t.minutes_to_next_dose == 210  # 07:00 GMT
    assert t.before_first_dose is False


def test_the_first_dose_of_the_day_is_found_in_the_patients_zone():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London: 1 July's first dose.
    t = timing(utc(2026, 6, 30, 23, 45), [utc(2026, 6, 30, 23, 30)])
    assert t.before_first_dose is False
    new_york = timing(
        utc(2026, 6, 30, 23, 45), [utc(2026, 6, 30, 23, 30)], zone=ZoneInfo("America/New_York")
    )
    assert new_york.before_first_dose is False


def test_durations_are_said_in_hours_and_minutes():
    assert hours_and_minutes(135) == "2 h 15 min"
    assert hours_and_minutes(40) == "40 min"


def test_a_time_already_taken_early_is_not_the_next_dose():
    # The 11:00 dose taken at 10:00: an episode at 10:30 comes 30 minutes after a dose and
    # waits for the 15:00 one, not "30 minutes to the next dose".
    ep = episode(utc(2026, 1, 10, 10, 30))
    med = Medication(id=1, name="Co-careldopa", schedule=["07:00", "11:00", "15:00"])
    taken = [
        Dose(medication=med, taken_at=utc(2026, 1, 10, 7), scheduled_for=utc(2026, 1, 10, 7)),
        Dose(medication=med, taken_at=utc(2026, 1, 10, 10), scheduled_for=utc(2026, 1, 10, 11)),
    ]
    t = episode_timings([ep], taken, [med], LONDON)[ep.id]
    assert describe(t, {1: "Co-careldopa"})["since_last_dose"] == "30 min (Co-careldopa)"
    assert describe(t, {1: "Co-careldopa"})["to_next_dose"] == "4 h 30 min"


def test_a_time_taken_for_after_the_episode_or_for_another_medication_is_still_next():
    ep = episode(utc(2026, 1, 10, 10, 30))
    first = Medication(id=1, name="Co-careldopa", schedule=["11:00"])
    second = Medication(id=2, name="Ropinirole", schedule=["11:00", "15:00"])
    taken = [
        # The 11:00 Co-careldopa taken early, but the 11:00 Ropinirole not until 10:45.
        Dose(medication=first, taken_at=utc(2026, 1, 10, 10), scheduled_for=utc(2026, 1, 10, 11)),
        Dose(
            medication=second, taken_at=utc(2026, 1, 10, 10, 45), scheduled_for=utc(2026, 1, 10, 11)
        ),
    ]
    t = episode_timings([ep], taken, [first, second], LONDON)[ep.id]
    assert t.minutes_to_next_dose == 30


def test_a_day_whose_only_dose_was_last_nights_says_so_rather_than_no_dose():
    """Monday's 23:00 dose taken at 00:30 on Tuesday is drawn on Tuesday, but it is not
    Tuesday's first dose: an episode at 05:00 is not known to be before or after it."""
    med = Medication(id=1, name="Co-careldopa", schedule=["07:00", "23:00"])
    bedtime = Dose(
        medication=med, taken_at=utc(2026, 1, 6, 0, 30), scheduled_for=utc(2026, 1, 5, 23)
    )
    ep = episode(utc(2026, 1, 6, 5))
    t = episode_timings([ep], [bedtime], [med], LONDON)[ep.id]
    assert t.before_first_dose is None
    assert describe(t, {1: "Co-careldopa"})["before_first_dose"] == (
        "No dose for that day recorded: the dose taken that day was for the day before"
    )
    # Taken with Tuesday's own 07:00 dose, the day has a first dose again.
    morning = Dose(medication=med, taken_at=utc(2026, 1, 6, 7), scheduled_for=utc(2026, 1, 6, 7))
    t = episode_timings([ep], [bedtime, morning], [med], LONDON)[ep.id]
    assert describe(t, {1: "Co-careldopa"})["before_first_dose"] == "Yes"


def test_doses_taken_on_a_day_for_other_days_are_counted_in_words():
    med = Medication(id=1, name="Co-careldopa", schedule=["00:30", "23:00"])
    ep = episode(utc(2026, 1, 6, 12))
    late = Dose(medication=med, taken_at=utc(2026, 1, 6, 0, 10), scheduled_for=utc(2026, 1, 5, 23))
    early = Dose(
        medication=med, taken_at=utc(2026, 1, 6, 23, 50), scheduled_for=utc(2026, 1, 7, 0, 30)
    )
    t = episode_timings([ep], [late, early], [med], LONDON)[ep.id]
    assert describe(t, {1: "Co-careldopa"})["before_first_dose"] == (
        "No dose for that day recorded: the 2 doses taken that day were for other days"
    )
    t = episode_timings([ep], [early], [med], LONDON)[ep.id]
    assert describe(t, {1: "Co-careldopa"})["before_first_dose"] == (
        "No dose for that day recorded: the dose taken that day was for the day after"
    )

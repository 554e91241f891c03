"""Patterns on the summary: each counted out of what could have shown it."""

from datetime import date

from tests.tracker.make import dose, medication, utc
from tracker import diary
from tracker.models import DiaryEntry
from tracker.patterns import find_patterns
from tracker.summary import Summary

DAY = date(2026, 3, 2)  # London is on GMT: its times are UTC's


def troublesome(patterns):
    [pattern] = [p for p in patterns if p.code == "troublesome_after_dose"]
    return pattern.count, pattern.of, pattern.text


def next_morning(patient):
    return list(DiaryEntry.objects.filter(patient=patient, slot_start__gte=utc(2026, 3, 3)))


def test_troublesome_dyskinesia_is_counted_out_of_the_doses_with_the_diary_filled_in_after_them(
    patient,
):
    med = medication(patient)  # 07:00, 11:00, 15:00 and 19:00
    for hour in (7, 11, 15, 19):
        dose(patient, med, utc(2026, 3, 2, hour), utc(2026, 3, 2, hour))
    # The diary filled in only for the 2 hours after the 07:00 dose.
    diary.set_run(patient, utc(2026, 3, 2, 7), utc(2026, 3, 2, 9), "on_troublesome", patient)
    assert troublesome(Summary.build(patient, DAY, DAY).patterns) == (
        1,
        1,
        "Troublesome dyskinesia within 2 hours after 1 of 1 dose time with the diary filled in "
        "after it.",
    )
    diary.set_run(patient, utc(2026, 3, 2, 11), utc(2026, 3, 2, 12), "on", patient)
    assert troublesome(Summary.build(patient, DAY, DAY).patterns) == (
        1,
        2,
        "Troublesome dyskinesia within 2 hours after 1 of 2 dose times with the diary filled in "
        "after them.",
    )


def test_the_half_hour_a_dose_is_taken_in_counts_as_after_it_when_most_of_it_is(patient):
    """Troublesome dyskinesia recorded only from 07:00 to 07:30 was before a dose at 07:25,
    not after it; after one at 07:05 it was mostly after."""
    med = medication(patient, schedule=["07:00"])
    diary.set_run(patient, utc(2026, 3, 2), utc(2026, 3, 3), "on", patient)
    diary.set_run(patient, utc(2026, 3, 2, 7), utc(2026, 3, 2, 7, 30), "on_troublesome", patient)
    late = dose(patient, med, utc(2026, 3, 2, 7, 25), utc(2026, 3, 2, 7))
    assert "troublesome_after_dose" not in {
        pattern.code for pattern in Summary.build(patient, DAY, DAY).patterns
    }
    late.taken_at = utc(2026, 3, 2, 7, 5)
    late.save()
    assert troublesome(Summary.build(patient, DAY, DAY).patterns)[:2] == (1, 1)


def test_the_2_hours_after_a_dose_end_with_the_half_hour_mostly_in_them(patient):
    med = medication(patient, schedule=["07:00"])
    diary.set_run(patient, utc(2026, 3, 2), utc(2026, 3, 3), "on", patient)
    # 09:00 to 09:30 is mostly within 2 hours of 07:25, not of 07:05.
    diary.set_run(patient, utc(2026, 3, 2, 9), utc(2026, 3, 2, 9, 30), "on_troublesome", patient)
    taken = dose(patient, med, utc(2026, 3, 2, 7, 25), utc(2026, 3, 2, 7))
    assert troublesome(Summary.build(patient, DAY, DAY).patterns)[:2] == (1, 1)
    taken.taken_at = utc(2026, 3, 2, 7, 5)
    taken.save()
    assert "troublesome_after_dose" not in {
        pattern.code for pattern in Summary.build(patient, DAY, DAY).patterns
    }


def test_medicines_taken_together_count_as_one_dose_time(patient):
    levodopa = medication(patient, schedule=["07:00", "11:00"])
    entacapone = medication(patient, name="Entacapone", schedule=["07:00", "11:00"])
    # Both at 07:00, tapped a minute apart; both at 11:00 together.
    dose(patient, levodopa, utc(2026, 3, 2, 7, 0, 40), utc(2026, 3, 2, 7))
    dose(patient, entacapone, utc(2026, 3, 2, 7, 1, 20), utc(2026, 3, 2, 7))
    dose(patient, levodopa, utc(2026, 3, 2, 11), utc(2026, 3, 2, 11))
    dose(patient, entacapone, utc(2026, 3, 2, 11), utc(2026, 3, 2, 11))
    diary.set_run(patient, utc(2026, 3, 2), utc(2026, 3, 3), "on", patient)
    diary.set_run(patient, utc(2026, 3, 2, 8), utc(2026, 3, 2, 8, 30), "on_troublesome", patient)
    assert troublesome(Summary.build(patient, DAY, DAY).patterns) == (
        1,
        2,
        "Troublesome dyskinesia within 2 hours after 1 of 2 dose times with the diary filled in "
        "after them (doses taken within 5 minutes of each other count as one).",
    )


def test_a_dose_late_on_the_last_day_is_judged_on_the_next_mornings_diary_or_left_out(patient):
    med = medication(patient, schedule=["07:00", "23:00"])
    dose(patient, med, utc(2026, 3, 2, 7), utc(2026, 3, 2, 7))
    dose(patient, med, utc(2026, 3, 2, 23), utc(2026, 3, 2, 23))
    diary.set_run(patient, utc(2026, 3, 2), utc(2026, 3, 3), "on", patient)
    diary.set_run(patient, utc(2026, 3, 2, 7), utc(2026, 3, 2, 8), "on_troublesome", patient)
    summary = Summary.build(patient, DAY, DAY)

    def judged(diary_after):
        return troublesome(
            find_patterns(summary.days, summary.doses, summary.episodes, summary.zone, diary_after)
        )[:2]

    # Without the diary after midnight, the 23:00 dose is left out: its hour after midnight
    # is not known to be free of dyskinesia.
    assert judged(None) == (1, 1)
    # With it, it is judged on what was recorded in its 2 hours, on either day.
    assert judged(next_morning(patient)) == (1, 2)
    diary.set_run(patient, utc(2026, 3, 3), utc(2026, 3, 3, 0, 30), "on_troublesome", patient)
    assert judged(next_morning(patient)) == (2, 2)


def test_a_dose_taken_the_evening_before_the_first_day_is_left_out(patient):
    med = medication(patient, schedule=["00:30"])
    # Taken at 23:30 for 00:30 on the first day: the summary lists it with that day's doses.
    early = dose(patient, med, utc(2026, 3, 1, 23, 30), utc(2026, 3, 2, 0, 30))
    diary.set_run(patient, utc(2026, 3, 2), utc(2026, 3, 2, 1, 30), "on_troublesome", patient)
    summary = Summary.build(patient, DAY, DAY)
    # Its first half-hour after it is the evening before, which the summary does not read.
    patterns = find_patterns(summary.days, [early], summary.episodes, summary.zone)
    assert "troublesome_after_dose" not in {pattern.code for pattern in patterns}


def test_the_summary_judges_a_dose_late_on_its_last_day_on_the_next_mornings_diary(patient):
    med = medication(patient, schedule=["23:00"])
    dose(patient, med, utc(2026, 3, 2, 23), utc(2026, 3, 2, 23))
    diary.set_run(patient, utc(2026, 3, 2, 23), utc(2026, 3, 3, 1), "on_troublesome", patient)
    assert troublesome(Summary.build(patient, DAY, DAY).patterns)[:2] == (1, 1)


def test_a_dose_whose_2_hours_are_not_over_yet_is_left_out(patient, frozen):
    """Today's dose at 19:00, with the summary made at 20:50: its last half-hour has not
    ended, so it is not judged on the three before it."""
    frozen(utc(2026, 3, 2, 20, 50))
    med = medication(patient, schedule=["19:00"])
    dose(patient, med, utc(2026, 3, 2, 19), utc(2026, 3, 2, 19))
    diary.set_run(patient, utc(2026, 3, 2, 19), utc(2026, 3, 2, 20, 30), "on_troublesome", patient)
    assert "troublesome_after_dose" not in {
        pattern.code for pattern in Summary.build(patient, DAY, DAY).patterns
    }
    frozen(utc(2026, 3, 2, 21, 5))
    assert troublesome(Summary.build(patient, DAY, DAY).patterns)[:2] == (1, 1)

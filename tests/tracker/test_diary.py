from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import make_user
from tracker import diary, slots
from tracker.models import DiaryEntry, DiaryState


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_new_answer_for_a_slot_replaces_the_old_one(patient):
    diary.set_state(patient, utc(2026, 7, 1, 6), "off", patient)
    diary.set_state(patient, utc(2026, 7, 1, 6), "on", patient)
    assert list(DiaryEntry.objects.values_list("state", flat=True)) == ["on"]


def test_a_run_sets_every_slot_in_it(patient):
    diary.set_run(patient, utc(2026, 7, 1, 21, 30), utc(2026, 7, 2, 6), "asleep", patient)
    assert DiaryEntry.objects.filter(patient=patient, state="asleep").count() == 17


def test_a_run_over_earlier_answers_replaces_only_its_own_slots(patient):
    diary.set_run(patient, utc(2026, 7, 1, 6), utc(2026, 7, 1, 10), "on", patient)
    diary.set_run(patient, utc(2026, 7, 1, 7), utc(2026, 7, 1, 8), "off", patient)
    states = list(DiaryEntry.objects.order_by("slot_start").values_list("state", flat=True))
    assert states == ["on", "on", "off", "off", "on", "on", "on", "on"]


@pytest.mark.parametrize(
    ("slot_start", "state", "code"),
    [
        (utc(2026, 7, 1, 6, 15), "on", "not_a_slot"),
        (utc(2026, 7, 1, 6), "dancing", "invalid_choice"),
        (datetime(2026, 7, 1, 6), "on", "not_a_slot"),
    ],
)
def test_bad_slots_and_states_are_refused(patient, slot_start, state, code):
    with pytest.raises(ValidationError) as raised:
        diary.set_state(patient, slot_start, state, patient)
    assert raised.value.code == code
    assert not DiaryEntry.objects.exists()


def test_a_slot_more_than_a_day_ahead_is_refused(patient):
    later = slots.slot_start(timezone.now() + timedelta(days=1, hours=1), patient.zone)
    with pytest.raises(ValidationError):
        diary.set_state(patient, later, "on", patient)


def test_a_run_with_one_bad_slot_saves_nothing(patient):
    soon = slots.slot_start(timezone.now(), patient.zone)
    with pytest.raises(ValidationError):
        diary.set_run(patient, soon, soon + timedelta(days=2), "on", patient)
    assert not DiaryEntry.objects.exists()


def test_the_day_reads_back_as_runs_with_the_gaps_named(patient):
    day = date(2026, 7, 1)
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 6), "asleep", patient)
    diary.set_run(patient, utc(2026, 7, 1, 6), utc(2026, 7, 1, 9), "on", patient)
    states = {start: entry.state for start, entry in diary.day_entries(patient, day).items()}
    day_runs = diary.runs(slots.day_slots(day, patient.zone), states)
    assert [(r.start.label, r.end_label, r.state_label) for r in day_runs] == [
        ("00:00", "07:00", "Asleep"),
        ("07:00", "10:00", "ON without dyskinesia"),
        ("10:00", "24:00", "Not recorded"),
    ]


def test_totals_follow_the_clinical_definitions():
    states = ["asleep"] * 16 + ["off"] * 8 + ["on"] * 12 + ["on_nontroublesome"] * 8
    states += ["on_troublesome"] * 4
    totals = diary.DayTotals.of(states, 48)
    assert totals.hours[DiaryState.ASLEEP] == 8
    assert totals.awake == 16
    assert totals.good_on == 10
    assert totals.good_on_percent == 62.5
    assert totals.is_valid


def test_a_fall_back_day_needs_all_fifty_slots_to_be_valid():
    assert not diary.DayTotals.of(["on"] * 48, 50).is_valid
    assert diary.DayTotals.of(["on"] * 50, 50).is_valid
    assert diary.DayTotals.of(["on"] * 50, 50).awake == 25


def test_a_day_with_nothing_awake_has_no_good_on_percentage():
    assert diary.DayTotals.of(["asleep"] * 48, 48).good_on_percent is None


def test_a_patient_who_changes_zone_keeps_their_slots_but_reads_them_on_new_days(db):
    traveller = make_user("t@example.com", "Tess", "Europe/London")
    diary.set_state(traveller, utc(2026, 7, 1, 3), "asleep", traveller)  # 04:00 in London
    traveller.time_zone = "America/New_York"
    assert diary.day_entries(traveller, date(2026, 6, 30)).keys() == {utc(2026, 7, 1, 3)}
    # A London slot at :00 is still at :00 in New York, so it can be changed there too.
    diary.set_state(traveller, utc(2026, 7, 1, 3), "off", traveller)
    assert DiaryEntry.objects.get().state == "off"

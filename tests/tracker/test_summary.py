"""The clinician summary: totals, validity, derived values, patterns, outputs and queries."""

import csv
import html
import io
import json
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from notes.models import Appointment, Question
from tests.conftest import grant_care, make_user, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker.make import dose, episode, meal, medication, utc
from tests.tracker.test_summary_links import make_link
from toolkit.records_version import records_changed
from tracker import slots
from tracker.diary import percent
from tracker.models import DiaryEntry, Dose, Meal
from tracker.summary import DataQuality, Summary

LONDON_SPRING = date(2026, 3, 29)  # 46 slots
LONDON_AUTUMN = date(2026, 10, 25)  # 50 slots


def fill(patient, day, states=None, skip=0, recorded_by=None, late=timedelta(0)):
    """Record every slot of the day (but the first `skip`); `states` maps slot index → state."""
    states = states or {}
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            slot_start=slot.start,
            state=states.get(index, "on"),
            recorded_at=slot.end + late,
            recorded_by=recorded_by or patient,
        )
        for index, slot in enumerate(slots.day_slots(day, patient.zone))
        if index >= skip
    )


def pattern_states(asleep=16, off=10, on=20, nontroublesome=2, troublesome=0):
    order = (
        ["asleep"] * asleep
        + ["off"] * off
        + ["on"] * on
        + ["on_nontroublesome"] * nontroublesome
        + ["on_troublesome"] * troublesome
    )
    return dict(enumerate(order))


def summary_json(client, start, days=3):
    response = client.get(f"/my-tracker/summary.json?start={start}&days={days}")
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("day", "expected"), [(date(2026, 3, 2), 48), (LONDON_SPRING, 46), (LONDON_AUTUMN, 50)]
)
def test_a_fully_recorded_day_is_valid_whatever_its_number_of_slots(
    patient_client, patient, day, expected
):
    fill(patient, day, {0: "asleep", 1: "off", 2: "on_troublesome"})
    data = summary_json(patient_client, day, days=1)
    (row,) = data["days"]
    assert row["slots_expected"] == expected
    assert row["slots_recorded"] == expected
    assert row["valid"] is True
    assert row["hours"]["asleep"] == 0.5
    assert row["hours"]["awake"] == (expected - 1) / 2
    assert row["hours"]["good_on"] == (expected - 3) / 2
    assert data["means"]["valid_days"] == 1


def test_daily_hours_and_good_on_percent_follow_the_definitions(patient_client, patient):
    fill(patient, date(2026, 3, 2), pattern_states())
    (row,) = summary_json(patient_client, "2026-03-02", days=1)["days"]
    assert row["hours"] == {
        "asleep": 8.0,
        "off": 5.0,
        "on": 10.0,
        "on_nontroublesome": 1.0,
        "on_troublesome": 0.0,
        "awake": 16.0,
        "good_on": 11.0,
    }
    assert row["good_on_percent"] == 68.8  # 11 / 16


def test_an_incomplete_day_is_shown_but_left_out_of_the_means(patient_client, patient):
    fill(patient, date(2026, 3, 2), pattern_states())
    fill(patient, date(2026, 3, 3), pattern_states(asleep=20, off=0, on=28, nontroublesome=0))
    fill(patient, date(2026, 3, 4), skip=5)  # 43 of 48 slots
    data = summary_json(patient_client, "2026-03-02")
    incomplete = data["days"][2]
    assert incomplete["valid"] is False
    assert incomplete["slots_recorded"] == 43
    assert incomplete["hours"]["on"] == 21.5  # what was recorded, nothing imputed
    means = data["means"]
    assert means["valid_days"] == 2
    assert means["hours"]["asleep"] == 9.0
    assert means["hours"]["on"] == 12.0
    # Total good ON over total awake: (11 + 14) / (16 + 14)
    assert means["good_on_percent"] == 83.3

    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    assert "Incomplete: 5 of 48 half-hours missing" in page
    assert "Mean of 2 complete days" in page
    # The mean row's percentage is of its own mean hours, not a mean of the days' ones.
    assert "(on the mean row, of the mean hours awake)" in page


def test_a_day_with_nothing_recorded_shows_dashes_not_zero_hours(patient_client, patient):
    fill(patient, date(2026, 3, 2))
    data = summary_json(patient_client, "2026-03-02", days=2)
    assert set(data["days"][1]["hours"].values()) == {None}
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=2").content.decode()
    blank = page.split("Incomplete: 48 of 48 half-hours missing")[1].split("</tr>")[0]
    assert "0.0" not in blank
    assert blank.count("\N{EN DASH}") == 8


def test_with_no_complete_day_there_is_no_mean(patient_client, patient):
    fill(patient, date(2026, 3, 2), skip=1)
    means = summary_json(patient_client, "2026-03-02", days=1)["means"]
    assert means == {
        "valid_days": 0,
        "hours": dict.fromkeys(
            ["asleep", "off", "on", "on_nontroublesome", "on_troublesome", "awake", "good_on"]
        ),
        "good_on_percent": None,
    }


def test_a_day_the_clocks_skipped_is_shown_and_left_out_of_the_means(patient_client, patient):
    """Samoa went from the end of 29 December 2011 to the start of the 31st."""
    patient.time_zone = "Pacific/Apia"
    patient.save()
    fill(patient, date(2011, 12, 29))
    fill(patient, date(2011, 12, 31))
    medication(patient, schedule=["07:00"])
    data = summary_json(patient_client, "2011-12-29")
    skipped = data["days"][1]
    assert (skipped["slots_expected"], skipped["valid"]) == (0, False)
    assert set(skipped["hours"].values()) == {None}
    assert data["means"]["valid_days"] == 2
    assert data["means"]["hours"]["on"] == 24.0

    page = patient_client.get("/my-tracker/summary?start=2011-12-29&days=3")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Did not happen in this time zone (the clocks skipped it), not in the mean" in text
    assert "Mean of 2 complete days" in text
    # Its timeline would be a day of nothing recorded: it says why there is none instead.
    days = Page(text).all("figure.app-summary__day")
    drawn = [len(day.findall(".//{http://www.w3.org/2000/svg}svg[@role='img']")) for day in days]
    assert drawn == [1, 0, 1]
    assert "the clocks skipped it" in "".join(days[1].itertext())
    (row,) = Summary.build(patient, date(2011, 12, 29), date(2011, 12, 31)).schedule_rows
    assert row.scheduled == [True, False, True]  # no dose was due on a day that did not happen
    response = patient_client.get("/my-tracker/summary.pdf?start=2011-12-29&days=3")
    assert response.status_code == 200
    assert "Did not happen in this time zone" in " ".join(pdf_text(response).split())


def freeze(monkeypatch, instant):
    monkeypatch.setattr("django.utils.timezone.now", lambda: instant)


def test_without_a_start_the_summary_covers_the_last_complete_days(
    patient_client, patient, monkeypatch
):
    freeze(monkeypatch, utc(2026, 3, 10, 9))
    data = summary_json(patient_client, "", days=5)
    assert (data["start"], data["end"]) == ("2026-03-05", "2026-03-09")
    data = patient_client.get("/my-tracker/summary.json").json()
    assert (data["start"], data["end"]) == ("2026-03-07", "2026-03-09")


def test_minutes_since_the_last_dose_look_back_across_midnight_and_before_the_range(
    patient_client, patient
):
    med = medication(patient, schedule=["07:00", "23:00"])
    dose(patient, med, utc(2026, 3, 1, 23, 30))  # the evening before the range
    episode(patient, utc(2026, 3, 2, 1, 0), utc(2026, 3, 2, 1, 40))
    dose(patient, med, utc(2026, 3, 2, 7, 10), utc(2026, 3, 2, 7))
    (row,) = summary_json(patient_client, "2026-03-02", days=1)["episodes"]
    assert row["minutes_since_last_dose"] == 90
    assert row["minutes_to_next_scheduled_dose"] == 360
    assert row["before_first_dose"] is True
    assert row["duration_minutes"] == 40
    assert row["started_at"] == "2026-03-02T01:00:00+00:00"


def test_derived_values_count_the_hour_the_clocks_go_back_twice(patient_client, patient):
    med = medication(patient, schedule=["07:00"])
    # 00:30 BST, then 01:30 GMT (the second 01:30 of the night): two hours apart, not one.
    dose(patient, med, utc(2026, 10, 24, 23, 30))
    episode(patient, utc(2026, 10, 25, 1, 30))
    (row,) = summary_json(patient_client, LONDON_AUTUMN, days=1)["episodes"]
    assert row["minutes_since_last_dose"] == 120
    assert row["started_at"] == "2026-10-25T01:30:00+00:00"
    assert row["minutes_to_next_scheduled_dose"] == 330  # 07:00 GMT
    assert row["before_first_dose"] is False


def test_doses_carry_their_lateness_and_late_doses_are_a_pattern(patient_client, patient):
    med = medication(patient, schedule=["07:00", "11:00"])
    dose(patient, med, utc(2026, 3, 2, 7, 40), utc(2026, 3, 2, 7))
    dose(patient, med, utc(2026, 3, 2, 10, 55), utc(2026, 3, 2, 11))
    dose(patient, med, utc(2026, 3, 2, 16, 0))  # unscheduled
    data = summary_json(patient_client, "2026-03-02", days=1)
    assert [(d["minutes_late"], d["scheduled_for"]) for d in data["doses"]] == [
        (40, "2026-03-02T07:00:00+00:00"),
        (-5, "2026-03-02T11:00:00+00:00"),
        (None, None),
    ]
    assert data["days"][0]["doses_taken"] == 3
    assert {
        "code": "late_doses",
        "text": "1 of 2 doses taken for a scheduled time were taken 30 minutes or more late.",
        "count": 1,
        "of": 2,
    } in data["patterns"]
    assert "missed_doses" not in {p["code"] for p in data["patterns"]}
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=1").content.decode()
    assert "07:40" in page
    assert "40 min late" in page
    assert "5 min early" in page


def test_scheduled_doses_not_recorded_are_a_pattern_of_their_own(patient_client, patient):
    """Lateness is judged on the doses taken; the times with no dose recorded are said apart,
    out of the times that were due, not those still to come."""
    med = medication(patient, schedule=["07:00", "11:00", "15:00"])
    dose(patient, med, utc(2026, 3, 2, 7, 40), utc(2026, 3, 2, 7))
    dose(patient, med, utc(2026, 3, 3, 11), utc(2026, 3, 3, 11))
    patterns = {
        p["code"]: p for p in summary_json(patient_client, "2026-03-02", days=2)["patterns"]
    }
    assert patterns["missed_doses"] == {
        "code": "missed_doses",
        "text": "4 of 6 scheduled doses were not recorded as taken.",
        "count": 4,
        "of": 6,
    }
    assert patterns["late_doses"]["text"] == (
        "1 of 2 doses taken for a scheduled time were taken 30 minutes or more late."
    )


def test_doses_not_recorded_on_days_with_nothing_recorded_are_said_apart(patient_client, patient):
    """Days not tracked at all are not read as doses missed without a word."""
    med = medication(patient, schedule=["07:00", "11:00", "15:00"])
    dose(patient, med, utc(2026, 3, 2, 7, 40), utc(2026, 3, 2, 7))
    patterns = {
        p["code"]: p for p in summary_json(patient_client, "2026-03-02", days=3)["patterns"]
    }
    assert patterns["missed_doses"]["text"] == (
        "8 of 9 scheduled doses were not recorded as taken, 6 of them on 2 days with no dose "
        "and no diary recorded."
    )
    assert (patterns["missed_doses"]["count"], patterns["missed_doses"]["of"]) == (8, 9)


def test_patterns_are_counted_and_only_those_seen_are_listed(patient_client, patient):
    med = medication(patient, schedule=["08:00", "14:00"])
    day = date(2026, 3, 2)
    # OFF 07:00 to 08:00 before the 08:00 dose; troublesome dyskinesia 09:00 to 09:30.
    fill(patient, day, {14: "off", 15: "off", 18: "on_troublesome"})
    dose(patient, med, utc(2026, 3, 2, 8, 0), utc(2026, 3, 2, 8))
    dose(patient, med, utc(2026, 3, 2, 14, 0), utc(2026, 3, 2, 14))
    episode(patient, utc(2026, 3, 2, 6, 0))  # before the first dose
    episode(patient, utc(2026, 3, 2, 12, 0))  # 4 h after the last dose
    episode(patient, utc(2026, 3, 2, 14, 30))
    patterns = {p["code"]: p for p in summary_json(patient_client, day, days=1)["patterns"]}
    assert set(patterns) == {
        "before_first_dose",
        "long_after_dose",
        "off_before_dose",
        "troublesome_after_dose",
    }
    assert (patterns["before_first_dose"]["count"], patterns["before_first_dose"]["of"]) == (1, 3)
    # The 06:00 episode had no dose in the day before: it could not have been long after one.
    assert patterns["long_after_dose"]["text"] == (
        "1 of 2 episodes with a dose in the day before began 3 hours or more after the last dose "
        "of any medicine."
    )
    assert (patterns["off_before_dose"]["count"], patterns["off_before_dose"]["of"]) == (1, 1)
    assert "2 half-hours" in patterns["off_before_dose"]["text"]
    assert (
        patterns["troublesome_after_dose"]["count"],
        patterns["troublesome_after_dose"]["of"],
    ) == (1, 2)


def test_patterns_count_only_the_days_and_episodes_that_could_have_shown_them(
    patient_client, patient
):
    med = medication(patient, schedule=["08:00"])
    # 2 March: the diary says OFF 07:00 to 08:00, and no dose was recorded.
    fill(patient, date(2026, 3, 2), {14: "off", 15: "off"})
    episode(patient, utc(2026, 3, 2, 6, 0))  # no dose that day, nor in the day before
    # 3 March: the diary is filled in, never OFF.
    fill(patient, date(2026, 3, 3))
    dose(patient, med, utc(2026, 3, 3, 8, 0), utc(2026, 3, 3, 8))
    episode(patient, utc(2026, 3, 3, 6, 0))  # before the first dose; no dose the day before
    episode(patient, utc(2026, 3, 3, 12, 0))  # 4 hours after the dose
    # 4 March: no diary at all.
    dose(patient, med, utc(2026, 3, 4, 8, 0), utc(2026, 3, 4, 8))
    episode(patient, utc(2026, 3, 4, 8, 30))
    patterns = {p["code"]: p for p in summary_json(patient_client, "2026-03-02")["patterns"]}
    assert {code: (p["count"], p["of"], p["text"]) for code, p in patterns.items()} == {
        "before_first_dose": (
            1,
            3,
            "1 of 3 episodes on days with a dose recorded began before the first dose of the day.",
        ),
        "long_after_dose": (
            1,
            2,
            "1 of 2 episodes with a dose in the day before began 3 hours or more after the last "
            "dose of any medicine.",
        ),
        "off_before_dose": (
            1,
            2,
            "OFF in the hour before a scheduled dose on 1 of 2 days with the diary filled in "
            "before a dose (2 half-hours in all).",
        ),
        # 2 March's 08:00.
        "missed_doses": (1, 3, "1 of 3 scheduled doses were not recorded as taken."),
    }


def test_one_day_with_the_diary_filled_in_before_a_dose_is_said_in_the_singular(
    patient_client, patient
):
    medication(patient, schedule=["08:00"])
    fill(patient, date(2026, 3, 2), {15: "off"})
    patterns = summary_json(patient_client, "2026-03-02")["patterns"]
    (pattern,) = [p for p in patterns if p["code"] == "off_before_dose"]
    assert pattern["text"] == (
        "OFF in the hour before a scheduled dose on 1 of 1 day with the diary filled in "
        "before a dose (1 half-hour in all)."
    )


def test_data_quality_counts_recalled_entries_and_entries_by_carers(patient_client, patient):
    carer = make_user("carer@example.com", "John")
    fill(patient, date(2026, 3, 2), late=timedelta(hours=3), recorded_by=carer)
    med = medication(patient)
    on_time = dose(patient, med, utc(2026, 3, 2, 7))
    on_time.recorded_at = utc(2026, 3, 2, 7, 5)
    on_time.save()
    data = summary_json(patient_client, "2026-03-02", days=1)
    assert data["data_quality"]["recalled_entries"] == 48
    assert data["data_quality"]["entries_by_carers"] == 48
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=1").content.decode()
    assert "Entries by carers: 48 (by John)" in page


def test_entries_whose_recorder_is_not_known_are_never_the_patients(patient_client, patient):
    fill(patient, date(2026, 3, 2))  # the patient's own
    med = medication(patient)
    # Recorded by someone whose account has gone, or imported with the recorder unknown.
    dose(patient, med, utc(2026, 3, 2, 7))
    episode(patient, utc(2026, 3, 2, 9))
    data = summary_json(patient_client, "2026-03-02", days=1)
    assert data["data_quality"]["entries_recorder_not_known"] == 2
    assert data["data_quality"]["entries_by_carers"] == 0
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=1").content.decode()
    assert "</strong> Recorded by the patient; recorder not known for 2 entries.</dd>" in page
    assert "<li>Entries whose recorder is not known: 2 (1 dose, 1 episode).</li>" in page


def test_without_an_entry_by_the_patient_the_source_does_not_name_them():
    unknown = DataQuality({}, {"doses": 0}, [], {"doses": 1}, 0)
    assert unknown.recorders == "recorder not known for 1 entry"
    by_carers = DataQuality({}, {"doses": 3}, ["John", "Sue"], {}, 0)
    assert by_carers.recorders == "recorded by John and Sue (carers)"
    one_carer = DataQuality({}, {"doses": 3}, ["John"], {}, 5)
    assert one_carer.recorders == "recorded by the patient and by John (carer)"
    everyone = DataQuality({}, {"doses": 3}, ["John", "Sue"], {"meals": 2}, 5)
    assert everyone.recorders == (
        "recorded by the patient and by John and Sue (carers); recorder not known for 2 entries"
    )
    assert DataQuality({}, {}, [], {}, 0).recorders == "recorded by the patient"


def test_the_json_says_who_recorded_each_dose_and_episode_and_when_as_the_csv_does(
    patient_client, patient
):
    carer = make_user("carer@example.com", "John")
    med = medication(patient)
    taken = dose(patient, med, utc(2026, 3, 2, 7), utc(2026, 3, 2, 7))
    Dose.objects.filter(pk=taken.pk).update(recorded_by=carer, recorded_at=utc(2026, 3, 2, 10))
    began = episode(
        patient, utc(2026, 3, 2, 9), recorded_by=patient, recorded_at=utc(2026, 3, 2, 9, 5)
    )
    data = summary_json(patient_client, "2026-03-02", days=1)
    ((json_dose,), (json_episode,)) = data["doses"], data["episodes"]
    assert (json_dose["recorded_at"], json_dose["recorded_by"], json_dose["recalled"]) == (
        "2026-03-02T10:00:00+00:00",
        "John",
        True,
    )
    assert (json_episode["recorded_at"], json_episode["recorded_by"], json_episode["recalled"]) == (
        "2026-03-02T09:05:00+00:00",
        "Mary",
        False,
    )
    response = patient_client.get("/my-tracker/summary.csv?start=2026-03-02&days=1")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert (rows[str(taken.id)]["recorded_by"], rows[str(taken.id)]["recalled"]) == ("John", "yes")
    assert (rows[str(began.id)]["recorded_by"], rows[str(began.id)]["recalled"]) == ("Mary", "no")


def test_the_json_has_exactly_the_documented_shape(patient_client, patient):
    med = medication(patient)
    dose(patient, med, utc(2026, 3, 2, 7), utc(2026, 3, 2, 7))
    episode(patient, utc(2026, 3, 2, 9), utc(2026, 3, 2, 9, 30), pain=4, side="left")
    data = summary_json(patient_client, "2026-03-02", days=1)
    assert set(data) == {
        "patient", "time_zone_notes", "start", "end", "days", "means", "episodes", "doses",
        "patterns", "questions", "data_quality", "medications", "schedule", "meals", "diary",
    }  # fmt: skip
    assert data["patient"] == {"name": "Mary", "time_zone": "Europe/London"}
    assert set(data["days"][0]) == {
        "date", "slots_expected", "slots_recorded", "valid", "hours", "good_on_percent",
        "episodes", "doses_taken", "status", "provenance", "diary_runs",
    }  # fmt: skip
    assert set(data["episodes"][0]) == {
        "id", "started_at", "duration_minutes", "body_sites", "side", "severity", "pain",
        "motor_state", "minutes_since_last_dose", "minutes_to_next_scheduled_dose",
        "before_first_dose", "recorded_at", "recorded_by", "recalled", "ended_at", "symptom",
        "relief", "note", "timing_words", "last_dose_medications",
    }  # fmt: skip
    assert data["episodes"][0]["pain"] == 4
    assert set(data["doses"][0]) == {
        "id", "medication", "taken_at", "scheduled_for", "minutes_late", "recorded_at",
        "recorded_by", "recalled", "medication_id", "other_dose",
    }  # fmt: skip
    assert set(data["data_quality"]) == {
        "recalled_entries", "entries_by_carers", "entries_recorder_not_known", "generated_at"
    }  # fmt: skip


def test_the_csv_has_a_row_per_record_with_local_time_and_utc(patient_client, patient):
    med = medication(patient, name="=HYPERLINK(1)")
    dose(patient, med, utc(2026, 6, 2, 7), utc(2026, 6, 2, 6))
    episode(patient, utc(2026, 6, 2, 9))
    meal(patient, utc(2026, 6, 2, 12), protein_rich=True)
    fill(patient, date(2026, 6, 2))
    response = patient_client.get("/my-tracker/summary.csv?start=2026-06-02&days=1")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(records(rows)) == 48 + 3 + 3  # and the 11:00, 15:00 and 19:00 not recorded
    (dose_row,) = [row for row in rows if row["record"] == "dose"]
    assert dose_row["local_time"] == "2026-06-02T08:00:00+01:00"
    assert dose_row["utc"] == "2026-06-02T07:00:00Z"
    assert dose_row["what"] == "'=HYPERLINK(1)"  # never a spreadsheet formula
    assert dose_row["details"] == "for 07:00, 1 hour late"


RECORD_COLUMNS = [
    "record", "id", "local_time", "utc", "local_end", "utc_end", "what", "details",
    "recorded_at_utc", "recorded_by", "recalled",
]  # fmt: skip
TOTALS_COLUMNS = [
    "asleep_hours", "off_hours", "on_hours", "on_nontroublesome_hours", "on_troublesome_hours",
    "awake_hours", "good_on_hours", "good_on_percent",
]  # fmt: skip


def summary_csv(client, start, days=3) -> list[dict[str, str]]:
    response = client.get(f"/my-tracker/summary.csv?start={start}&days={days}")
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def records(rows):
    return [row for row in rows if row["record"] not in ("day", "mean")]


def day_rows(rows):
    return [row for row in rows if row["record"] == "day"]


def page_totals(client, start, days=3) -> list[list[str]]:
    """The page's daily totals as its cells read, a row per day and the mean's last."""
    page = Page(client.get(f"/my-tracker/summary?start={start}&days={days}").content.decode())
    return [
        [list(cell)[-1].text for cell in row.findall("td")]
        for row in page.all(".app-summary__totals tbody tr")
    ]


def as_on_the_page(row) -> list[str]:
    """A CSV row's totals as the page writes them: a dash for none, a % after the percent."""
    cells = [row[column] or "\u2013" for column in TOTALS_COLUMNS]
    if row["good_on_percent"]:
        cells[-1] += "%"
    return cells


def test_the_csv_record_rows_and_columns_are_as_they_were(patient_client, patient):
    med = medication(patient)
    taken = dose(patient, med, utc(2026, 6, 2, 7), utc(2026, 6, 2, 6))
    Dose.objects.filter(pk=taken.pk).update(recorded_by=patient, recorded_at=utc(2026, 6, 2, 7, 1))
    response = patient_client.get("/my-tracker/summary.csv?start=2026-06-02&days=1")
    (header, *rows) = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[: len(RECORD_COLUMNS)] == RECORD_COLUMNS  # new columns only at the end
    (dose_row,) = [row for row in rows if row[0] == "dose"]
    assert dose_row[: len(RECORD_COLUMNS)] == [
        "dose", str(taken.id), "2026-06-02T08:00:00+01:00", "2026-06-02T07:00:00Z", "", "",
        "Co-careldopa", "for 07:00, 1 hour late", "2026-06-02T07:01:00Z", "Mary", "no",
    ]  # fmt: skip
    amount = header.index("dose_amount")
    assert set(dose_row[len(RECORD_COLUMNS) : amount]) == {""}
    assert dose_row[amount] == "1 tablet" and set(dose_row[amount + 1 :]) == {""}


def test_the_csvs_and_jsons_times_are_to_the_second_and_a_meal_is_named_as_other_records(
    patient_client, patient
):
    """A record's recorded_at carries fractions of a second; a file mixing the two forms
    sorts and reads unevenly in a spreadsheet."""
    eaten = meal(patient, utc(2026, 6, 2, 12))
    recorded = utc(2026, 6, 2, 12, 3).replace(microsecond=661040)
    Meal.objects.filter(pk=eaten.pk).update(recorded_by=patient, recorded_at=recorded)
    rows = summary_csv(patient_client, "2026-06-02")
    (meal_row,) = [row for row in rows if row["record"] == "meal"]
    assert (meal_row["what"], meal_row["recorded_at_utc"]) == ("Meal", "2026-06-02T12:03:00Z")
    document = patient_client.get("/my-tracker/summary.json?start=2026-06-02&days=1").json()
    assert ".661040" not in json.dumps(document)


def test_each_days_totals_and_their_mean_are_in_the_csv_as_on_the_page(patient_client, patient):
    fill(patient, date(2026, 3, 2), pattern_states())
    fill(patient, date(2026, 3, 3), pattern_states(asleep=20, off=0, on=28, nontroublesome=0))
    fill(patient, date(2026, 3, 4), skip=5)
    rows = summary_csv(patient_client, "2026-03-02")
    (mean,) = [row for row in rows if row["record"] == "mean"]
    days = day_rows(rows)
    assert [as_on_the_page(row) for row in [*days, mean]] == page_totals(
        patient_client, "2026-03-02"
    )
    first = days[0]
    assert (first["local_time"], first["utc"]) == ("2026-03-02", "2026-03-02T00:00:00Z")
    assert first["what"] == "Complete, in the mean"
    assert first["details"] == (
        "Asleep 8.0 h; OFF 5.0 h; ON without dyskinesia 10.0 h; "
        "ON with non-troublesome dyskinesia 1.0 h; ON with troublesome dyskinesia 0.0 h; "
        "Awake 16.0 h; Good ON 11.0 h (68.8%)"
    )
    assert (first["half_hours_expected"], first["half_hours_recorded"]) == ("48", "48")
    assert first["in_mean"] == "yes"
    assert (first["id"], first["recorded_at_utc"], first["recorded_by"], first["recalled"]) == (
        "", "", "", ""
    )  # fmt: skip


def test_an_incomplete_day_in_the_csv_says_it_is_not_in_the_mean(patient_client, patient):
    fill(patient, date(2026, 3, 2), pattern_states())
    fill(patient, date(2026, 3, 3), skip=5)
    incomplete = day_rows(summary_csv(patient_client, "2026-03-02", days=2))[1]
    assert incomplete["what"] == "Incomplete: 5 of 48 half-hours missing, not in the mean"
    assert (incomplete["half_hours_recorded"], incomplete["in_mean"]) == ("43", "no")
    assert incomplete["on_hours"] == "21.5"  # what was recorded, nothing imputed


def test_the_csv_mean_row_says_how_many_complete_days_it_covers(patient_client, patient):
    fill(patient, date(2026, 3, 2), pattern_states())
    fill(patient, date(2026, 3, 3), pattern_states(asleep=20, off=0, on=28, nontroublesome=0))
    fill(patient, date(2026, 3, 4), skip=5)
    mean = summary_csv(patient_client, "2026-03-02")[-1]
    assert mean["record"] == "mean"
    assert mean["what"] == "Mean of 2 complete days"
    assert (mean["asleep_hours"], mean["on_hours"], mean["good_on_percent"]) == (
        "9.0", "12.0", "83.3"
    )  # fmt: skip
    assert mean["details"].startswith("Asleep 9.0 h; OFF 2.5 h; ON without dyskinesia 12.0 h;")
    assert mean["details"].endswith("Good ON 12.5 h (83.3%)")


def test_a_day_with_no_good_on_has_0_percent_and_one_never_awake_none(patient_client, patient):
    fill(patient, date(2026, 3, 2), dict.fromkeys(range(48), "off"))
    fill(patient, date(2026, 3, 3), dict.fromkeys(range(48), "asleep"))
    (all_off, all_asleep) = day_rows(summary_csv(patient_client, "2026-03-02", days=2))
    assert all_off["good_on_percent"] == "0.0"
    assert all_off["details"].endswith("; Good ON 0.0 h (0.0%)")
    assert all_asleep["good_on_percent"] == ""  # the page's dash
    assert all_asleep["details"].endswith("; Awake 0.0 h; Good ON 0.0 h")


def test_with_no_complete_day_the_csv_has_no_mean_and_no_hours_for_an_empty_day(
    patient_client, patient
):
    fill(patient, date(2026, 3, 2), skip=1)
    rows = summary_csv(patient_client, "2026-03-02", days=2)
    (_, empty) = day_rows(rows)
    assert empty["what"] == "Incomplete: 48 of 48 half-hours missing, not in the mean"
    mean = rows[-1]
    assert mean["what"] == "No complete day, so no mean"
    for row in (empty, mean):
        assert row["details"] == ""
        assert {row[column] for column in TOTALS_COLUMNS} == {""}  # blank, never 0 hours


@pytest.mark.parametrize(
    ("day", "begins", "expected", "what"),
    [
        (LONDON_SPRING, "2026-03-29T00:00:00Z", "46",
         "Complete, in the mean (46 half-hours: clocks changed)"),
        (LONDON_AUTUMN, "2026-10-24T23:00:00Z", "50",
         "Complete, in the mean (50 half-hours: clocks changed)"),
        (date(2026, 3, 2), "2026-03-02T00:00:00Z", "48", "Complete, in the mean"),
    ],
)  # fmt: skip
def test_the_csv_counts_a_clock_change_days_half_hours_as_the_page_does(
    patient_client, patient, day, begins, expected, what
):
    fill(patient, day)
    (row,) = day_rows(summary_csv(patient_client, day, days=1))
    assert (row["utc"], row["half_hours_expected"], row["half_hours_recorded"]) == (
        begins, expected, expected
    )  # fmt: skip
    assert row["what"] == what
    assert row["on_hours"] == row["good_on_hours"] == str(int(expected) / 2)
    page = patient_client.get(f"/my-tracker/summary?start={day}&days=1").content.decode()
    if expected != "48":
        assert f"({expected} half-hours: clocks changed)" in page


def test_an_incomplete_clock_change_day_in_the_csv_counts_its_own_half_hours(
    patient_client, patient
):
    fill(patient, LONDON_AUTUMN, skip=2)
    (row,) = day_rows(summary_csv(patient_client, LONDON_AUTUMN, days=1))
    assert row["what"] == (
        "Incomplete: 2 of 50 half-hours missing, not in the mean (50 half-hours: clocks changed)"
    )


def test_a_day_the_clocks_skipped_is_in_the_csv_in_the_pages_words(patient_client, patient):
    patient.time_zone = "Pacific/Apia"
    patient.save()
    fill(patient, date(2011, 12, 29))
    fill(patient, date(2011, 12, 31))
    rows = summary_csv(patient_client, "2011-12-29")
    days = day_rows(rows)
    assert [row["local_time"] for row in days] == ["2011-12-29", "2011-12-30", "2011-12-31"]
    skipped = days[1]
    assert skipped["what"] == (
        "Did not happen in this time zone (the clocks skipped it), not in the mean"
    )
    assert (skipped["half_hours_expected"], skipped["in_mean"], skipped["details"]) == (
        "0", "no", ""
    )  # fmt: skip
    assert rows[-1]["what"] == "Mean of 2 complete days"


def test_a_day_not_over_is_in_the_csv_as_not_over(patient_client, frozen):
    frozen(utc(2026, 3, 4, 12))
    today = day_rows(summary_csv(patient_client, "2026-03-02"))[2]
    assert today["what"] == "Not over when this was made, not in the mean"


def test_in_the_csv_a_days_row_comes_before_its_records_and_the_mean_after_them_all(
    patient_client, patient
):
    med = medication(patient)
    dose(patient, med, utc(2026, 3, 2, 0), utc(2026, 3, 2, 0))  # the day's first instant
    fill(patient, date(2026, 3, 2), skip=47)  # its last half-hour only
    meal(patient, utc(2026, 3, 3, 0))
    rows = summary_csv(patient_client, "2026-03-02", days=2)
    missed = [("scheduled_dose", day) for day in ("2026-03-02", "2026-03-03") for _ in range(4)]
    assert (
        [(row["record"], row["local_time"][:10]) for row in rows]
        == [
            ("day", "2026-03-02"),
            ("dose", "2026-03-02"),
            *missed[:4],  # 07:00, 11:00, 15:00 and 19:00, not recorded
            ("diary", "2026-03-02"),
            ("day", "2026-03-03"),
            ("meal", "2026-03-03"),
            *missed[4:],
            ("mean", ""),
        ]
    )


@pytest.mark.parametrize("output", ["", ".pdf", ".csv", ".json"])
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("days=0", "Enter a number of days from 1 to 14."),
        ("days=15", "Enter a number of days from 1 to 14."),
        ("days=abc", "Enter a whole number"),
        ("start=2026-13-01", "Enter a valid date"),
        ("start=2999-12-31", "today or earlier"),
    ],
)
def test_bad_query_parameters_give_the_form_with_a_message(patient_client, output, query, message):
    response = patient_client.get(f"/my-tracker/summary{output}?{query}")
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "nhsuk-error-summary" in content


@pytest.mark.parametrize("output", ["", ".pdf", ".csv", ".json"])
@pytest.mark.parametrize(
    ("query", "latest"),
    [("start=2026-03-04&days=3", "2 March 2026"), ("start=2026-02-27&days=14", "19 February 2026")],
)
def test_a_range_running_past_today_is_refused_with_its_latest_first_day(
    patient_client, patient, frozen, output, query, latest
):
    # Noon on 4 March in London; already 5 March in Auckland.
    frozen(utc(2026, 3, 4, 12))
    response = patient_client.get(f"/my-tracker/summary{output}?{query}")
    assert response.status_code == 400
    content = html.unescape(response.content.decode())
    days = query.rsplit("=", 1)[1]
    assert (
        f"The last day must be today or earlier. For {days} days, the latest first day is {latest}."
    ) in content
    assert "nhsuk-error-summary" in content
    # Ending today is allowed, in the patient's own day.
    assert (
        patient_client.get(f"/my-tracker/summary{output}?start=2026-03-02&days=3").status_code
        == 200
    )
    patient.time_zone = "Pacific/Auckland"
    patient.save(update_fields=["time_zone"])
    assert (
        patient_client.get(f"/my-tracker/summary{output}?start=2026-03-03&days=3").status_code
        == 200
    )
    assert (
        patient_client.get(f"/my-tracker/summary{output}?start=2026-03-04&days=3").status_code
        == 400
    )


def test_the_summary_offers_the_days_before_the_next_appointment(
    patient_client, client, patient, carer, monkeypatch
):
    freeze(monkeypatch, utc(2026, 3, 20, 9))
    Appointment.objects.create(patient=patient, starts_at=utc(2026, 3, 20, 10), role="neurologist")
    page = patient_client.get("/my-tracker/summary").content.decode()
    assert "/my-tracker/summary?start=2026-03-15&amp;days=5" in page
    assert "Neurologist, 20 March 2026" in page
    assert patient_client.get("/my-tracker/summary?start=2026-03-15&days=5").status_code == 200
    # To a carer, in the carer's words.
    grant_care(patient, carer, tracker="view", notes="view")
    carers = Client()
    sign_in_as_carer(carers, carer, patient)
    page = html.unescape(carers.get("/my-tracker/summary").content.decode())
    assert "The 5 days before Mary's next appointment" in page


@pytest.mark.parametrize(
    ("today", "days", "words"),
    [
        (16, 1, "The first of the 5 days before your next appointment"),
        (18, 3, "The first 3 of the 5 days before your next appointment"),
        (20, 5, "The 5 days before your next appointment"),
    ],
)
def test_the_days_before_an_appointment_are_offered_as_far_as_they_are_over(
    patient_client, patient, monkeypatch, today, days, words
):
    """A summary cannot run past today: until the days before are all over, only those over,
    as the appointment's own page links them."""
    freeze(monkeypatch, utc(2026, 3, today, 9))
    Appointment.objects.create(patient=patient, starts_at=utc(2026, 3, 20, 10), role="neurologist")
    page = html.unescape(patient_client.get("/my-tracker/summary").content.decode())
    assert f"/my-tracker/summary?start=2026-03-15&days={days}" in page
    assert words in page
    assert (
        patient_client.get(f"/my-tracker/summary?start=2026-03-15&days={days}").status_code == 200
    )


@pytest.mark.parametrize("today", [10, 15])
def test_the_days_before_an_appointment_are_offered_once_the_first_is_over(
    patient_client, patient, monkeypatch, today
):
    # Until the 16th the days before 20 March (from the 15th) are still to come or not over:
    # the link would only say "The first day must be today or earlier".
    freeze(monkeypatch, utc(2026, 3, today, 9))
    Appointment.objects.create(patient=patient, starts_at=utc(2026, 3, 20, 10), role="neurologist")
    page = patient_client.get("/my-tracker/summary").content.decode()
    assert "start=2026-03-15" not in page
    assert "before your next appointment" not in page


CRAMPS = {"page_path": "managing-symptoms/cramps-and-spasms", "page_title": "Cramps and spasms"}


def test_the_patients_own_questions_are_apart_from_what_they_prepared_for_a_pages_questions(
    patient_client, patient
):
    Question.objects.create(patient=patient, text="Should I take my evening dose earlier?")
    # From a page's "They may ask about": the specialist's question, reworded by the patient,
    # with what they prepared to say.
    Question.objects.create(
        patient=patient,
        text="When do the cramps happen?",
        page_text="When does it happen?",
        answer="Mostly in the early morning,\nbefore my first dose.",
        **CRAMPS,
    )
    # Not answered yet: the specialist's own question, with nothing of the patient's in it.
    Question.objects.create(
        patient=patient, text="Does anything help it?", page_text="Does anything help it?", **CRAMPS
    )
    html_page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    page = Page(html_page)

    own = page.text("section[aria-labelledby=summary-questions]")
    assert own == "The patient's questions Should I take my evening dose earlier?"
    prepared = page.text("section[aria-labelledby=summary-prepared]")
    assert prepared.startswith("What the patient prepared to tell you")
    assert "When do the cramps happen? (from the page “Cramps and spasms”)" in prepared
    assert (
        '<span class="app-summary__note">Their answer:</span> Mostly in the early morning,<br>'
        "before my first dose."
    ) in html_page
    assert "Does anything help it?" not in html_page
    text = pdf_text(patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=3"))
    assert "Does anything help it?" not in text
    assert (
        text.index("The patient's questions")
        < text.index("evening dose earlier")
        < text.index("What the patient prepared to tell you")
        < text.index("When do the cramps happen?")
    )
    assert summary_json(patient_client, "2026-03-02")["questions"] == [
        {
            "text": "Should I take my evening dose earlier?",
            "answer": "",
            "from_page": "",
            "for_appointment": "",
            "source": "patient",
            "by_carer": "",
        },
        {
            "text": "When do the cramps happen?",
            "answer": "Mostly in the early morning,\nbefore my first dose.",
            "from_page": "Cramps and spasms",
            "for_appointment": "",
            "source": "page",
            "by_carer": "",
        },
    ]


def test_a_question_on_more_than_one_line_keeps_its_lines(patient_client, patient):
    Question.objects.create(patient=patient, text="Where is it?\n\u2013 Both feet, or one?")
    html_page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    assert "<li>Where is it?<br>\u2013 Both feet, or one?</li>" in html_page


def test_with_only_answers_to_a_pages_questions_the_patient_has_no_questions_listed(
    patient_client, patient
):
    Question.objects.create(
        patient=patient, text="When does it happen?", answer="At night.", **CRAMPS
    )
    page = Page(patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode())
    assert page.text("section[aria-labelledby=summary-questions]") == (
        "The patient's questions No questions listed."
    )
    assert "When does it happen?" in page.text("section[aria-labelledby=summary-prepared]")


def pdf_text(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


@pytest.mark.parametrize("notes", ["view", "edit"])
def test_a_carer_who_may_see_the_notes_sees_the_questions_on_the_summary(
    client, patient, carer, notes
):
    Question.objects.create(patient=patient, text="Should I take my evening dose earlier?")
    grant_care(patient, carer, tracker="view", notes=notes)
    sign_in_as_carer(client, carer, patient)
    page = client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    assert "Should I take my evening dose earlier?" in page


def test_a_carer_without_the_notes_sees_no_questions_or_appointment_on_the_summary(
    client, patient, carer, monkeypatch
):
    freeze(monkeypatch, utc(2026, 3, 10, 9))
    Question.objects.create(patient=patient, text="Should I take my evening dose earlier?")
    Appointment.objects.create(
        patient=patient, starts_at=utc(2026, 3, 20, 10), role="neurologist", with_name="Dr Shah"
    )
    # The patient's own view first: a kept summary with the questions must not be reused.
    patient_view = Client()
    patient_view.force_login(patient)
    assert "evening dose" in patient_view.get("/my-tracker/summary").content.decode()
    assert "evening dose" in pdf_text(patient_view.get("/my-tracker/summary.pdf"))
    grant_care(patient, carer, tracker="view", notes="none")
    sign_in_as_carer(client, carer, patient)

    page = client.get("/my-tracker/summary").content.decode()
    pdf = pdf_text(client.get("/my-tracker/summary.pdf"))

    for shown in (page, pdf):
        assert "evening dose" not in shown
        assert "The patient's questions" not in shown
        assert "Dr Shah" not in shown
    assert "days before your next appointment" not in page
    assert "Daily totals (hours)" in page  # the tracker's part is all there
    assert "questions" not in client.get("/my-tracker/summary.json").json()


def dense_days(patient, first, count):
    med = medication(patient)
    for n in range(count):
        day = first + timedelta(days=n)
        fill(patient, day)
        for hour in (7, 11, 15, 19):
            dose(patient, med, utc(day.year, day.month, day.day, hour, 10))
        episode(
            patient, utc(day.year, day.month, day.day, 9), utc(day.year, day.month, day.day, 10)
        )
        meal(patient, utc(day.year, day.month, day.day, 12))


def queries_for_summary(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/my-tracker/summary?start=2026-01-05&days=3").status_code == 200
    return len(captured)


def test_the_summary_takes_as_many_queries_with_300_days_of_records_as_with_3(
    patient_client, patient, django_assert_num_queries
):
    dense_days(patient, date(2026, 1, 5), 3)
    few = queries_for_summary(patient_client)
    dense_days(patient, date(2025, 1, 1), 297)
    records_changed(patient.pk)  # as the views that record them do
    assert queries_for_summary(patient_client) == few
    with django_assert_num_queries(7):
        Summary.build(patient, date(2026, 1, 5), date(2026, 1, 7))


def test_the_timelines_draw_the_records_the_summary_loaded(patient, django_assert_num_queries):
    """An episode begun the evening before the range is on the first timeline and the table."""
    before = episode(patient, utc(2026, 1, 4, 23, 30), utc(2026, 1, 5, 0, 30))
    inside = episode(patient, utc(2026, 1, 5, 9), utc(2026, 1, 5, 9, 20))
    med = medication(patient)
    dose(patient, med, utc(2026, 1, 4, 20))  # before the range: for derived values only
    taken = dose(patient, med, utc(2026, 1, 5, 7))
    summary = Summary.build(patient, date(2026, 1, 5), date(2026, 1, 6))
    with django_assert_num_queries(0):
        first, second = summary.timelines
        assert [row.episode.id for row in summary.episodes] == [before.id, inside.id]
        assert len(first.episodes) == 2
        assert first.episode_marks[0].x == 90  # clipped at the left edge of the axis
        assert [d.id for d in first.doses] == [taken.id]
        assert second.episodes == second.doses == []


def test_the_recalled_entries_are_counted_in_words():
    quality = DataQuality({"diary slots": 40, "doses": 1, "episodes": 0, "meals": 2}, {}, [], {}, 0)
    assert quality.recalled_words == "40 diary slots, 1 dose, 2 meals"


def test_the_daily_totals_say_which_on_the_on_column_holds(patient_client, patient):
    """Read alone, "ON" is all the time ON; the column holds ON without dyskinesia only."""
    fill(patient, date(2026, 3, 2))
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=1").content.decode()
    assert 'app-num" role="columnheader">ON without dyskinesia</th>' in page
    assert (
        '<span class="nhsuk-table__heading" aria-hidden="true">ON without dyskinesia </span>'
        "<span>24.0</span>"
    ) in page
    assert ">ON</th>" not in page


def test_the_printed_header_names_the_patient_in_a_style_nothing_can_break_out_of(
    patient_client, patient
):
    patient.display_name = 'Mary "</style><script>alert(1)</script> \\ Ann'
    patient.save()
    response = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3")
    html = response.content.decode()
    style = re.search(r'<style nonce="([^"]+)">(.*?)</style>', html, re.S)
    assert f"'nonce-{style.group(1)}'" in response["Content-Security-Policy"]
    assert "<" not in style.group(2) and "\\" + "00003c" in style.group(2)
    assert "<script>alert" not in html


def meal_recorded_at(patient, eaten_at, recorded_at):
    """A meal as recorded at `recorded_at` (the clock frozen in tests does not stamp it)."""
    Meal.objects.filter(pk=meal(patient, eaten_at).pk).update(recorded_at=recorded_at)


def test_a_change_of_time_zone_since_the_first_day_is_named_with_its_shift(
    patient_client, patient, frozen
):
    meal_recorded_at(patient, utc(2026, 3, 3, 12, 30), utc(2026, 3, 3, 12, 35))
    frozen(utc(2026, 3, 10, 9))
    patient_client.post(
        reverse("profile"), {"display_name": patient.name, "time_zone": "America/New_York"}
    )
    frozen(utc(2026, 3, 20, 9))
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    # On 2 to 4 March New York was 5 hours behind London (4 from 8 March, when its clocks
    # went forward).
    note = (
        "Until 10 Mar 05:00 the patient lived by Europe/London time: what was recorded then is "
        "shown 5 hours earlier than their clock said"
    )
    assert note in html.unescape(page)
    summary = patient_client.get("/my-tracker/summary.json?start=2026-03-02&days=3").json()
    assert summary["time_zone_notes"][0].startswith(note)
    # Days after the change were lived on the clock they are shown in.
    later = patient_client.get("/my-tracker/summary?start=2026-03-11&days=3").content.decode()
    assert "Daily totals" in later
    assert "the patient lived by" not in later


def test_after_a_move_and_back_only_the_days_lived_away_are_named(patient_client, patient, frozen):
    meal_recorded_at(patient, utc(2026, 11, 18, 12, 30), utc(2026, 11, 18, 12, 35))
    meal_recorded_at(patient, utc(2026, 11, 21, 17, 30), utc(2026, 11, 21, 17, 35))
    for day, zone in ((20, "America/New_York"), (23, "Europe/London")):
        frozen(utc(2026, 11, day, 12))
        patient_client.post(reverse("profile"), {"display_name": patient.name, "time_zone": zone})
    frozen(utc(2026, 11, 27, 12))
    page = patient_client.get("/my-tracker/summary?start=2026-11-18&days=7").content.decode()
    notes = re.findall(r"(?:Until|From) [^:]*:\d\d[^<]*lived by ([\w/]+) time", html.unescape(page))
    assert notes == ["America/New_York"]
    assert "From 20 Nov 12:00 to 23 Nov 12:00 the patient lived by America/New_York" in (
        html.unescape(page)
    )


def test_days_filled_in_after_the_time_zone_was_set_carry_no_note(patient_client, patient, frozen):
    # Signed up on the default zone, set their own at once, then filled in the week before:
    # every time was typed on the clock it is shown in.
    frozen(utc(2026, 11, 27, 14, 8))
    patient_client.post(
        reverse("profile"), {"display_name": patient.name, "time_zone": "America/Los_Angeles"}
    )
    meal_recorded_at(patient, utc(2026, 11, 24, 20, 30), utc(2026, 11, 27, 14, 20))
    page = patient_client.get("/my-tracker/summary?start=2026-11-24&days=3").content.decode()
    assert "Daily totals" in page
    assert "the patient lived by" not in page


def test_a_change_of_time_zone_with_nothing_recorded_before_it_carries_no_note(
    patient_client, patient, frozen
):
    frozen(utc(2026, 3, 10, 9))
    patient_client.post(
        reverse("profile"), {"display_name": patient.name, "time_zone": "America/New_York"}
    )
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    assert "the patient lived by" not in page


def test_a_day_not_over_is_said_to_be_so_not_missing_its_half_hours(patient_client, frozen):
    frozen(utc(2026, 3, 4, 12))
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    assert page.count("Not over when this was made, not in the mean") == 1  # the 4th
    assert page.count("Incomplete: 48 of 48 half-hours missing") == 2  # the 2nd and 3rd


def test_each_table_region_is_named_apart_from_its_section(patient_client, frozen):
    frozen(utc(2026, 3, 10, 12))
    page = Page(patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode())
    sections = {section.get("aria-labelledby") for section in page.all("section")}
    regions = page.all('[role="region"]')
    assert regions
    assert all(region.get("aria-labelledby") not in sections for region in regions)
    assert len({region.get("aria-label") for region in regions}) == len(regions)


def test_a_mean_that_ends_in_5_is_rounded_up_as_by_hand(patient_client, patient):
    # 1 and 1.5 hours OFF: a mean of 1.25, 1.3 as a clinician checking it would write, where
    # rounding to the even digit gave 1.2; and ON 11.25 as 11.3.
    fill(patient, date(2026, 3, 2), pattern_states(asleep=16, off=2, on=28, nontroublesome=2))
    fill(patient, date(2026, 3, 3), pattern_states(asleep=16, off=3, on=27, nontroublesome=2))
    page = Page(patient_client.get("/my-tracker/summary?start=2026-03-02&days=2").text)
    rows = [
        [" ".join("".join(cell.itertext()).split()) for cell in row]
        for row in page.all(".app-summary__totals tbody tr")
    ]
    (mean,) = [row for row in rows if row[0].startswith("Mean")]
    cells = [cell.split()[-1] for cell in mean[1:]]  # less each cell's name, for phones
    assert cells[:3] == ["8.0", "1.3", "13.8"]  # asleep, OFF, ON (13.75)
    csv_text = patient_client.get("/my-tracker/summary.csv?start=2026-03-02&days=2").text
    assert "OFF 1.3 h; ON without dyskinesia 13.8 h" in csv_text


def test_a_share_that_ends_in_5_is_rounded_up():
    assert percent(0.5, 40) == 1.3
    assert percent(21.5, 40) == 53.8
    assert percent(1, 3) == 33.3


def test_the_key_names_every_fill_the_timelines_use_not_recorded_too(patient_client):
    # On paper in black and white, a half-hour not recorded could pass for ON, which is white.
    response = patient_client.get(reverse("summary"), {"start": "2026-03-02", "days": "3"})
    key = [
        " ".join("".join(item.itertext()).split())
        for item in Page(response.text).all(".app-summary__key li")
    ]
    assert key == [
        "Asleep",
        "OFF",
        "ON without dyskinesia",
        "ON with non-troublesome dyskinesia",
        "ON with troublesome dyskinesia",
        "Not recorded",
        "Dose",
        "Symptom episode",
        "Meal (filled: protein-rich)",
    ]


def range_form(page: Page) -> dict[str, str | None]:
    form = page.one("form.app-summary__range")
    return {field.get("name"): field.get("value") for field in form.iter("input")}


def test_more_days_asked_of_the_summary_first_shown_are_the_days_before_today(
    patient_client, frozen
):
    # The first day was filled in with the default's: asking for 5 days then ran past today.
    frozen(utc(2026, 11, 28, 12))
    first = Page(patient_client.get(reverse("summary")).text)
    assert range_form(first) == {"start": None, "days": "3"}
    assert "Leave it empty for the days just before today." in first.text("form.app-summary__range")
    response = patient_client.get(reverse("summary"), {"start": "", "days": "5"})
    assert response.status_code == 200
    assert "Monday 23 November 2026 to Friday 27 November 2026 (5 days)" in Page(
        response.text
    ).text("main")


def test_a_first_day_chosen_stays_in_the_range_form(patient_client, frozen):
    frozen(utc(2026, 11, 28, 12))
    page = Page(patient_client.get(reverse("summary"), {"start": "2026-11-02", "days": "4"}).text)
    assert range_form(page) == {"start": "2026-11-02", "days": "4"}


def test_the_patient_is_led_to_each_day_whose_diary_is_not_complete(patient_client, patient):
    fill(patient, date(2026, 3, 2))
    fill(patient, date(2026, 3, 3), skip=5)
    page = Page(patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").text)
    links = {
        " ".join("".join(link.itertext()).split()): link.get("href")
        for link in page.all(".app-summary__controls a")
    }
    assert links["Fill in the diary for Tuesday 3 March"] == "/my-tracker/diary/2026-03-03"
    assert links["Fill in the diary for Wednesday 4 March"] == "/my-tracker/diary/2026-03-04"
    assert "Fill in the diary for Monday 2 March" not in links
    # Not for the clinician: the link they are sent carries none of it.
    raw, _ = make_link(patient)
    shared = Client().get(f"/s/{raw}").text
    assert "Fill in the diary" not in shared
    assert "Days to complete" not in shared


def test_an_episode_is_recalled_by_when_it_ended_as_a_half_hour_is(patient_client, patient):
    """Written down five minutes after a three-hour episode ended is not recalled; two hours
    and more after it ended is, and one still going on counts from its start."""
    entered_at_once = episode(patient, utc(2026, 3, 2, 16), utc(2026, 3, 2, 19))
    entered_late = episode(patient, utc(2026, 3, 2, 9), utc(2026, 3, 2, 10))
    going_on = episode(patient, utc(2026, 3, 2, 20))
    for record, recorded_at in (
        (entered_at_once, utc(2026, 3, 2, 19, 5)),
        (entered_late, utc(2026, 3, 2, 12, 5)),
        (going_on, utc(2026, 3, 2, 22, 5)),
    ):
        record.recorded_at = recorded_at
        record.save()
    data = summary_json(patient_client, "2026-03-02", days=1)
    assert [e["recalled"] for e in data["episodes"]] == [True, False, True]
    assert data["data_quality"]["recalled_entries"] == 2
    rows = summary_csv(patient_client, "2026-03-02", days=1)
    assert [r["recalled"] for r in rows if r["record"] == "episode"] == ["yes", "no", "yes"]


def test_a_mean_that_ends_in_five_rounds_up_alike_on_the_page_and_in_the_files(
    patient_client, patient
):
    # Half an hour OFF on 7 of 10 days: 0.35 hours a day, and troublesome dyskinesia on 3:
    # 0.15. In binary both fall just below the tie, and rounded down to 0.3 and 0.1.
    for n in range(10):
        states = {0: "off"} if n < 7 else {}
        if n < 3:
            states[1] = "on_troublesome"
        fill(patient, date(2026, 6, 1) + timedelta(days=n), states)
    means = summary_json(patient_client, "2026-06-01", days=10)["means"]["hours"]
    assert (means["off"], means["on_troublesome"]) == (0.4, 0.2)
    rows = summary_csv(patient_client, "2026-06-01", 10)
    mean_row = next(row for row in rows if row["record"] == "mean")
    assert (mean_row["off_hours"], mean_row["on_troublesome_hours"]) == ("0.4", "0.2")
    page = Page(patient_client.get("/my-tracker/summary?start=2026-06-01&days=10").content.decode())
    cells = ["".join(cell.itertext()).strip() for cell in page.all(".app-summary__mean td")]
    assert (cells[1], cells[4]) == ("OFF 0.4", "ON with troublesome dyskinesia 0.2")


def test_an_episode_begun_the_evening_before_is_listed_but_not_counted_in_the_patterns(patient):
    """Its day, and so whether it came before that day's first dose, is outside the summary:
    counted, the patterns' totals would disagree with the days' own counts."""
    med = medication(patient)
    dose(patient, med, utc(2026, 1, 4, 8))
    episode(patient, utc(2026, 1, 4, 23, 30), utc(2026, 1, 5, 0, 30))
    dose(patient, med, utc(2026, 1, 5, 8))
    episode(patient, utc(2026, 1, 5, 7), utc(2026, 1, 5, 7, 20))  # before the first dose
    summary = Summary.build(patient, date(2026, 1, 5), date(2026, 1, 6))
    assert len(summary.episodes) == 2
    first = next(p for p in summary.patterns if p.code == "before_first_dose")
    assert (first.count, first.of) == (1, 1)
    after = next(p for p in summary.patterns if p.code == "long_after_dose")
    assert after.of == 1


def test_a_question_a_carer_wrote_is_named_as_theirs(patient_client, patient, carer):
    """As every record a carer made is: the clinician can tell whose question it is."""
    carer.display_name = "Margaret Walker"
    carer.save()
    Question.objects.create(patient=patient, text="Is her memory worse?", recorded_by=carer)
    Question.objects.create(patient=patient, text="Can I still drive?", recorded_by=patient)
    html_page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    assert (
        '<li>Is her memory worse? <span class="app-summary__note">by Margaret Walker</span></li>'
    ) in html_page
    assert "<li>Can I still drive?</li>" in html_page
    questions = summary_json(patient_client, "2026-03-02")["questions"]
    assert [q["by_carer"] for q in questions] == ["Margaret Walker", ""]

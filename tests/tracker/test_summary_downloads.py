"""The summary's downloads: saved as files named for their days, and carrying what the page
shows, in its words and numbers."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.tracker.make import dose, episode, meal, medication, utc
from tests.tracker.test_summary import dense_days, fill, summary_csv, summary_json
from tests.tracker.test_summary_schedule import (
    bedtime_doses_taken_after_midnight,
    medication_list,
    words,
)
from tests.tracker.test_summary_tables import recorded
from toolkit.records_version import records_changed
from tracker.models import DiaryEntry, Meal, Medication
from tracker.summary import Summary
from tracker.summary_formats import as_csv, as_json
from tracker.summary_tables import schedule_rows

DAY = date(2026, 8, 3)  # a Monday, London on summer time (UTC+1)


@pytest.mark.parametrize("extension", ["pdf", "csv", "json"])
def test_each_download_is_saved_as_a_file_named_for_its_days(patient_client, extension):
    response = patient_client.get(f"/my-tracker/summary.{extension}?start=2026-03-02&days=3")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="summary-2026-03-02-to-2026-03-04.{extension}"'
    )


def page_cells(summary: Summary) -> list[list[str]]:
    """The page's table of dose timing, a row of cells' words per scheduled time."""
    return [
        [words(cell) for cell in re.findall(r'<td class="nhsuk-table__cell">(.*?)</td>', row)]
        for row in schedule_rows(summary, paper=True).split("\n")
    ]


def a_week_of_changes(patient, frozen):
    """Three days to Wed 5 August, made at 08:00 that Wednesday: Rasagiline at 07:00 on the
    Monday, then at 09:00; Co-careldopa at 08:00 and 14:00, its Monday's 08:00 taken as an
    extra dose (filed against no time), its 14:00 dose taken 5 minutes late."""
    frozen(utc(2026, 8, 5, 7))
    rasagiline = medication(
        patient,
        name="Rasagiline",
        schedule=["09:00"],
        earlier_schedules=[{"schedule": ["07:00"], "until": "2026-08-03T23:00:00+00:00"}],
    )
    on_monday = dose(patient, rasagiline, utc(2026, 8, 3, 6, 5), utc(2026, 8, 3, 6))
    co_careldopa = medication(patient, schedule=["08:00", "14:00"])
    extra = dose(patient, co_careldopa, utc(2026, 8, 3, 7, 5))
    late = dose(patient, co_careldopa, utc(2026, 8, 3, 13, 5), utc(2026, 8, 3, 13))
    for taken in (on_monday, extra, late):
        recorded(taken, patient, timedelta(minutes=1))
    return Summary.build(patient, DAY, DAY + timedelta(days=2))


def test_the_json_has_the_table_of_dose_timing_in_the_pages_words(patient_client, patient, frozen):
    summary = a_week_of_changes(patient, frozen)
    table = summary_json(patient_client, DAY)["schedule"]
    assert [(row["time"], row["medication"]) for row in table] == [
        ("07:00", "Rasagiline"),
        ("08:00", "Co-careldopa"),
        ("09:00", "Rasagiline"),
        ("14:00", "Co-careldopa"),
    ]
    assert [[cell["text"] for cell in row["days"]] for row in table] == page_cells(summary)
    assert [[cell["status"] for cell in row["days"]] for row in table] == [
        ["taken", "not_scheduled", "not_scheduled"],
        ["taken", "not_recorded", "not_recorded"],
        ["not_scheduled", "not_recorded", "not_yet_due"],
        ["taken", "not_recorded", "not_yet_due"],
    ]
    seven, eight, nine, two = table
    assert seven["days"][0] == {
        "date": "2026-08-03",
        "scheduled_at": "2026-08-03T07:00:00+01:00",
        "status": "taken",
        "text": "07:05 (5 min late)",
        "dose_id": seven["days"][0]["dose_id"],
        "taken_at": "2026-08-03T07:05:00+01:00",
        "minutes_late": 5,
        "note": "",
    }
    # A dose shown in a cell it was not filed against says why, as the page does.
    assert (eight["days"][0]["text"], eight["days"][0]["note"]) == (
        "08:05 (recorded as an extra dose)",
        "recorded as an extra dose",
    )
    assert nine["days"][0]["scheduled_at"] is None  # that day's schedule had no 09:00
    assert nine["days"][2] == {
        "date": "2026-08-05",
        "scheduled_at": "2026-08-05T09:00:00+01:00",
        "status": "not_yet_due",
        "text": "Not yet due",
        "dose_id": None,
        "taken_at": None,
        "minutes_late": None,
        "note": "",
    }
    doses = {d["id"]: d for d in summary_json(patient_client, DAY)["doses"]}
    assert doses[two["days"][0]["dose_id"]]["taken_at"] == "2026-08-03T14:05:00+01:00"
    assert {row["medication_id"] for row in table} == {d["medication_id"] for d in doses.values()}


def test_the_json_lists_the_medications_with_the_times_of_the_days_as_the_page_does(
    patient_client, patient
):
    Medication.objects.create(
        patient=patient,
        name="Co-careldopa",
        dose="1 tablet of 25 mg / 100 mg",
        schedule=["06:00", "18:00"],
        earlier_schedules=[{"schedule": ["07:00", "11:00"], "until": "2026-03-03T14:00:00+00:00"}],
    )
    stopped = medication(
        patient, name="Ropinirole", schedule=[], as_needed=True, stopped_at=utc(2026, 3, 3, 12)
    )
    listed = summary_json(patient_client, "2026-03-02")["medications"]
    assert listed == [
        {
            "id": listed[0]["id"],
            "name": "Co-careldopa",
            "dose": "1 tablet of 25 mg / 100 mg",
            "times": "07:00, 11:00, then 06:00, 18:00 from Tue 3 Mar 14:00",
            "as_needed": False,
            "stopped_at": None,
            "doses": [{"dose": "1 tablet of 25 mg / 100 mg", "from": None}],
        },
        {
            "id": str(stopped.id),
            "name": "Ropinirole",
            "dose": "1 tablet",
            "times": "",
            "as_needed": True,
            "stopped_at": "2026-03-03T12:00:00+00:00",
            "doses": [{"dose": "1 tablet", "from": None}],
        },
    ]
    page = medication_list(patient_client, "2026-03-02", 3)
    assert page[0] == f"Co-careldopa, 1 tablet of 25 mg / 100 mg: {listed[0]['times']}"
    assert page[1] == "Ropinirole, 1 tablet: as needed (stopped 3 Mar 2026)"


def test_the_json_marks_the_doses_the_page_lists_as_other_doses(patient_client, patient):
    bedtime_doses_taken_after_midnight(patient, (2, 3, 4))
    as_needed = medication(patient, name="Madopar dispersible", schedule=[], as_needed=True)
    dose(patient, as_needed, utc(2026, 3, 4, 16))
    data = summary_json(patient_client, "2026-03-03")
    other = [(d["medication"], d["taken_at"]) for d in data["doses"] if d["other_dose"]]
    assert other == [
        ("Co-careldopa", "2026-03-03T00:30:00+00:00"),  # for 22:00 the day before the days
        ("Madopar dispersible", "2026-03-04T16:00:00+00:00"),
    ]
    assert sum(not d["other_dose"] for d in data["doses"]) == 2  # those in the table's cells
    assert {d["medication_id"] for d in data["doses"]} == {m["id"] for m in data["medications"]}


def test_the_json_gives_an_episodes_end_symptom_what_helped_note_and_timing_in_words(
    patient_client, patient
):
    med = medication(patient, schedule=["07:00", "23:00"])
    # Monday's bedtime dose taken after midnight: Tuesday has no dose of its own.
    dose(patient, med, utc(2026, 3, 3, 0, 30), utc(2026, 3, 2, 23))
    episode(
        patient,
        utc(2026, 3, 3, 5),
        utc(2026, 3, 3, 5, 40),
        relief=["stretching", "warmth"],
        note="Woke with it",
    )
    (row,) = summary_json(patient_client, "2026-03-03", days=1)["episodes"]
    assert {key: row[key] for key in ("ended_at", "symptom", "relief", "note")} == {
        "ended_at": "2026-03-03T05:40:00+00:00",
        "symptom": "dystonia",
        "relief": ["stretching", "warmth"],
        "note": "Woke with it",
    }
    assert row["before_first_dose"] is None
    assert row["timing_words"] == {
        "since_last_dose": "4 h 30 min (Co-careldopa)",
        "to_next_dose": "2 h 0 min",
        "before_first_dose": (
            "No dose for that day recorded: the dose taken that day was for the day before"
        ),
    }
    page = patient_client.get("/my-tracker/summary?start=2026-03-03&days=1").content.decode()
    # The table names the medicine most doses were of once, above it, not on each row.
    said = [*row["timing_words"].values(), "4 h 30 min"]
    said += ["\u201cSince last dose\u201d counts from a dose of any medicine: of Co-careldopa"]
    said.remove("4 h 30 min (Co-careldopa)")
    assert [each for each in said if each not in words(page)] == []
    assert "4 h 30 min<br>" not in page


def test_the_json_has_the_meals_and_the_diary_by_half_hour_and_by_run(patient_client, patient):
    carer = make_user("carer@example.com", "John")
    eaten = meal(patient, utc(2026, 3, 2, 12, 30), protein_rich=True)
    Meal.objects.filter(pk=eaten.pk).update(recorded_by=carer, recorded_at=utc(2026, 3, 2, 18))
    # Asleep to 07:00, OFF to 08:00, then ON; the last 4 half-hours not recorded.
    fill(patient, date(2026, 3, 2), {**dict.fromkeys(range(14), "asleep"), 14: "off", 15: "off"})
    DiaryEntry.objects.filter(slot_start__gte=utc(2026, 3, 2, 22)).delete()
    data = summary_json(patient_client, "2026-03-02", days=1)
    assert data["meals"] == [
        {
            "id": str(eaten.id),
            "eaten_at": "2026-03-02T12:30:00+00:00",
            "protein_rich": True,
            "recorded_at": "2026-03-02T18:00:00+00:00",
            "recorded_by": "John",
            "recalled": True,
        }
    ]
    assert len(data["diary"]) == 44
    assert data["diary"][14] == {
        "slot_start": "2026-03-02T07:00:00+00:00",
        "state": "off",
        "recorded_at": "2026-03-02T07:30:00+00:00",
        "recorded_by": "Mary",
        "recalled": False,
    }
    (day,) = data["days"]
    assert day["diary_runs"] == [
        {
            "start": "2026-03-02T00:00:00+00:00",
            "end": "2026-03-02T07:00:00+00:00",
            "state": "asleep",
            "half_hours": 14,
        },
        {
            "start": "2026-03-02T07:00:00+00:00",
            "end": "2026-03-02T08:00:00+00:00",
            "state": "off",
            "half_hours": 2,
        },
        {
            "start": "2026-03-02T08:00:00+00:00",
            "end": "2026-03-02T22:00:00+00:00",
            "state": "on",
            "half_hours": 28,
        },
        {
            "start": "2026-03-02T22:00:00+00:00",
            "end": "2026-03-03T00:00:00+00:00",
            "state": None,
            "half_hours": 4,
        },
    ]
    # The daily totals' and the day's caption's words.
    assert day["status"] == "Incomplete: 4 of 48 half-hours missing, not in the mean"
    assert day["provenance"] == "Recalled later: meal 12:30. Recorded by John: meal 12:30."
    page = patient_client.get("/my-tracker/summary?start=2026-03-02&days=1").content.decode()
    assert day["status"] in page and day["provenance"] in words(page)


def test_the_json_diary_runs_follow_the_fall_back_day(patient_client, patient):
    fill(patient, date(2026, 10, 25))
    (day,) = summary_json(patient_client, "2026-10-25", days=1)["days"]
    assert day["diary_runs"] == [
        {
            "start": "2026-10-25T00:00:00+01:00",
            "end": "2026-10-26T00:00:00+00:00",
            "state": "on",
            "half_hours": 50,
        }
    ]
    assert day["status"] == "Complete, in the mean (50 half-hours: clocks changed)"


def test_a_csv_dose_says_which_time_it_was_for_as_the_pages_other_doses_do(patient_client, patient):
    bedtime_doses_taken_after_midnight(patient, (2, 3, 4))
    rows = summary_csv(patient_client, "2026-03-03")
    assert [row["details"] for row in rows if row["record"] == "dose"] == [
        "for 22:00 the day before, 2 hours 30 minutes late",
    ] * 3
    page = patient_client.get("/my-tracker/summary?start=2026-03-03&days=3").content.decode()
    assert "Other doses: Co-careldopa Tue 3 Mar 00:30 (for 22:00 the day before, 2 hours" in (
        words(page)
    )


def test_a_csv_dose_shown_for_a_time_it_was_not_filed_against_says_so(
    patient_client, patient, frozen
):
    a_week_of_changes(patient, frozen)
    doses = {row["local_time"]: row["details"] for row in summary_csv(patient_client, DAY)}
    assert doses["2026-08-03T07:05:00+01:00"] == "for 07:00, 5 minutes late"
    assert doses["2026-08-03T08:05:00+01:00"] == "shown for 08:00: recorded as an extra dose"
    assert doses["2026-08-03T14:05:00+01:00"] == "for 14:00, 5 minutes late"


def test_the_csv_has_a_row_for_each_scheduled_dose_the_page_shows_as_not_recorded(
    patient_client, patient, frozen
):
    summary = a_week_of_changes(patient, frozen)
    rows = summary_csv(patient_client, DAY)
    missed = [row for row in rows if row["record"] == "scheduled_dose"]
    # Not the 07:00 of the days after the schedule changed, nor Wednesday's times still to come.
    assert [(row["local_time"], row["what"]) for row in missed] == [
        ("2026-08-04T08:00:00+01:00", "Co-careldopa"),
        ("2026-08-04T09:00:00+01:00", "Rasagiline"),
        ("2026-08-04T14:00:00+01:00", "Co-careldopa"),
        ("2026-08-05T08:00:00+01:00", "Co-careldopa"),
    ]
    assert len(missed) == sum(row.count("Not recorded") for row in page_cells(summary))
    assert missed[0] == {
        **dict.fromkeys(missed[0], ""),
        "record": "scheduled_dose",
        "local_time": "2026-08-04T08:00:00+01:00",
        "utc": "2026-08-04T07:00:00Z",
        "what": "Co-careldopa",
        "details": "Not recorded",
        "dose_amount": "1 tablet",
    }
    # In time order, among the records.
    kinds = [row["record"] for row in rows]
    assert kinds.index("scheduled_dose") > kinds.index("day", 1)


def test_a_csv_episode_has_its_timing_against_doses(patient_client, patient):
    med = medication(patient, schedule=["07:00", "23:00"])
    dose(patient, med, utc(2026, 3, 1, 23, 30))  # the evening before the days
    episode(patient, utc(2026, 3, 2, 1, 0), utc(2026, 3, 2, 1, 40))
    dose(patient, med, utc(2026, 3, 2, 7, 10), utc(2026, 3, 2, 7))
    dose(patient, med, utc(2026, 3, 3, 0, 30), utc(2026, 3, 2, 23))  # Monday's, after midnight
    episode(patient, utc(2026, 3, 3, 5))  # on a day with no dose of its own
    episode(patient, utc(2026, 3, 5, 5))  # no dose in the day before, none scheduled after
    Medication.objects.filter(pk=med.pk).update(stopped_at=utc(2026, 3, 3, 12))
    rows = [
        row for row in summary_csv(patient_client, "2026-03-02", 4) if row["record"] == "episode"
    ]
    assert [
        (
            row["minutes_since_last_dose"],
            row["minutes_to_next_scheduled_dose"],
            row["before_first_dose"],
        )
        for row in rows
    ] == [
        ("90", "360", "yes"),
        (
            "270",
            "120",
            "No dose for that day recorded: the dose taken that day was for the day before",
        ),
        ("", "", "No dose recorded that day"),
    ]


def test_the_csvs_new_columns_come_after_those_there_were(patient_client):
    response = patient_client.get("/my-tracker/summary.csv?start=2026-03-02&days=1")
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header[header.index("in_mean") + 1 :] == [
        "minutes_since_last_dose",
        "minutes_to_next_scheduled_dose",
        "before_first_dose",
        "dose_amount",
        "last_dose_medications",
    ]


def test_the_downloads_read_nothing_but_what_the_summary_loaded(patient, django_assert_num_queries):
    dense_days(patient, date(2026, 1, 5), 3)
    summary = Summary.build(patient, date(2026, 1, 5), date(2026, 1, 7))
    with django_assert_num_queries(0):
        as_json(summary)
        as_csv(summary)


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_each_download_takes_as_many_queries_with_300_days_of_records_as_with_3(
    patient_client, patient, extension
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            url = f"/my-tracker/summary.{extension}?start=2026-01-05&days=3"
            assert patient_client.get(url).status_code == 200
        return len(captured)

    dense_days(patient, date(2026, 1, 5), 3)
    few = queries()
    dense_days(patient, date(2025, 1, 1), 297)
    records_changed(patient.pk)
    assert queries() == few

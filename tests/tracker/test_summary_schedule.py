"""The summary's medication list and dose-timing table read against the schedule in force on
its days: the doses at either end of the range, schedules changed since, and times to come."""

import html
import re
from datetime import date, timedelta

from tests.tracker.make import dose, medication, utc
from tests.tracker.test_summary import summary_json
from tests.tracker.test_summary_tables import recorded
from toolkit.records_version import records_changed
from tracker.summary import Summary
from tracker.summary_tables import other_doses, schedule_rows


def bedtime_doses_taken_after_midnight(patient, days):
    """The 22:00 dose of each of these days of March, taken at 00:30 the next morning."""
    med = medication(patient, schedule=["22:00"])
    for day in days:
        taken = dose(patient, med, utc(2026, 3, day + 1, 0, 30), utc(2026, 3, day, 22))
        recorded(taken, patient, timedelta(minutes=1))


def words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub("<[^>]+>", "", fragment)).split())


def test_the_last_days_bedtime_dose_taken_after_midnight_is_in_its_cell_and_counted(
    patient_client, patient
):
    bedtime_doses_taken_after_midnight(patient, (2, 3, 4))
    summary = Summary.build(patient, date(2026, 3, 2), date(2026, 3, 4))

    (row,) = summary.schedule_rows
    assert [dose.taken_at for dose in row.cells] == [
        utc(2026, 3, 3, 0, 30),
        utc(2026, 3, 4, 0, 30),
        utc(2026, 3, 5, 0, 30),
    ]
    assert "Not recorded" not in schedule_rows(summary, paper=True)
    assert summary.unscheduled_doses == []
    late = next(p for p in summary.patterns if p.code == "late_doses")
    assert (
        late.text == "3 of 3 doses taken for a scheduled time were taken 30 minutes or more late."
    )
    # The data say what the page does: the dose is the summary's, for 22:00 on its last day.
    data = summary_json(patient_client, "2026-03-02")
    assert [(d["taken_at"], d["scheduled_for"], d["minutes_late"]) for d in data["doses"]][-1] == (
        "2026-03-05T00:30:00+00:00",
        "2026-03-04T22:00:00+00:00",
        150,
    )
    assert {p["code"]: (p["count"], p["of"]) for p in data["patterns"]}["late_doses"] == (3, 3)


def test_a_dose_taken_on_the_first_day_for_the_evening_before_says_so_and_how_late(
    patient_client, patient
):
    bedtime_doses_taken_after_midnight(patient, (2, 3, 4))
    summary = Summary.build(patient, date(2026, 3, 3), date(2026, 3, 5))

    (row,) = summary.schedule_rows
    assert [dose.taken_at if dose else None for dose in row.cells] == [
        utc(2026, 3, 4, 0, 30),
        utc(2026, 3, 5, 0, 30),
        None,
    ]
    assert other_doses(summary) == (
        'Co-careldopa Tue 3 Mar 00:30 <span class="app-summary__note">'
        "(for 22:00 the day before, 2 hours 30 minutes late)</span>"
    )
    page = patient_client.get("/my-tracker/summary?start=2026-03-03&days=3").content.decode()
    assert (
        "Other doses: Co-careldopa Tue 3 Mar 00:30 (for 22:00 the day before, 2 hours 30 "
        "minutes late)." in words(page)
    )


def medication_list(client, start, days) -> list[str]:
    page = client.get(f"/my-tracker/summary?start={start}&days={days}").content.decode()
    if "No medication recorded." in page:
        return []
    listed = page.split('app-summary__medications">')[1].split("</ul>")[0]
    return [words(item) for item in listed.split("</li>")[:-1]]


def test_a_schedule_changed_during_a_day_says_at_what_time(patient_client, patient):
    medication(
        patient,
        schedule=["06:00", "18:00"],
        earlier_schedules=[{"schedule": ["07:00", "11:00"], "until": "2026-03-03T14:00:00+00:00"}],
    )
    assert medication_list(patient_client, "2026-03-02", 3) == [
        "Co-careldopa, 1 tablet: 07:00, 11:00, then 06:00, 18:00 from Tue 3 Mar 14:00",
    ]


def test_the_medication_list_gives_the_times_in_force_on_the_days_not_todays(
    patient_client, patient
):
    # 07:00 and 11:00 until the start of Tue 3 March, then 06:00 and 18:00, then (after
    # these days) 08:00.
    medication(
        patient,
        schedule=["08:00"],
        earlier_schedules=[
            {"schedule": ["07:00", "11:00"], "until": "2026-03-03T00:00:00+00:00"},
            {"schedule": ["06:00", "18:00"], "until": "2026-03-20T00:00:00+00:00"},
        ],
    )
    # Started on Wed 4 March, in the range; and one started after it, never taken in it.
    for name, started in (("Ropinirole", "2026-03-04"), ("Rasagiline", "2026-03-20")):
        medication(
            patient,
            name=name,
            schedule=["09:00"],
            earlier_schedules=[{"schedule": [], "until": f"{started}T00:00:00+00:00"}],
        )

    assert medication_list(patient_client, "2026-03-02", 3) == [
        "Co-careldopa, 1 tablet: 07:00, 11:00, then 06:00, 18:00 from Tue 3 Mar",
        "Ropinirole, 1 tablet: 09:00 from Wed 4 Mar",
    ]
    # The table agrees with the list: the rows are the times of those schedules.
    rows = Summary.build(patient, date(2026, 3, 2), date(2026, 3, 4)).schedule_rows
    assert [(row.time, row.medication.name) for row in rows] == [
        ("06:00", "Co-careldopa"),
        ("07:00", "Co-careldopa"),
        ("09:00", "Ropinirole"),
        ("11:00", "Co-careldopa"),
        ("18:00", "Co-careldopa"),
    ]


def test_a_medicine_started_after_the_days_is_listed_only_if_taken_in_them(patient_client, patient):
    later = medication(
        patient,
        name="Rasagiline",
        schedule=["09:00"],
        earlier_schedules=[{"schedule": [], "until": "2026-03-20T00:00:00+00:00"}],
    )
    assert medication_list(patient_client, "2026-03-02", 1) == []
    dose(patient, later, utc(2026, 3, 2, 9))
    records_changed(patient.pk)  # as the views that record them do
    assert medication_list(patient_client, "2026-03-02", 1) == [
        "Rasagiline, 1 tablet: no set times"
    ]


def test_a_time_still_to_come_is_not_yet_due_not_missing(patient, frozen):
    frozen(utc(2026, 3, 4, 12))  # midday on Wed 4 March
    med = medication(patient, schedule=["07:00", "11:00", "15:00"])
    for hour in (7, 11):
        taken = dose(patient, med, utc(2026, 3, 4, hour), utc(2026, 3, 4, hour))
        recorded(taken, patient, timedelta(minutes=1))
    summary = Summary.build(patient, date(2026, 3, 3), date(2026, 3, 5))

    cells = [
        [words(cell) for cell in re.findall(r'<td class="nhsuk-table__cell">(.*?)</td>', row)]
        for row in schedule_rows(summary, paper=True).split("\n")
    ]
    assert cells == [
        ["Not recorded", "07:00 (on time)", "Not yet due"],
        ["Not recorded", "11:00 (on time)", "Not yet due"],
        ["Not recorded", "Not yet due", "Not yet due"],
    ]

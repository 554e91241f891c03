"""The day page's scheduled doses: each time of the schedules in force on the day, with what
happened, as the summary's table of dose timing reads it."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.conftest import grant_care, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc
from tracker.models import Medication
from tracker.summary import Summary
from tracker.summary_tables import schedule_rows

DAY = date(2026, 7, 1)  # London is an hour ahead of UTC
CAPTION = "Doses scheduled on"


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def scheduled_table(client, day: date = DAY):
    """The page's table of scheduled doses, or None when it has none."""
    page = Page(client.get(reverse("tracker_day", kwargs={"day": day})).content.decode())
    tables = [t for t in page.all("table") if text(t.find("caption")).startswith(CAPTION)]
    assert len(tables) <= 1
    return tables[0] if tables else None


def scheduled(client, day: date = DAY) -> list[tuple[str, ...]]:
    """Its rows as (time, medicine, what happened)."""
    table = scheduled_table(client, day)
    assert table is not None, "no table of scheduled doses"
    return [tuple(text(cell) for cell in row) for row in table.find("tbody").iter("tr")]


def page_text(client, day: date = DAY) -> str:
    page = Page(client.get(reverse("tracker_day", kwargs={"day": day})).content.decode())
    return text(page.one("main"))


def test_a_past_day_says_which_dose_was_taken_when_and_which_was_not(
    patient_client, patient, frozen
):
    frozen(utc(2026, 7, 2, 12))
    med = make.medication(patient, schedule=["08:00", "20:00"])
    make.dose(patient, med, utc(2026, 7, 1, 7, 10), scheduled_for=utc(2026, 7, 1, 7))
    assert scheduled(patient_client) == [
        ("08:00", "Co-careldopa", "Taken at 08:10 (10 min late)"),
        ("20:00", "Co-careldopa", "Not recorded as taken"),
    ]


def test_each_row_is_headed_by_its_time_and_medicine_for_a_screen_reader(
    patient_client, patient, frozen
):
    frozen(utc(2026, 7, 2, 12))
    make.medication(patient, schedule=["08:00"])
    table = scheduled_table(patient_client)
    (row,) = table.find("tbody").iter("tr")
    assert [(cell.tag, cell.get("scope")) for cell in row] == [
        ("th", "row"),
        ("th", "row"),
        ("td", None),
    ]
    assert [text(th) for th in table.find("thead").iter("th")] == [
        "Time",
        "Medicine",
        "What happened",
    ]


def test_the_bedtime_dose_taken_after_midnight_is_on_its_own_day(patient_client, patient, frozen):
    frozen(utc(2026, 7, 3, 12))
    med = make.medication(patient, schedule=["22:00"])
    make.dose(patient, med, utc(2026, 7, 1, 23, 30), scheduled_for=utc(2026, 7, 1, 21))
    assert scheduled(patient_client) == [
        ("22:00", "Co-careldopa", "Taken at 00:30 on Thursday 2 July (2 h 30 min late)")
    ]
    assert scheduled(patient_client, DAY + timedelta(days=1)) == [
        ("22:00", "Co-careldopa", "Not recorded as taken")
    ]


def test_a_dose_recorded_for_no_time_stands_at_the_time_left_without_one(
    patient_client, patient, frozen
):
    """As the summary's cell does, so that a dose taken is not read as one missed."""
    frozen(utc(2026, 7, 2, 12))
    med = make.medication(patient, schedule=["08:00", "20:00"])
    make.dose(patient, med, utc(2026, 7, 1, 7, 5))
    rows = scheduled(patient_client)
    assert rows[0] == ("08:00", "Co-careldopa", "Taken at 08:05 (recorded as an extra dose)")
    summary = Summary.build(patient, DAY, DAY)
    assert "08:05" in schedule_rows(summary, paper=True).split("\n")[0]


def test_today_says_a_time_still_to_come_apart_from_one_missed(patient_client, patient, frozen):
    frozen(utc(2026, 7, 1, 11))  # 12:00 in London
    med = make.medication(patient, schedule=["08:00", "11:00", "20:00"])
    make.dose(patient, med, utc(2026, 7, 1, 7), scheduled_for=utc(2026, 7, 1, 7))
    assert scheduled(patient_client) == [
        ("08:00", "Co-careldopa", "Taken at 08:00 (on time)"),
        ("11:00", "Co-careldopa", "Not recorded as taken"),
        ("20:00", "Co-careldopa", "Still to come"),
    ]


def test_a_day_before_a_medicine_was_added_shows_nothing_for_it(patient_client, patient, frozen):
    frozen(utc(2026, 7, 3, 12))
    make.medication(patient, schedule=["08:00"])
    # Added on 2 July, taken at its times from the start of that day.
    added = [{"schedule": [], "until": "2026-07-01T23:00:00+00:00"}]
    make.medication(patient, name="Rasagiline", schedule=["09:00"], earlier_schedules=added)
    assert scheduled(patient_client) == [("08:00", "Co-careldopa", "Not recorded as taken")]
    assert scheduled(patient_client, DAY + timedelta(days=1)) == [
        ("08:00", "Co-careldopa", "Not recorded as taken"),
        ("09:00", "Rasagiline", "Not recorded as taken"),
    ]


def test_a_medicine_taken_only_as_needed_is_not_listed(patient_client, patient, frozen):
    frozen(utc(2026, 7, 2, 12))
    make.medication(patient, schedule=["08:00"])
    spare = make.medication(patient, name="Madopar dispersible", schedule=[], as_needed=True)
    make.dose(patient, spare, utc(2026, 7, 1, 15))
    assert scheduled(patient_client) == [("08:00", "Co-careldopa", "Not recorded as taken")]
    # Its dose is on the day all the same, in the list of everything recorded.
    assert "Dose of Madopar dispersible" in page_text(patient_client)


def test_a_changed_schedule_shows_the_old_times_on_the_old_days(patient_client, patient, frozen):
    frozen(utc(2026, 7, 10, 12))
    earlier = [{"schedule": ["07:00", "19:00"], "until": "2026-07-04T23:00:00+00:00"}]
    med = make.medication(patient, schedule=["08:00", "20:00"], earlier_schedules=earlier)
    make.dose(patient, med, utc(2026, 7, 1, 6), scheduled_for=utc(2026, 7, 1, 6))
    assert scheduled(patient_client) == [
        ("07:00", "Co-careldopa", "Taken at 07:00 (on time)"),
        ("19:00", "Co-careldopa", "Not recorded as taken"),
    ]
    assert [row[0] for row in scheduled(patient_client, date(2026, 7, 5))] == ["08:00", "20:00"]


def test_a_stopped_medicine_counts_only_while_its_schedule_was_in_force(
    patient_client, patient, frozen
):
    """And one added again under the same name is told apart from it, as elsewhere."""
    frozen(utc(2026, 7, 10, 12))
    make.medication(patient, schedule=["08:00", "16:00"], stopped_at=utc(2026, 7, 2, 10))
    added = [{"schedule": [], "until": "2026-07-01T23:00:00+00:00"}]
    again = make.medication(patient, schedule=["18:00"], earlier_schedules=added)
    Medication.objects.filter(pk=again.pk).update(dose="2 tablets")
    assert scheduled(patient_client, date(2026, 7, 2)) == [
        ("08:00", "Co-careldopa (stopped 2 Jul 2026)", "Not recorded as taken"),
        ("18:00", "Co-careldopa, 2 tablets", "Not recorded as taken"),
    ]
    # Alone on the day, as on the summary of it, it needs no telling apart.
    assert [row[1] for row in scheduled(patient_client, date(2026, 7, 3))] == ["Co-careldopa"]


def test_a_time_that_happens_twice_on_the_autumn_day_says_which(patient_client, patient, frozen):
    frozen(utc(2026, 10, 26, 12))
    med = make.medication(patient, schedule=["01:30", "09:00"])
    # 01:30 the first time round is 00:30 UTC; 01:40 the second time round is 01:40 UTC.
    make.dose(patient, med, utc(2026, 10, 25, 1, 40), scheduled_for=utc(2026, 10, 25, 0, 30))
    assert scheduled(patient_client, date(2026, 10, 25)) == [
        ("01:30 (BST)", "Co-careldopa", "Taken at 01:40 (GMT) (1 h 10 min late)"),
        ("09:00", "Co-careldopa", "Not recorded as taken"),
    ]


def test_a_time_the_clocks_skip_in_spring_says_when_it_fell_due(patient_client, patient, frozen):
    frozen(utc(2026, 3, 30, 12))
    med = make.medication(patient, schedule=["01:30", "09:00"])
    # 01:30 is skipped on 29 March: its dose falls due at 02:30 BST, 01:30 UTC.
    make.dose(patient, med, utc(2026, 3, 29, 8, 5), scheduled_for=utc(2026, 3, 29, 8))
    assert scheduled(patient_client, date(2026, 3, 29)) == [
        (
            "01:30",
            "Co-careldopa",
            "Not recorded as taken (due 02:30, as the clocks went forward)",
        ),
        ("09:00", "Co-careldopa", "Taken at 09:05 (5 min late)"),
    ]


@pytest.mark.parametrize(
    "now, said",
    [
        (utc(2026, 7, 2, 12), "No doses were scheduled on this day."),
        (utc(2026, 7, 1, 12), "No doses are scheduled on this day."),
    ],
)
def test_a_day_with_nothing_scheduled_says_so_in_a_sentence(
    patient_client, patient, frozen, now, said
):
    frozen(now)
    make.medication(patient, name="Madopar dispersible", schedule=[], as_needed=True)
    assert scheduled_table(patient_client) is None
    assert said in page_text(patient_client)


def test_carers_see_the_scheduled_doses_as_the_patient_does(
    client, patient_client, patient, carer, frozen
):
    frozen(utc(2026, 7, 2, 12))
    med = make.medication(patient, schedule=["08:00", "20:00"])
    make.dose(patient, med, utc(2026, 7, 1, 7), scheduled_for=utc(2026, 7, 1, 7))
    patients = scheduled(patient_client)
    grant = grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    assert scheduled(client) == patients
    grant.tracker = "edit"
    grant.save()
    assert scheduled(client) == patients


def test_the_scheduled_doses_take_the_same_queries_however_many(
    patient_client, patient, frozen, django_assert_num_queries
):
    """One more than a day page without them, the medicines: their doses are read with the
    day's."""
    frozen(utc(2026, 7, 2, 12))
    make.medication(patient, schedule=["08:00"])
    url = reverse("tracker_day", kwargs={"day": DAY})
    with django_assert_num_queries(6) as one:
        patient_client.get(url)
    for n in range(10):
        earlier = [{"schedule": ["06:00"], "until": "2026-07-01T11:00:00+00:00"}]
        med = make.medication(
            patient, name=f"Medicine {n}", schedule=["13:00", "18:00"], earlier_schedules=earlier
        )
        for hour in (5, 12, 17):
            make.dose(patient, med, utc(2026, 7, 1, hour), scheduled_for=utc(2026, 7, 1, hour))
    with django_assert_num_queries(len(one.captured_queries)):
        rows = scheduled(patient_client)
    assert len(rows) == 1 + 10 * 3
    assert sum(row[2] == "Taken at 18:00 (on time)" for row in rows) == 10

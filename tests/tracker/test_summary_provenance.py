"""The summary's day by day: which diary stretches and meals were recalled, and which a carer
recorded, said in words on each day's caption, after its name."""

from datetime import date, timedelta

from django.test import Client

from tests.conftest import make_user
from tests.toolkit.test_form_pack import Page
from tests.tracker.make import utc
from tests.tracker.test_summary import pdf_text
from tests.tracker.test_summary_links import make_link
from tracker import slots
from tracker.models import DiaryEntry, Meal

DAY = date(2026, 3, 2)  # London is on GMT: its times are UTC's
FALL_BACK = date(2026, 10, 25)  # 01:00 to 02:00 happens twice in London
LIVE = timedelta(minutes=5)
DASH = "\u2013"  # between the day and what is said of it


def diary(patient, day, indices, *, late=LIVE, by=None):
    """The day's half-hours of these indices, each recorded `late` after it ended."""
    day_slots = slots.day_slots(day, patient.zone)
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            slot_start=day_slots[index].start,
            state="on",
            recorded_at=day_slots[index].end + late,
            recorded_by=by or patient,
        )
        for index in indices
    )


def eaten(patient, at, *, late=LIVE, by=None):
    return Meal.objects.create(
        patient=patient, eaten_at=at, recorded_at=at + late, recorded_by=by or patient
    )


def day_lines(page: str) -> list[str]:
    """Each day's caption in words: its name and what is said of it."""
    return [
        " ".join("".join(caption.itertext()).split())
        for caption in Page(page).all("figure.app-summary__day figcaption")
    ]


def test_a_diary_filled_in_at_night_names_its_recalled_stretches_not_the_live_afternoon(
    patient_client, patient
):
    diary(patient, DAY, range(14), late=timedelta(hours=3))  # 00:00 to 07:00, in the morning
    diary(patient, DAY, range(14, 43))  # 07:00 to 21:30, as it happened
    diary(patient, DAY, range(43, 48), late=timedelta(hours=9))  # 21:30 to 24:00, next morning
    eaten(patient, utc(2026, 3, 2, 8, 30))
    eaten(patient, utc(2026, 3, 2, 13, 30), late=timedelta(hours=6))
    page = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    assert day_lines(page) == [
        f"Monday 2 March {DASH} Recalled later: diary 00:00 to 07:00, 21:30 to 24:00; meal 13:30."
    ]


def test_a_half_hour_is_recalled_by_the_footers_rule_two_hours_after_it_ended(
    patient_client, patient
):
    diary(patient, DAY, [20], late=timedelta(hours=2))  # 10:00 to 10:30, recorded at 12:30
    diary(patient, DAY, [21], late=timedelta(hours=2, minutes=1))
    page = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    assert day_lines(page) == [f"Monday 2 March {DASH} Recalled later: diary 10:30 to 11:00."]
    assert "Recalled entries (recorded more than 2 hours after the event): 1 (1 diary slot)" in (
        page
    )


def test_a_carers_stretch_and_meal_carry_their_name_escaped_on_screen_and_paper(
    patient_client, patient
):
    john = make_user("john@example.com", "John <b>&</b>")
    diary(patient, DAY, range(24))
    diary(patient, DAY, range(24, 36), by=john)  # 12:00 to 18:00
    diary(patient, DAY, range(36, 48))
    eaten(patient, utc(2026, 3, 2, 8, 30))
    eaten(patient, utc(2026, 3, 2, 13, 30), by=john)
    page = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    said = "Recorded by John <b>&</b>: diary 12:00 to 18:00; meal 13:30."
    assert day_lines(page) == [f"Monday 2 March {DASH} {said}"]
    assert "Recorded by John &lt;b&gt;&amp;&lt;/b&gt;: diary" in page
    assert "<b>&" not in page
    pdf = patient_client.get(f"/my-tracker/summary.pdf?start={DAY}&days=1")
    assert said in " ".join(pdf_text(pdf).split())


def test_recalled_and_by_a_carer_are_said_apart_and_each_carer_by_name(patient_client, patient):
    john, sue = make_user("john@example.com", "John"), make_user("sue@example.com", "Sue")
    diary(patient, DAY, range(4), by=sue, late=timedelta(hours=8))  # 00:00 to 02:00, recalled
    diary(patient, DAY, range(4, 8), by=sue)
    diary(patient, DAY, range(8, 12), late=timedelta(hours=5))  # the patient's own, recalled
    diary(patient, DAY, range(30, 34), by=john)
    eaten(patient, utc(2026, 3, 2, 19), by=john, late=timedelta(hours=3))
    page = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    assert day_lines(page) == [
        f"Monday 2 March {DASH} Recalled later: diary 00:00 to 02:00, 04:00 to 06:00; meal 19:00. "
        "Recorded by John: diary 15:00 to 17:00; meal 19:00. "
        "Recorded by Sue: diary 00:00 to 04:00."
    ]


def test_a_day_all_recalled_says_so_in_one_short_phrase(patient_client, patient):
    diary(patient, DAY, range(48), late=timedelta(hours=5))
    for hour in (8, 13, 18):
        eaten(patient, utc(2026, 3, 2, hour, 30), late=timedelta(hours=5))
    page = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    assert day_lines(page) == [f"Monday 2 March {DASH} Recalled later: all the diary; all 3 meals."]


def test_a_day_with_nothing_recalled_and_nothing_by_a_carer_has_no_line(patient_client, patient):
    diary(patient, DAY, range(48))
    eaten(patient, utc(2026, 3, 2, 13, 30))
    diary(patient, DAY + timedelta(days=1), [0], late=timedelta(hours=3))
    page = patient_client.get(f"/my-tracker/summary?start={DAY}&days=3").content.decode()
    assert day_lines(page) == [
        "Monday 2 March",
        f"Tuesday 3 March {DASH} Recalled later: all the diary.",
        "Wednesday 4 March",  # nothing recorded: nothing recalled either
    ]
    assert len(Page(page).all(".app-summary__provenance")) == 1


def test_the_fall_back_day_names_which_pass_through_the_repeated_hour(patient_client, patient):
    # 00:00 BST, 00:30 BST, 01:00 BST, 01:30 BST, 01:00 GMT, 01:30 GMT, 02:00 GMT, …
    diary(patient, FALL_BACK, range(50))
    DiaryEntry.objects.filter(
        slot_start__gte=utc(2026, 10, 25, 0), slot_start__lt=utc(2026, 10, 25, 1, 30)
    ).update(recorded_at=utc(2026, 10, 25, 8))
    eaten(patient, utc(2026, 10, 25, 1, 15), late=timedelta(hours=7))  # 01:15 GMT
    page = patient_client.get(f"/my-tracker/summary?start={FALL_BACK}&days=1").content.decode()
    assert day_lines(page) == [
        f"Sunday 25 October {DASH} Recalled later: diary 01:00 (BST) to 01:30 (GMT); "
        "meal 01:15 (GMT)."
    ]


def test_the_specialists_link_shows_the_same_lines(patient):
    diary(patient, DAY, range(12), late=timedelta(hours=4))
    diary(patient, DAY, range(12, 48))
    raw, _ = make_link(patient, start=DAY, days=1)
    page = Client().get(f"/s/{raw}").content.decode()
    assert day_lines(page) == [f"Monday 2 March {DASH} Recalled later: diary 00:00 to 06:00."]

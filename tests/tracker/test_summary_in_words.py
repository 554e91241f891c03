"""Under each day's timeline on the summary, its diary's stretches and its meals in words, for
whoever cannot see the picture: on screen and on the specialist's link, folded away in a
details element, and not on paper."""

import html
import re
from datetime import date

from django.test import Client

from tests.toolkit.test_form_pack import Page
from tests.tracker.make import dose, episode, meal, medication, utc
from tests.tracker.test_summary import fill, pdf_text
from tests.tracker.test_summary_links import make_link
from tracker.timeline import DayTimeline
from tracker.timeline_svg import paper_timeline_svg

DAY = date(2026, 3, 2)  # London is on GMT: its times are UTC's
FALL_BACK = date(2026, 10, 25)  # 01:00 to 02:00 happens twice in London
ASLEEP_OFF_ON = {i: "asleep" for i in range(14)} | {14: "off", 15: "off"}  # then ON to 24:00


def summary(client, start=DAY, days=1) -> str:
    return client.get(f"/my-tracker/summary?start={start}&days={days}").content.decode()


def in_words(page: str) -> dict[str, list[str]]:
    """Each day's details: its summary's words, and its lines."""
    return {
        " ".join("".join(details.find("summary").itertext()).split()): [
            " ".join("".join(line.itertext()).split()) for line in details.iter("li")
        ]
        for details in Page(page).all("figure.app-summary__day details.nhsuk-details")
    }


def a_recorded_day(patient):
    fill(patient, DAY, ASLEEP_OFF_ON)
    meal(patient, utc(2026, 3, 2, 8, 30))
    meal(patient, utc(2026, 3, 2, 13, 30), protein_rich=True)
    dose(patient, medication(patient), utc(2026, 3, 2, 7, 5), utc(2026, 3, 2, 7))
    episode(patient, utc(2026, 3, 2, 7, 10), utc(2026, 3, 2, 7, 40))


def test_each_day_has_its_diary_stretches_and_meals_in_words_under_its_timeline(
    patient_client, patient
):
    """Not its doses and episodes: the tables further on give those."""
    a_recorded_day(patient)
    page = summary(patient_client, days=2)
    assert in_words(page) == {
        "Monday 2 March in words": [
            "00:00: Asleep until 07:00",
            "07:00: OFF until 08:00",
            "08:00: ON without dyskinesia until 24:00",
            "08:30: Meal",
            "13:30: Meal, protein-rich",
        ],
        "Tuesday 3 March in words": [],
    }
    recorded, nothing = Page(page).all("details")
    assert "open" not in recorded.attrib  # folded: a line a day for a sighted clinician
    assert "No diary and no meals recorded." in " ".join("".join(nothing.itertext()).split())


def test_the_repeated_hour_is_named_with_its_clock_as_the_timeline_names_it(
    patient_client, patient
):
    # 00:00 BST, 00:30 BST, 01:00 BST, 01:30 BST, 01:00 GMT, 01:30 GMT, 02:00 GMT, …
    fill(patient, FALL_BACK, {0: "asleep", 1: "asleep", 2: "asleep", 3: "off", 4: "off"})
    meal(patient, utc(2026, 10, 25, 1, 15))  # 01:15 GMT, the second 01:15 of the night
    page = summary(patient_client, start=FALL_BACK)
    assert in_words(page) == {
        "Sunday 25 October in words": [
            "00:00: Asleep until 01:30 (BST)",
            "01:30 (BST): OFF until 01:30 (GMT)",
            "01:15 (GMT): Meal",
            "01:30 (GMT): ON without dyskinesia until 24:00",
        ]
    }
    tooltips = re.findall(r"<title>([^<]*)</title>", page)
    assert "01:30 (BST) to 01:30 (GMT): OFF" in tooltips
    assert "01:15 (GMT): Meal" in tooltips


def test_the_timelines_label_says_its_times_follow_in_words_on_screen_not_on_paper(
    patient_client, patient
):
    fill(patient, DAY, ASLEEP_OFF_ON)
    (title,) = re.findall(r'<title id="[^"]+-title">([^<]*)</title>', summary(patient_client))
    assert html.unescape(title).endswith(
        "The times of the diary's changes and of meals follow this picture, in words."
    )
    assert "only in this picture" not in title
    [timeline] = DayTimeline.for_days(patient, DAY, DAY)
    assert "are only in this picture." in html.unescape(paper_timeline_svg(timeline))


def test_the_pdf_leaves_out_the_words_the_page_has(patient_client, patient):
    a_recorded_day(patient)
    assert "Monday 2 March in words" in in_words(summary(patient_client))
    pdf = patient_client.get(f"/my-tracker/summary.pdf?start={DAY}&days=1")
    text = " ".join(pdf_text(pdf).split())
    assert "Monday 2 March" in text
    assert "in words" not in text
    assert "until 07:00" not in text and "Meal, protein-rich" not in text


def test_the_browsers_print_leaves_the_words_out(patient_client, patient):
    """Printed from the page, the summary keeps to its pages: the design system's class hides
    the details on paper."""
    a_recorded_day(patient)
    (details,) = Page(summary(patient_client)).all("details")
    assert "nhsuk-u-display-none-print" in details.attrib["class"].split()


def test_the_specialists_link_shows_the_words_too(patient):
    a_recorded_day(patient)
    raw, _ = make_link(patient, start=DAY, days=1)
    page = Client().get(f"/s/{raw}").content.decode()
    assert in_words(page)["Monday 2 March in words"][:2] == [
        "00:00: Asleep until 07:00",
        "07:00: OFF until 08:00",
    ]

"""A stretch in words: one day named when both its ends fall on one day, both days when it
runs past midnight, so that neither time reads as on the other's day. The question asked
before saving, its asking again after a double tap, and the messages after saving or
clearing all word it the same way."""

import html
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import confirmed
from tests.tracker.form_values import form_values
from tests.tracker.test_diary import diary_url, recorded
from tracker import diary, slots
from tracker.views.diary import span

LONDON = ZoneInfo("Europe/London")
DAY = date(2026, 11, 23)  # a Monday
NEXT = DAY + timedelta(days=1)
AUTUMN = date(2026, 10, 25)  # the clocks go back from 02:00 BST to 01:00 GMT
PAST_MIDNIGHT = "from 19:00 on Monday 23 November to 14:00 on Tuesday 24 November"
TOO_SOON = "that answer came less than a second after this question appeared"


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(UTC)


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


@pytest.mark.parametrize(
    ("begin", "finish", "said"),
    [
        (local(DAY, 7), local(DAY, 9, 30), "from 07:00 to 09:30"),
        (local(DAY, 22), local(NEXT, 0), "from 22:00 to midnight"),
        (local(DAY, 0), local(NEXT, 0), "from 00:00 to midnight"),
        (local(DAY, 19), local(NEXT, 14), PAST_MIDNIGHT),
        (local(NEXT, 1), local(NEXT, 6), "from 01:00 to 06:00 on Tuesday 24 November"),
        (local(NEXT, 22), local(NEXT, 23), "from 22:00 to 23:00 on Tuesday 24 November"),
        (
            local(NEXT, 22),
            local(NEXT + timedelta(days=1), 0),
            "from 22:00 to midnight on Tuesday 24 November",
        ),
        (
            local(DAY - timedelta(days=1), 23),
            local(DAY, 1),
            "from 23:00 on Sunday 22 November to 01:00 on Monday 23 November",
        ),
    ],
    ids=[
        "on the page's day",
        "to midnight",
        "the whole day",
        "past midnight",
        "on the next day",
        "on the next day late",
        "to midnight on the next day",
        "into the page's day",
    ],
)
def test_a_stretch_names_its_day_only_when_it_is_not_the_pages(begin, finish, said):
    assert span(begin, finish, DAY, LONDON) == said


@pytest.mark.parametrize(
    ("day", "begin", "finish", "said"),
    [
        (
            AUTUMN - timedelta(days=1),
            local(AUTUMN - timedelta(days=1), 22, 30),
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
            "from 22:30 on Saturday 24 October to 01:30 (GMT) on Sunday 25 October",
        ),
        (
            AUTUMN,
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
            datetime(2026, 10, 25, 1, 30, tzinfo=UTC),
            "from 01:30 (BST) to 01:30 (GMT)",
        ),
    ],
    ids=["past midnight into it", "within it"],
)
def test_a_time_in_the_hour_that_happens_twice_keeps_its_zone(day, begin, finish, said):
    assert span(begin, finish, day, LONDON) == said


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        # The next day begins at 01:00: the clocks go from 00:00 to 01:00.
        (ZoneInfo("America/Havana"), date(2026, 3, 7)),
        # The next day was skipped altogether: the 29th ran straight into the 31st.
        (ZoneInfo("Pacific/Apia"), date(2011, 12, 29)),
    ],
    ids=["Havana", "Samoa"],
)
def test_a_stretch_to_the_end_of_its_day_ends_at_midnight_wherever_the_next_begins(zone, day):
    begin = datetime(day.year, day.month, day.day, 22, tzinfo=zone)
    finish = slots.day_bounds(day, zone)[1]
    assert span(begin, finish, day, zone) == "from 22:00 to midnight"


@pytest.fixture
def next_morning(patient, frozen):
    """Tuesday's night and morning recorded, seen on Wednesday."""
    now = frozen(local(NEXT + timedelta(days=1), 12))
    diary.set_run(patient, local(NEXT, 0), local(NEXT, 7), "asleep", patient)
    return now


def test_the_question_asked_again_and_the_message_name_both_days(
    patient_client, patient, next_morning, frozen, monkeypatch
):
    monkeypatch.setattr("toolkit.read_first.READING_TIME", timedelta(seconds=1))
    typed = {"start": "19:00", "end": "14:00", "state": "off"}
    question = patient_client.post(diary_url(DAY, "run"), typed)
    assert f"This stretch, \u201cOFF\u201d {PAST_MIDNIGHT}, is 19 hours long" in text(question)

    frozen(next_morning + timedelta(milliseconds=300))
    again = patient_client.post(
        diary_url(DAY, "run"), form_values(question.content.decode(), "/run")
    )
    assert TOO_SOON in text(again)
    assert f"This stretch, \u201cOFF\u201d {PAST_MIDNIGHT}, is 19 hours long" in text(again)

    frozen(next_morning + timedelta(seconds=2))
    yes = form_values(again.content.decode(), "/run")
    saved = patient_client.post(diary_url(DAY, "run"), yes, follow=True)
    assert f"Recorded \u201cOFF\u201d {PAST_MIDNIGHT} (38 half-hours)." in text(saved)


def test_clearing_past_midnight_names_both_days_asking_and_after(
    patient_client, patient, next_morning
):
    typed = {"start": "19:00", "end": "14:00", "state": "clear"}
    question = patient_client.post(diary_url(DAY, "run"), typed)
    assert f"This stretch, \u201cNot recorded\u201d {PAST_MIDNIGHT}, is" in text(question)

    yes = form_values(question.content.decode(), "/run")
    cleared = patient_client.post(diary_url(DAY, "run"), yes, follow=True)
    assert f"Cleared 14 recorded half-hours {PAST_MIDNIGHT}." in text(cleared)
    assert not recorded(patient)

    again = patient_client.post(diary_url(DAY, "run"), typed, follow=True)
    said = f"Nothing was recorded {PAST_MIDNIGHT}, so nothing was cleared."
    assert said in text(again)


def test_a_night_into_the_hour_that_happens_twice_names_both_days_and_the_pass(
    patient_client, patient, frozen
):
    frozen(local(AUTUMN, 20))
    diary.set_run(patient, local(AUTUMN, 0), local(AUTUMN, 7), "on", patient)
    saturday = AUTUMN - timedelta(days=1)
    typed = {"start": "22:30", "end": "01:30", "end_fold": "1", "state": "asleep"}
    said = "from 22:30 on Saturday 24 October to 01:30 (GMT) on Sunday 25 October"
    question = patient_client.post(diary_url(saturday, "run"), typed)
    assert f"This stretch, \u201cAsleep\u201d {said}, is 4 hours long" in text(question)

    saved = patient_client.post(diary_url(saturday, "run"), typed | confirmed(), follow=True)
    assert f"Recorded \u201cAsleep\u201d {said} (8 half-hours)." in text(saved)

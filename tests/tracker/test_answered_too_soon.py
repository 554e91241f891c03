"""A question asked before saving is not answered by the second tap of a double tap: an
answer sent less than a second after the question appeared is not taken, and the question is
asked again, saying why (`toolkit.read_first`)."""

import html
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.tracker import make
from tests.tracker.form_values import form_values
from tests.tracker.make import utc
from tests.tracker.test_diary import diary_url, recorded
from tests.tracker.test_doses import asked, press, taken_form
from tracker import diary
from tracker.models import Dose

TOO_SOON = "that answer came less than a second after this question appeared"


@pytest.fixture(autouse=True)
def _a_second_to_read(monkeypatch):
    monkeypatch.setattr("toolkit.read_first.READING_TIME", timedelta(seconds=1))


def text(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_yes_pressed_as_the_second_tap_of_a_double_tap_records_no_dose(
    patient_client, patient, frozen
):
    now = frozen(utc(2026, 1, 10, 9, 54))
    make.medication(patient, schedule=["08:00", "13:00", "18:00"])
    question = press(patient_client, "Co-careldopa due at 18:00")
    assert TOO_SOON not in text(question)

    frozen(now + timedelta(milliseconds=400))
    again = patient_client.post(reverse("dose_take"), taken_form(question.content))
    assert again.status_code == 200
    assert not Dose.objects.exists()
    assert asked(again)[0] == "Record your 18:00 dose as taken now?"
    assert TOO_SOON in text(again)
    assert "If you meant it, press \u201cYes, I took it now\u201d again." in text(again)

    # Read, and pressed again: recorded, once.
    frozen(now + timedelta(seconds=3))
    patient_client.post(reverse("dose_take"), taken_form(again.content))
    assert Dose.objects.get().scheduled_for == utc(2026, 1, 10, 18)


def test_an_answer_without_the_time_it_was_asked_asks_again(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 9, 54))
    make.medication(patient, schedule=["08:00", "13:00", "18:00"])
    question = press(patient_client, "Co-careldopa due at 18:00")
    for forged in ("", "1700000000.000", "1700000000.000:forged"):
        sent = taken_form(question.content) | {"asked": forged}
        assert patient_client.post(reverse("dose_take"), sent).status_code == 200
    assert not Dose.objects.exists()


def test_yes_replace_them_pressed_at_once_replaces_nothing(patient_client, patient, frozen):
    day = date(2026, 11, 23)
    now = frozen(utc(2026, 11, 25, 12))
    diary.set_run(patient, utc(2026, 11, 24, 0), utc(2026, 11, 24, 7), "asleep", patient)
    before = recorded(patient)
    typed = {"start": "19:00", "end": "14:00", "state": "off"}
    question = patient_client.post(diary_url(day, "run"), typed).content.decode()
    yes = form_values(question, "/run")

    frozen(now + timedelta(milliseconds=300))
    again = patient_client.post(diary_url(day, "run"), yes)
    assert again.status_code == 200
    assert TOO_SOON in text(again)
    assert "If you meant it, press \u201cYes, replace them\u201d again." in text(again)
    assert recorded(patient) == before

    frozen(now + timedelta(seconds=2))
    saved = patient_client.post(diary_url(day, "run"), form_values(again.content.decode(), "/run"))
    assert saved.status_code == 302
    assert set(recorded(patient).values()) == {"off"}

"""A time typed in the hour the clocks go back happens twice: the forms ask which one."""

import re

import pytest
from django.urls import reverse

from tests.tracker import make
from tests.tracker.make import utc
from tracker.models import Dose, Meal, SymptomEpisode

AUTUMN = "2026-10-25"  # 01:00 to 01:59 happen twice: first BST (UTC+1), then GMT
FIRST_0130, SECOND_0130 = utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)
ASKS = "01:30 on 25 October 2026 happens twice: say which one you mean."


@pytest.fixture
def after_the_night(frozen):
    return frozen(utc(2026, 10, 25, 12))


def token(client, url) -> str:
    page = client.get(url).content
    return re.search(rb'name="token" value="([^"]+)"', page).group(1).decode()


def test_a_dose_at_a_time_that_happens_twice_asks_which_and_saves_nothing(
    patient_client, patient, after_the_night
):
    med = make.medication(patient)
    data = {"medication": med.pk, "date": AUTUMN, "time": "01:30"}
    data["token"] = token(patient_client, reverse("dose_new"))
    response = patient_client.post(reverse("dose_new"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert ASKS in page
    assert "The first time round (BST)" in page
    assert "The second time round (GMT)" in page
    assert not Dose.objects.exists()


@pytest.mark.parametrize(("fold", "expected"), [("0", FIRST_0130), ("1", SECOND_0130)])
def test_the_answer_decides_when_the_dose_was_taken(
    patient_client, patient, after_the_night, fold, expected
):
    med = make.medication(patient)
    data = {"medication": med.pk, "date": AUTUMN, "time": "01:30", "time_fold": fold}
    data["token"] = token(patient_client, reverse("dose_new"))
    response = patient_client.post(reverse("dose_new"), data, follow=True)
    assert Dose.objects.get().taken_at == expected
    # The words that confirm it say which 01:30 too.
    zone = "BST" if fold == "0" else "GMT"
    assert f"Dose of Co-careldopa recorded at 01:30 ({zone})" in response.content.decode()


def test_an_ordinary_time_is_not_asked_about(patient_client, patient, after_the_night):
    med = make.medication(patient)
    data = {"medication": med.pk, "date": AUTUMN, "time": "02:30"}
    data["token"] = token(patient_client, reverse("dose_new"))
    assert patient_client.post(reverse("dose_new"), data).status_code == 302
    assert Dose.objects.get().taken_at == utc(2026, 10, 25, 2, 30)
    assert "time_fold" not in patient_client.get(reverse("dose_new")).content.decode()


def test_saving_a_dose_from_the_second_time_round_unchanged_keeps_it(
    patient_client, patient, after_the_night
):
    med = make.medication(patient)
    dose = make.dose(patient, med, SECOND_0130)
    url = reverse("dose_edit", args=[dose.pk])
    page = patient_client.get(url).content.decode()
    assert re.search(r'value="1"[^>]*checked', page), "the second time round is chosen"
    data = {"medication": med.pk, "date": AUTUMN, "time": "01:30", "time_fold": "1"}
    assert patient_client.post(url, data).status_code == 302
    dose.refresh_from_db()
    assert dose.taken_at == SECOND_0130


def test_a_meal_asks_which_too(patient_client, patient, after_the_night):
    data = {"date": AUTUMN, "time": "01:30", "token": token(patient_client, reverse("meal_new"))}
    assert ASKS in patient_client.post(reverse("meal_new"), data).content.decode()
    assert not Meal.objects.exists()
    data["time_fold"] = "1"
    assert patient_client.post(reverse("meal_new"), data).status_code == 302
    assert Meal.objects.get().eaten_at == SECOND_0130


def test_an_episode_asks_for_its_start_and_its_end(patient_client, patient, after_the_night):
    data = {
        "start_date": AUTUMN,
        "start_time": "01:30",
        "end_time": "01:50",  # no end date: the day it started
        "body_sites": ["foot"],
        "severity": "moderate",
        "motor_state": "off",
        "token": token(patient_client, reverse("episode_new")),
    }
    page = patient_client.post(reverse("episode_new"), data).content.decode()
    assert ASKS in page
    assert "01:50 on 25 October 2026 happens twice: say which one you mean." in page
    assert not SymptomEpisode.objects.exists()

    data |= {"start_time_fold": "0", "end_time_fold": "1"}
    assert patient_client.post(reverse("episode_new"), data).status_code == 302
    episode = SymptomEpisode.objects.get()
    assert (episode.started_at, episode.ended_at) == (FIRST_0130, utc(2026, 10, 25, 1, 50))


def episode_data(client, **typed) -> dict:
    return {
        "body_sites": ["foot"],
        "severity": "moderate",
        "motor_state": "off",
        "token": token(client, reverse("episode_new")),
        **typed,
    }


def test_an_episode_stopped_the_second_time_round_at_an_earlier_clock_time_is_that_night(
    patient_client, patient, after_the_night
):
    # 01:45 BST to 01:15 GMT: half an hour, though the clock reads earlier at the end.
    data = episode_data(
        patient_client,
        start_date=AUTUMN,
        start_time="01:45",
        start_time_fold="0",
        end_time="01:15",
        end_time_fold="1",
    )
    page = patient_client.post(reverse("episode_new"), data)
    assert page.status_code == 302
    episode = SymptomEpisode.objects.get()
    assert (episode.started_at, episode.ended_at) == (
        utc(2026, 10, 25, 0, 45),
        utc(2026, 10, 25, 1, 15),
    )


def test_an_end_that_happens_twice_is_asked_about_before_it_is_said_to_be_too_early(
    patient_client, patient, after_the_night
):
    # 01:45 BST to 01:15, which of the two not said: 01:15 the first time round would be
    # before the start, but it is the question that comes first, on its own.
    data = episode_data(
        patient_client, start_date=AUTUMN, start_time="01:45", start_time_fold="0", end_time="01:15"
    )
    page = patient_client.post(reverse("episode_new"), data).content.decode()
    assert "01:15 on 25 October 2026 happens twice: say which one you mean." in page
    assert "It cannot stop before it started" not in page
    assert not SymptomEpisode.objects.exists()


def test_an_episode_stopped_after_midnight_in_the_hour_that_happens_twice_asks_which(
    patient_client, patient, after_the_night
):
    # From 23:00 the evening before, stopped at 01:30 with no date: the night it happens twice.
    data = episode_data(
        patient_client, start_date="2026-10-24", start_time="23:00", end_time="01:30"
    )
    page = patient_client.post(reverse("episode_new"), data).content.decode()
    assert ASKS in page
    assert not SymptomEpisode.objects.exists()

    assert (
        patient_client.post(reverse("episode_new"), data | {"end_time_fold": "1"}).status_code
        == 302
    )
    assert SymptomEpisode.objects.get().ended_at == SECOND_0130


def test_later_than_now_in_the_hour_that_happens_twice_says_which_now(patient_client, frozen):
    frozen(utc(2026, 10, 25, 0, 40))  # 01:40 BST, the first time round
    data = episode_data(patient_client, start_date=AUTUMN, start_time="01:50", start_time_fold="0")
    page = patient_client.post(reverse("episode_new"), data).content.decode()
    assert "That is later than now (01:40 (BST) on Sunday 25 October in Europe/London)." in page

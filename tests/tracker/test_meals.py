import re
import uuid

import pytest
from django.urls import reverse

from tests.conftest import grant_care, sign_in_as_carer
from tests.tracker import make
from tests.tracker.make import utc
from tracker.models import Meal


def test_i_ate_records_a_meal_now_once(patient_client, patient, frozen):
    now = frozen(utc(2026, 1, 10, 12, 30))
    page = patient_client.get(reverse("tracker_home")).content
    token = re.search(
        rb'action="/my-tracker/meals/ate">.*?name="token" value="([^"]+)"', page, re.S
    )
    data = {"token": token.group(1).decode(), "protein_rich": "on"}
    response = patient_client.post(reverse("meal_ate"), data, follow=True)
    patient_client.post(reverse("meal_ate"), data)
    meal = Meal.objects.get()
    assert (meal.eaten_at, meal.protein_rich, meal.recorded_by) == (now, True, patient)
    assert "Protein-rich meal recorded at 12:30." in response.content.decode()


def test_a_meal_from_earlier_can_be_recorded_changed_and_deleted(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    data = {"date": "2026-01-10", "time": "13:00", "token": str(uuid.uuid4())}
    patient_client.post(reverse("meal_new"), data)
    meal = Meal.objects.get()
    assert meal.eaten_at == utc(2026, 1, 10, 13)
    assert (
        "Saturday 10 January 2026, 13:00"
        in patient_client.get(reverse("meal_list")).content.decode()
    )
    response = patient_client.post(
        reverse("meal_edit", args=[meal.pk]), {"date": "2026-01-10", "time": "12:15"}, follow=True
    )
    assert "Meal changed: meal at 12:15." in response.content.decode()
    meal.refresh_from_db()
    assert meal.eaten_at == utc(2026, 1, 10, 12, 15)
    patient_client.post(reverse("meal_delete", args=[meal.pk]))
    assert not Meal.objects.exists()


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2026-01-09", "13:00 on Friday 9 January."),
        # Days of another year say which: "on Wednesday 31 December" is not enough.
        ("2025-12-31", "13:00 on Wednesday 31 December 2025."),
    ],
)
def test_a_meal_on_another_day_is_confirmed_with_its_day(patient_client, frozen, day, said):
    frozen(utc(2026, 1, 10, 20))
    data = {"date": day, "time": "13:00", "token": str(uuid.uuid4())}
    response = patient_client.post(reverse("meal_new"), data, follow=True)
    assert said in response.content.decode()


def test_a_meal_later_than_now_is_refused(patient_client, patient, frozen):
    # Someone in Paris whose profile still says London types their own clock's time.
    frozen(utc(2026, 1, 10, 12, 30))
    data = {"date": "2026-01-10", "time": "13:30", "token": str(uuid.uuid4())}
    response = patient_client.post(reverse("meal_new"), data)
    said = "That is later than now (12:30 on Saturday 10 January in Europe/London)."
    assert said in response.content.decode()
    assert not Meal.objects.exists()
    # A phone's clock a few minutes ahead of the server's is still now.
    data.update(time="12:34", token=str(uuid.uuid4()))
    patient_client.post(reverse("meal_new"), data)
    assert Meal.objects.get().eaten_at == utc(2026, 1, 10, 12, 34)


def test_the_meal_list_shows_times_in_the_patients_zone(patient_client, patient):
    make.meal(patient, utc(2026, 7, 1, 11, 0))
    assert "12:00" in patient_client.get(reverse("meal_list")).content.decode()


def test_the_meal_list_says_who_recorded_a_meal_the_patient_did_not(client, patient, carer):
    make.meal(patient, utc(2026, 7, 1, 11, 0))
    Meal.objects.create(patient=patient, recorded_by=carer, eaten_at=utc(2026, 7, 1, 17, 0))
    grant_care(patient, carer, tracker="view")
    for reader in (patient, carer):
        if reader == carer:
            sign_in_as_carer(client, carer, patient)
        else:
            client.force_login(patient)
        page = client.get(reverse("meal_list")).content.decode()
        assert "Meals, latest first</caption>" in page
        assert "Meals you recorded" not in page
        assert page.count("recorded by John") == 1
        assert "recorded by Mary" not in page
        # The meal John recorded is the later one, listed first.
        assert page.index("18:00") < page.index("recorded by John") < page.index("12:00")


def test_the_meal_list_takes_the_same_queries_however_many_meals(
    patient_client, patient, carer, django_assert_num_queries
):
    for count in (1, 15):
        for _ in range(count):  # each by the carer, so each row names them
            Meal.objects.create(patient=patient, recorded_by=carer, eaten_at=utc(2026, 7, 1, 11))
        with django_assert_num_queries(3):  # the session with its person, the count, the page
            assert patient_client.get(reverse("meal_list")).status_code == 200

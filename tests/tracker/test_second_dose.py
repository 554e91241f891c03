"""A second dose of a medicine within 2 hours: shown where the page would read "not taken",
and asked about before it is recorded."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import grant_care, new_token, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc
from tests.tracker.test_doses import (
    TAKEN_QUERIES,
    asked,
    confirm,
    press,
    press_and_confirm,
    schedule_row,
    taken_form,
)
from tracker.models import Dose, Medication


def words(element) -> str:
    return " ".join("".join(element.itertext()).split())


def change_times(client, medication: Medication, times: str):
    data = {"name": medication.name, "dose": medication.dose, "times": times}
    client.post(reverse("medication_edit", args=[medication.pk]), data)


def home(client) -> bytes:
    return client.get(reverse("tracker_home")).content


@pytest.fixture
def safinamide(patient):
    return make.medication(patient, name="Safinamide", schedule=["11:30", "18:00"])


def test_a_dose_for_a_time_since_changed_shows_on_the_new_row(patient_client, safinamide, frozen):
    frozen(utc(2026, 1, 10, 12, 27))
    press(patient_client, "Safinamide due at 11:30")
    frozen(utc(2026, 1, 10, 12, 30))
    change_times(patient_client, safinamide, "12:00, 18:00")
    page = home(patient_client)
    row = schedule_row(page, "12:00", "Safinamide")
    assert "Taken at 12:27 (recorded for 11:30, before the times changed)." in row
    assert "Not recorded as taken yet" not in row
    assert "<button" not in row  # nothing that invites a second dose
    # The 18:00 dose is still to come: a dose at 12:27 is not it.
    evening = schedule_row(page, "18:00", "Safinamide")
    assert "12:27" not in evening
    assert "Taken<span" in evening


def test_a_dose_for_a_time_since_changed_shows_on_the_row_nearest_that_time(
    patient_client, patient, frozen
):
    # The tester's case: both rows pressed at 12:57, then the times changed. Taken at 12:57,
    # the 15:00 dose was more than 2 hours from 16:00 and showed on no row.
    med = make.medication(patient, name="Sinemet", schedule=["07:00", "11:00", "15:00", "19:00"])
    frozen(utc(2026, 1, 10, 12, 57))
    press(patient_client, "Sinemet due at 11:00")
    press_and_confirm(patient_client, "Sinemet due at 15:00")
    change_times(patient_client, med, "07:00, 12:00, 16:00, 20:00")
    page = home(patient_client)
    noon = schedule_row(page, "12:00", "Sinemet")
    assert "Taken at 12:57 (recorded for 11:00, before the times changed)." in noon
    assert "15:00" not in noon
    afternoon = schedule_row(page, "16:00", "Sinemet")
    assert "Taken at 12:57 (recorded for 15:00, before the times changed)." in afternoon
    assert "<button" not in afternoon  # nothing that invites a third dose
    assert "12:57" not in schedule_row(page, "20:00", "Sinemet")


def test_two_doses_nearest_one_new_time_show_the_first_taken_there(patient_client, patient, frozen):
    # 11:00 and 13:00 are both an hour from 12:00: the row shows one dose, the one taken
    # first; the other has no free row within 2 hours of its time.
    med = make.medication(patient, name="Sinemet", schedule=["11:00", "13:00", "20:00"])
    make.dose(patient, med, utc(2026, 1, 10, 11, 5), utc(2026, 1, 10, 11))
    make.dose(patient, med, utc(2026, 1, 10, 13, 5), utc(2026, 1, 10, 13))
    frozen(utc(2026, 1, 10, 13, 10))
    change_times(patient_client, med, "12:00, 20:00")
    page = home(patient_client)
    noon = schedule_row(page, "12:00", "Sinemet")
    assert "Taken at 11:05 (recorded for 11:00, before the times changed)." in noon
    assert "13:05" not in noon
    assert "13:05" not in schedule_row(page, "20:00", "Sinemet")


def test_an_extra_dose_shows_on_the_row_it_is_nearest_when_that_rows_dose_is_deleted(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 8, 10))
    med = make.medication(patient, name="Rasagiline", schedule=["08:00", "14:00"])
    on_time = make.dose(patient, med, utc(2026, 1, 10, 8), utc(2026, 1, 10, 8))
    make.dose(patient, med, utc(2026, 1, 10, 8, 5))  # an extra dose, for no time
    on_time.delete()
    page = home(patient_client)
    assert "Taken at 08:05 (recorded as an extra dose)." in schedule_row(
        page, "08:00", "Rasagiline"
    )
    assert "08:05" not in schedule_row(page, "14:00", "Rasagiline")


def test_a_bedtime_dose_after_midnight_stays_with_the_evening_before(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 0, 40))
    med = make.medication(patient, name="Ropinirole", schedule=["01:00", "23:00"])
    make.dose(patient, med, utc(2026, 1, 10, 0, 15), utc(2026, 1, 9, 23))
    row = schedule_row(home(patient_client), "01:00", "Ropinirole")
    assert "00:15" not in row
    assert "Taken<span" in row


def test_taken_on_a_row_asks_first_when_a_dose_was_recorded_lately(patient_client, patient, frozen):
    # The morning dose caught up late, then the next row pressed as well.
    frozen(utc(2026, 1, 10, 9, 58))
    make.medication(patient, name="Rasagiline", schedule=["08:00", "10:00"])
    press(patient_client, "Rasagiline due at 08:00")
    frozen(utc(2026, 1, 10, 10, 3))
    question = press(patient_client, "Rasagiline due at 10:00")
    assert question.status_code == 200
    assert Dose.objects.count() == 1
    assert asked(question) == (
        "Record another dose of Rasagiline?",
        "A dose of Rasagiline was recorded at 09:58, 5 minutes ago.",
        {"Yes, record another dose": "post", "No, go back": reverse("tracker_home")},
    )
    response = confirm(patient_client, question)
    assert Dose.objects.filter(scheduled_for=utc(2026, 1, 10, 10)).count() == 1
    assert "Dose of Rasagiline recorded at 10:03, for 10:00 (3 minutes late)." in (
        response.content.decode()
    )


def test_a_row_pressed_on_a_page_from_before_a_dose_was_recorded_asks_first(
    patient_client, safinamide, frozen
):
    # The tester's case: the page showed 12:00 as not taken, and said nothing of 12:27.
    frozen(utc(2026, 1, 10, 12, 27))
    press(patient_client, "Safinamide due at 11:30")
    change_times(patient_client, safinamide, "12:00, 18:00")
    noon = {"medication": safinamide.pk, "scheduled_for": "2026-01-10T12:00:00Z"}
    frozen(utc(2026, 1, 10, 12, 32))
    question = patient_client.post(reverse("dose_take"), noon | {"token": new_token()})
    assert Dose.objects.count() == 1
    _, words, _ = asked(question)
    assert words == "A dose of Safinamide was recorded at 12:27, 5 minutes ago."


def test_i_took_it_now_asks_first_when_a_dose_was_recorded_lately(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 10))
    make.medication(patient, name="Apomorphine pen", schedule=[], as_needed=True)
    patient_client.post(reverse("dose_take"), taken_form(home(patient_client)))
    frozen(utc(2026, 1, 10, 11, 25))
    question = patient_client.post(reverse("dose_take"), taken_form(home(patient_client)))
    assert Dose.objects.count() == 1
    assert asked(question)[:2] == (
        "Record another dose of Apomorphine pen?",
        "A dose of Apomorphine pen was recorded at 10:00, 1 hour, 25 minutes ago.",
    )
    confirm(patient_client, question)
    assert Dose.objects.count() == 2


def test_a_dose_recorded_more_than_2_hours_ago_is_not_asked_about(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 10))
    make.medication(patient, name="Apomorphine pen", schedule=[], as_needed=True)
    patient_client.post(reverse("dose_take"), taken_form(home(patient_client)))
    frozen(utc(2026, 1, 10, 12, 1))
    response = patient_client.post(reverse("dose_take"), taken_form(home(patient_client)))
    assert response.status_code == 302
    assert Dose.objects.count() == 2


def test_another_dose_said_to_be_meant_twice_is_recorded_once(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 10))
    make.medication(patient, name="Apomorphine pen", schedule=[], as_needed=True)
    patient_client.post(reverse("dose_take"), taken_form(home(patient_client)))
    frozen(utc(2026, 1, 10, 10, 30))
    question = patient_client.post(reverse("dose_take"), taken_form(home(patient_client)))
    confirm(patient_client, question)
    again = confirm(patient_client, question)
    assert Dose.objects.count() == 2
    assert (
        "That dose of Apomorphine pen was already recorded at 10:30. Nothing was added."
        in again.content.decode()
    )


def test_a_double_tap_on_taken_is_not_asked_about(patient_client, patient, frozen):
    # The second tap is the same press (its token): it says what the first recorded.
    frozen(utc(2026, 1, 10, 10, 3))
    make.medication(patient, name="Rasagiline", schedule=["10:00"])
    data = taken_form(home(patient_client))
    patient_client.post(reverse("dose_take"), data)
    again = patient_client.post(reverse("dose_take"), data, follow=True)
    assert again.redirect_chain
    assert Dose.objects.count() == 1
    assert (
        "That dose of Rasagiline for 10:00 was already recorded at 10:03. Nothing was added."
        in again.content.decode()
    )


def test_a_carer_is_told_who_recorded_the_dose_before(client, patient, carer, frozen):
    frozen(utc(2026, 1, 10, 9, 58))
    make.medication(patient, name="Rasagiline", schedule=["08:00", "10:00"])
    mary = Client()
    mary.force_login(patient)
    press(mary, "Rasagiline due at 08:00")
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    question = press(client, "Rasagiline due at 10:00")
    assert asked(question)[1] == "A dose of Rasagiline was recorded by Mary at 09:58, just now."


def test_a_row_far_from_its_time_with_a_dose_lately_says_both(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 19, 28))
    make.medication(patient, name="Rasagiline", schedule=["08:00", "19:00"])
    press(patient_client, "Rasagiline due at 19:00")
    frozen(utc(2026, 1, 10, 19, 30))
    question = press(patient_client, "Rasagiline due at 08:00")
    page = Page(question.content.decode())
    assert [" ".join("".join(p.itertext()).split()) for p in page.all("h1 ~ p")] == [
        "A dose of Rasagiline was recorded at 19:28, 2 minutes ago.",
        "It is 19:30. Your 08:00 dose of Rasagiline was due 11 hours ago.",
    ]
    assert list(asked(question)[2]) == [
        "Yes, record another dose",
        "I took it earlier: record the time",
        "No, go back",
    ]


def test_asking_about_a_recent_dose_costs_one_query(
    patient_client, patient, frozen, django_assert_num_queries
):
    frozen(utc(2026, 1, 10, 9, 58))
    make.medication(patient, name="Rasagiline", schedule=["08:00", "10:00"])
    press(patient_client, "Rasagiline due at 08:00")
    data = taken_form(home(patient_client), "Rasagiline due at 10:00")
    # The session, the medication, the doses of the last 2 hours and the records version:
    # nothing is saved.
    with django_assert_num_queries(TAKEN_QUERIES - 3):
        question = patient_client.post(reverse("dose_take"), data)
    assert question.status_code == 200


def test_the_summary_shows_a_dose_for_a_time_since_changed_in_the_new_times_cell(
    patient_client, safinamide, frozen
):
    # Read as "Not recorded" at 12:00, with the dose among the other doses, the day looked
    # like a missed dose to the clinician: the home page showed it taken.
    frozen(utc(2026, 1, 10, 12, 27))
    press(patient_client, "Safinamide due at 11:30")
    frozen(utc(2026, 1, 10, 12, 30))
    change_times(patient_client, safinamide, "12:00, 18:00")
    frozen(utc(2026, 1, 12, 9))
    response = patient_client.get(reverse("summary"), {"start": "2026-01-10", "days": "3"})
    page = Page(response.content.decode())
    rows = {
        words(row.find("th")): [words(cell) for cell in row.findall("td")]
        for row in page.all(".app-summary__doses tbody tr")
    }
    # (Marked recalled too: the clock frozen here is not the one that stamps recorded_at.)
    assert rows["12:00 Safinamide"][0].startswith(
        "Sat 10 Jan 12:27 (recorded for 11:30, before the times changed)"
    )
    assert rows["18:00 Safinamide"][0] == "Sat 10 Jan Not recorded"
    assert "Other doses" not in words(page.one("main"))

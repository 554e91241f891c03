"""A medication reminder stays editable while its medicine is stopped, and an appointment's
tracking plan that would never be sent is refused."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from notes import api
from notes.models import Appointment, Reminder
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page

CO_CARELDOPA = "0b7d7c4e-5f0e-4c41-9a51-6a9b8f0e0a11"
RASAGILINE = "7a2f3c1d-8e4b-4f6a-9c0d-1b2e3f4a5b6c"
ROPINIROLE = "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a"


def medication_reminder(patient, medication_id, name, times) -> Reminder:
    api.medication_schedule_changed(patient, medication_id, name, times, True)
    return Reminder.objects.create(
        patient=patient,
        kind=Reminder.MEDICATION,
        medication_id=medication_id,
        medication_name=name,
        times=times,
        message="After breakfast",
    )


@pytest.fixture
def stopped_reminder(patient):
    """Reminders for Co-careldopa and Rasagiline, then Co-careldopa stopped in the tracker."""
    reminder = medication_reminder(patient, CO_CARELDOPA, "Co-careldopa", ["07:00", "13:00"])
    medication_reminder(patient, RASAGILINE, "Rasagiline", ["08:00"])
    times = ["07:00", "13:00"]
    api.medication_schedule_changed(patient, CO_CARELDOPA, "Co-careldopa", times, False)
    reminder.refresh_from_db()
    assert reminder.active is False
    return reminder


def options(page: Page) -> list[tuple[str, bool]]:
    return [
        (option.text, option.get("selected") is not None)
        for option in page.all("#id_medication option")
        if option.get("value")
    ]


def test_a_reminder_for_a_stopped_medicine_offers_it_named_as_stopped_and_selected(
    patient_client, stopped_reminder
):
    url = reverse("notes_reminder", args=[stopped_reminder.pk])
    page = Page(patient_client.get(url).content.decode())
    assert options(page) == [("Co-careldopa (stopped)", True), ("Rasagiline", False)]


def test_a_reminder_for_a_stopped_medicine_can_be_changed_and_stays_for_it(
    patient_client, stopped_reminder
):
    response = patient_client.post(
        reverse("notes_reminder", args=[stopped_reminder.pk]),
        {"medication": CO_CARELDOPA, "message": "With a glass of water"},
    )
    assert response.status_code == 302
    stopped_reminder.refresh_from_db()
    assert (
        stopped_reminder.title,
        stopped_reminder.message,
        stopped_reminder.times,
        stopped_reminder.active,
    ) == ("Take Co-careldopa", "With a glass of water", ["07:00", "13:00"], False)


def test_other_stopped_medicines_are_still_not_offered(patient, patient_client, stopped_reminder):
    api.medication_schedule_changed(patient, ROPINIROLE, "Ropinirole", ["10:00"], False)
    url = reverse("notes_reminder", args=[stopped_reminder.pk])
    page = Page(patient_client.get(url).content.decode())
    assert [text for text, _ in options(page)] == ["Co-careldopa (stopped)", "Rasagiline"]

    response = patient_client.post(url, {"medication": ROPINIROLE, "message": "x"})
    assert response.status_code == 200
    assert "from the list" in Page(response.content.decode()).text("#id_medication-error")
    stopped_reminder.refresh_from_db()
    assert stopped_reminder.medication_name == "Co-careldopa"

    new_url = reverse("notes_reminder_new") + "?kind=medication"
    new = Page(patient_client.get(new_url).content.decode())
    assert [option.text for option in new.all("#id_medication option")][1:] == ["Rasagiline"]


def appointment_at(patient, starts_at: datetime) -> Appointment:
    return Appointment.objects.create(patient=patient, starts_at=starts_at, role="neurologist")


def track(client, appointment, clock: str):
    return client.post(
        reverse("notes_appointment_tracking", args=[appointment.id]), {"time": clock}
    )


@pytest.mark.parametrize("clock", ["09:00", "13:00"])
def test_a_tracking_plan_whose_only_day_is_today_and_time_has_passed_is_refused(
    april_client, patient, clock
):
    # 13:00 in London on Wednesday 1 April: the appointment is the next morning.
    appointment = appointment_at(patient, datetime(2026, 4, 2, 9, tzinfo=UTC))
    response = track(april_client, appointment, clock)
    assert response.status_code == 200
    assert Page(response.content.decode()).text("#id_time-error") == (
        "Error: This reminder would never be sent: its last day is today and its times have "
        "passed. Choose a later time."
    )
    assert not Reminder.objects.exists()


def test_a_tracking_plan_for_a_later_time_today_is_saved(april_client, patient):
    appointment = appointment_at(patient, datetime(2026, 4, 2, 9, tzinfo=UTC))
    response = track(april_client, appointment, "20:00")
    assert response.status_code == 302
    plan = Reminder.objects.get(kind=Reminder.TRACKING)
    assert (str(plan.starts_on), str(plan.ends_on), plan.times) == (
        "2026-04-01",
        "2026-04-01",
        ["20:00"],
    )


def test_a_tracking_plan_with_days_to_come_takes_a_time_already_passed_today(april_client, patient):
    # Sent from tomorrow at 09:00, up to the day before the appointment.
    appointment = appointment_at(patient, datetime(2026, 4, 4, 9, tzinfo=UTC))
    assert track(april_client, appointment, "09:00").status_code == 302
    plan = Reminder.objects.get(kind=Reminder.TRACKING)
    assert (str(plan.starts_on), str(plan.ends_on)) == ("2026-04-01", "2026-04-03")


def test_the_ordinary_diary_reminder_form_still_refuses_a_passed_last_day(april_client):
    response = april_client.post(
        reverse("notes_reminder_new") + "?kind=tracking",
        {
            "times_text": "09:00",
            "starts_on": "2026-04-01",
            "ends_on": "2026-04-01",
            "token": new_token(),
        },
    )
    assert Page(response.content.decode()).text("#id_ends_on-error") == (
        "Error: This reminder would never be sent: its last day is today and its times have "
        "passed. Choose a later date."
    )
    assert not Reminder.objects.exists()

"""Appointments in drop-down lists, and reminders before them: only those still to come."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from notes.models import Appointment, Question, Reminder
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page

NEW_REMINDER = reverse("notes_reminder_new") + "?kind=appointment"


def gp_at(patient, starts_at: datetime) -> Appointment:
    return Appointment.objects.create(patient=patient, starts_at=starts_at, role="gp")


@pytest.fixture
def appointments(patient):
    """A GP appointment that is over, one this afternoon, and two on following days."""
    return [
        gp_at(patient, datetime(2026, 3, 2, 9, tzinfo=UTC)),
        gp_at(patient, datetime(2026, 4, 1, 14, tzinfo=UTC)),
        gp_at(patient, datetime(2027, 1, 5, 10, 30, tzinfo=UTC)),
        gp_at(patient, datetime(2027, 1, 6, 10, 30, tzinfo=UTC)),
    ]


def options(client, url: str) -> list[str]:
    page = Page(client.get(url).content.decode())
    return ["".join(option.itertext()) for option in page.all("#id_appointment option")]


def test_the_reminder_form_offers_appointments_still_to_come_each_with_its_date(
    april_client, appointments
):
    assert options(april_client, NEW_REMINDER)[1:] == [
        "Wednesday 1 April 2026 at 15:00 \u2013 GP",  # in London's summer time
        "Tuesday 5 January 2027 at 10:30 \u2013 GP",
        "Wednesday 6 January 2027 at 10:30 \u2013 GP",
    ]


def test_an_appointment_in_the_hour_the_clocks_go_back_says_which_time_round(april_client, patient):
    gp_at(patient, datetime(2026, 10, 25, 1, 30, tzinfo=UTC))
    assert options(april_client, NEW_REMINDER)[1:] == [
        "Sunday 25 October 2026 at 01:30 (GMT) \u2013 GP"
    ]


def test_a_new_question_is_for_an_appointment_from_today_on(april_client, appointments):
    assert options(april_client, reverse("notes_questions")) == [
        "No particular appointment",
        "Wednesday 1 April 2026 at 15:00 \u2013 GP",
        "Tuesday 5 January 2027 at 10:30 \u2013 GP",
        "Wednesday 6 January 2027 at 10:30 \u2013 GP",
    ]


def test_a_question_for_an_appointment_that_is_over_keeps_it(april_client, patient, appointments):
    question = Question.objects.create(patient=patient, text="Why?", appointment=appointments[0])
    url = reverse("notes_question", args=[question.id])
    assert options(april_client, url)[:2] == [
        "No particular appointment",
        "Monday 2 March 2026 at 09:00 \u2013 GP",
    ]
    data = {"text": "Why?", "answer": "Wearing off", "status": "asked"}
    response = april_client.post(url, {**data, "appointment": appointments[0].id})
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.answer, question.appointment) == ("Wearing off", appointments[0])


def remind_before(appointment: Appointment, minutes: int = 60) -> Reminder:
    return Reminder.objects.create(
        patient=appointment.patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        minutes_before=minutes,
        at=appointment.starts_at,
    )


def test_a_reminder_for_an_appointment_that_is_over_says_so(april_client, appointments):
    over = appointments[0]
    reminder = remind_before(over)
    url = reverse("notes_reminder", args=[reminder.id])
    assert "Monday 2 March 2026 at 09:00 \u2013 GP" in options(april_client, url)
    response = april_client.post(url, {"appointment": over.id, "before": 60})
    assert Page(response.content.decode()).text("#id_appointment-error") == (
        "Error: This appointment was on Monday 2 March 2026 at 09:00: a reminder before it "
        "can no longer be sent."
    )


def test_a_reminder_whose_time_has_passed_before_an_appointment_to_come_asks_for_less(
    april_client, appointments
):
    response = april_client.post(
        NEW_REMINDER, {"appointment": appointments[1].id, "before": 120, "token": new_token()}
    )
    assert Page(response.content.decode()).text("#id_before-error") == (
        "Error: That time has already passed. Choose a shorter time."
    )
    assert not Reminder.objects.exists()


def reminder_links(client, appointment: Appointment) -> list:
    page = Page(client.get(appointment.get_absolute_url()).content.decode())
    return page.all(f'a[href="{NEW_REMINDER}&appointment={appointment.id}"]')


def test_an_appointment_that_has_begun_offers_no_reminder_before_it(
    april_client, patient, appointments
):
    begun = gp_at(patient, datetime(2026, 4, 1, 11, 30, tzinfo=UTC))
    assert not reminder_links(april_client, appointments[0])
    assert not reminder_links(april_client, begun)
    assert len(reminder_links(april_client, appointments[1])) == 1

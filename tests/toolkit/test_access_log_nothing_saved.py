"""A carer's form sent twice changes the patient's records once, and their access log says so:
the second, answered "That meal was already recorded. Nothing was added.", is a look."""

import pytest
from django.urls import reverse

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.conftest import grant_care, new_token, sign_in_as_carer
from tests.notes.conftest import SMALL_PAGE
from tests.toolkit.test_back_and_send_again import send
from tests.toolkit.test_sharing_access_log import log_rows
from tests.tracker import make
from tests.tracker.make import utc
from tests.tracker.test_episodes import REQUIRED
from toolkit.models import AccessEvent
from tracker.models import Dose, Meal, Medication, SymptomEpisode

MEDICINE = {"name": "Co-careldopa", "dose": "25 mg / 100 mg", "times": "07:00, 19:00"}
EPISODE = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:10"}


def actions() -> list[str]:
    return list(AccessEvent.objects.order_by("at", "pk").values_list("action", flat=True))


@pytest.fixture
def carer_client(client, patient, carer, frozen):
    frozen(utc(2026, 1, 10, 13))
    grant_care(patient, carer, tracker="edit", notes="edit")
    return sign_in_as_carer(client, carer, patient)


@pytest.fixture
def pen(patient):
    return make.medication(patient, name="Apomorphine pen", schedule=[], as_needed=True)


def form_data(name: str, pen: Medication) -> dict:
    return {
        "meal_ate": {},
        "meal_new": {"date": "2026-01-10", "time": "12:30"},
        "dose_take": {"medication": pen.pk},
        "dose_new": {"medication": pen.pk, "date": "2026-01-10", "time": "12:40"},
        "episode_new": EPISODE,
        "medication_new": MEDICINE,
        "notes_note_new": {"written_on": "2026-01-10", "text": "Slept badly"},
        "notes_questions": {"text": "Should the evening dose be earlier?"},
    }[name]


MODELS = {
    "meal_ate": Meal,
    "meal_new": Meal,
    "dose_take": Dose,
    "dose_new": Dose,
    "episode_new": SymptomEpisode,
    "medication_new": Medication,
    "notes_note_new": Note,
    "notes_questions": Question,
}


@pytest.mark.parametrize("name", list(MODELS))
def test_a_form_sent_twice_by_a_carer_is_logged_as_one_change(carer_client, pen, name):
    """A double tap: the same form, its one-time token and all, sent twice."""
    data = {**form_data(name, pen), "token": new_token()}
    first = carer_client.post(reverse(name), data)
    assert first.status_code == 302
    assert actions().count("changed") == 1
    saved = MODELS[name].objects.count()

    again = carer_client.post(reverse(name), data, follow=True)
    assert again.redirect_chain  # answered with a redirect, as a form saved is
    assert "Nothing was added." in again.content.decode()
    assert MODELS[name].objects.count() == saved
    assert actions().count("changed") == 1


@pytest.mark.parametrize("name", ["meal_new", "dose_new", "episode_new", "notes_note_new"])
def test_a_form_sent_again_after_going_back_is_logged_as_one_change(carer_client, pen, name):
    """Back fetches the form with a new token: the record sent is the twin of the one made."""
    send(carer_client, reverse(name), form_data(name, pen))
    send(carer_client, reverse(name), form_data(name, pen))
    assert actions().count("changed") == 1


def test_an_episode_sent_again_with_more_said_changes_nothing_and_is_logged_so(carer_client):
    send(carer_client, reverse("episode_new"), EPISODE)
    again = send(carer_client, reverse("episode_new"), {**EPISODE, "note": "After lunch"})
    assert "so nothing was added" in again.content.decode()
    assert SymptomEpisode.objects.get().note == ""
    assert actions().count("changed") == 1


def test_a_medicine_sent_again_with_other_times_changes_nothing_and_is_logged_so(carer_client):
    send(carer_client, reverse("medication_new"), MEDICINE)
    again = send(carer_client, reverse("medication_new"), {**MEDICINE, "times": "08:00"})
    assert "so nothing was added" in again.content.decode()
    assert Medication.objects.get().schedule == ["07:00", "19:00"]
    assert actions().count("changed") == 1


def test_the_patient_reads_one_change_for_a_meal_tapped_twice(carer_client, patient):
    data = {"token": new_token()}
    carer_client.post(reverse("meal_ate"), data)
    carer_client.post(reverse("meal_ate"), data)
    carer_client.force_login(patient)
    rows = log_rows(carer_client)
    assert sum("Changed: My Tracker" in row for row in rows) == 1, rows


def test_two_meals_sent_by_a_carer_are_two_changes(carer_client, frozen):
    """Each form saved is still logged as a change."""
    carer_client.post(reverse("meal_ate"), {"token": new_token()})
    frozen(utc(2026, 1, 10, 18))
    carer_client.post(reverse("meal_ate"), {"token": new_token()})
    assert Meal.objects.count() == 2
    assert actions() == ["changed", "changed"]


@pytest.mark.parametrize(
    ("name", "model", "data"),
    [
        ("notes_questions_from_page", Question, {}),
        ("notes_contact_from_page", Contact, {"organisation": "0"}),
    ],
)
def test_what_a_page_offers_saved_twice_is_logged_as_one_change(
    carer_client, settings, tmp_path, name, model, data
):
    (tmp_path / "tremor.md").write_text(SMALL_PAGE)
    settings.CONTENT_DIR = tmp_path
    for _ in range(2):
        carer_client.post(reverse(name), {"page": "tremor", **data})
    assert model.objects.exists()
    assert actions().count("changed") == 1


def test_a_medicine_stopped_twice_is_logged_as_one_change(carer_client, pen):
    for _ in range(2):
        carer_client.post(reverse("medication_stop", args=[pen.pk]))
    assert actions().count("changed") == 1


def test_a_diary_plan_asked_for_twice_is_logged_as_one_change(carer_client, patient):
    appointment = Appointment.objects.create(patient=patient, starts_at=utc(2026, 1, 20, 10))
    url = reverse("notes_appointment_tracking", args=[appointment.pk])
    for _ in range(2):
        carer_client.post(url, {"time": "20:00"})
    assert Reminder.objects.count() == 1
    assert actions().count("changed") == 1

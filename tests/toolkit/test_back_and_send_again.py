"""Going Back and sending a form again records nothing twice.

The pages are not stored, so Back fetches the form afresh, with a new one-time token, while
the browser fills in again what was typed: the record sent is the twin of the one just made.
"""

import re
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.conftest import grant_care, sign_in_as_carer
from tests.tracker import make
from tests.tracker.make import utc
from tests.tracker.test_doses import confirm, press
from tests.tracker.test_episodes import REQUIRED, said
from toolkit.once import TWIN_WINDOW
from tracker.models import Dose, Meal, Medication, SymptomEpisode

TAKE_FORM = r'<form method="post" action="/my-tracker/doses/taken">(.*?)</form>'
HIDDEN = r'<input type="hidden" name="(?!csrf)(\w+)" value="([^"]*)"'


def send(client, url: str, data: dict):
    """Open the form's page and send it with `data` typed in, as Back and Save again do."""
    page = client.get(url).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    return client.post(url, {**data, "token": token}, follow=True)


def took_now(client, name: str):
    """Open the tracker home, as Back does, and press "I took … now" for `name`."""
    page = client.get(reverse("tracker_home")).content.decode()
    (form,) = [f for f in re.findall(TAKE_FORM, page, re.S) if f"took {name} now</button>" in f]
    return client.post(reverse("dose_take"), dict(re.findall(HIDDEN, form)), follow=True)


def recorded_earlier(model, minutes: float) -> None:
    """Move back when the patient's records of `model` were recorded."""
    model.objects.update(recorded_at=F("recorded_at") - timedelta(minutes=minutes))


@pytest.fixture
def pen(patient):
    return make.medication(patient, name="Apomorphine pen", schedule=[], as_needed=True)


def test_a_dose_from_the_form_sent_again_after_going_back_is_recorded_once(
    patient_client, pen, frozen
):
    frozen(utc(2026, 1, 10, 9))
    data = {"medication": pen.pk, "date": "2026-01-10", "time": "08:40"}
    first = send(patient_client, reverse("dose_new"), data)
    again = send(patient_client, reverse("dose_new"), data)
    assert Dose.objects.get().taken_at == utc(2026, 1, 10, 8, 40)
    assert said(first) == ["Dose of Apomorphine pen recorded at 08:40."]
    assert said(again) == [
        "That dose of Apomorphine pen was already recorded at 08:40. Nothing was added."
    ]


def test_a_scheduled_dose_from_the_form_sent_again_is_recorded_once(
    patient_client, patient, frozen
):
    # Matched afresh, the dose sent again was filed as an extra dose, its time being taken.
    frozen(utc(2026, 1, 10, 9))
    med = make.medication(patient, name="Rasagiline", schedule=["08:00", "14:00"])
    data = {"medication": med.pk, "date": "2026-01-10", "time": "08:05"}
    send(patient_client, reverse("dose_new"), data)
    again = send(patient_client, reverse("dose_new"), data)
    assert list(Dose.objects.values_list("scheduled_for", flat=True)) == [utc(2026, 1, 10, 8)]
    assert said(again) == [
        "That dose of Rasagiline for 08:00 was already recorded at 08:05. Nothing was added."
    ]


def test_a_carer_recording_the_dose_the_patient_just_recorded_is_told_who_did(
    patient_client, patient, carer, pen, frozen
):
    frozen(utc(2026, 1, 10, 9))
    data = {"medication": pen.pk, "date": "2026-01-10", "time": "08:40"}
    send(patient_client, reverse("dose_new"), data)
    grant_care(patient, carer, tracker="edit")
    carer_client = sign_in_as_carer(Client(), carer, patient)
    response = send(carer_client, reverse("dose_new"), data)
    assert Dose.objects.get().recorded_by == patient
    assert said(response) == [
        "That dose of Apomorphine pen was already recorded at 08:40 by Mary. Nothing was added."
    ]


def test_i_took_it_now_pressed_again_after_going_back_is_recorded_once(
    patient_client, patient, frozen
):
    make.medication(patient, name="Co-beneldopa dispersible", schedule=[], as_needed=True)
    frozen(utc(2026, 1, 10, 10, 0, 5))
    took_now(patient_client, "Co-beneldopa dispersible")
    frozen(utc(2026, 1, 10, 10, 0, 20))
    again = took_now(patient_client, "Co-beneldopa dispersible")
    assert Dose.objects.count() == 1
    assert said(again) == [
        "That dose of Co-beneldopa dispersible was already recorded at 10:00. Nothing was added."
    ]


def test_a_medicine_sent_again_after_going_back_is_added_once(patient_client, patient):
    data = {"name": "Ropinirole XL", "dose": "4 mg", "times": "08:00"}
    send(patient_client, reverse("medication_new"), data)
    again = send(patient_client, reverse("medication_new"), data)
    assert Medication.objects.get().schedule == ["08:00"]
    assert said(again) == ["Ropinirole XL was already added. Nothing was added."]


def test_a_medicine_stopped_may_be_added_again_at_once(patient_client, patient):
    data = {"name": "Ropinirole XL", "dose": "4 mg", "times": "08:00"}
    send(patient_client, reverse("medication_new"), data)
    patient_client.post(reverse("medication_stop", args=[Medication.objects.get().pk]))
    send(patient_client, reverse("medication_new"), data)
    assert Medication.objects.filter(stopped_at=None).count() == 1
    assert Medication.objects.count() == 2


def test_a_diary_reminder_sent_again_after_going_back_is_set_once(patient_client, patient):
    today = patient.local_today()
    data = {
        "times_text": "20:30",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=13)).isoformat(),
        "message": "",
    }
    url = reverse("notes_reminder_new") + "?kind=tracking"
    send(patient_client, url, data)
    again = send(patient_client, url, data)
    assert said(again) == ["That reminder was already saved. Nothing was added."]
    reminder = Reminder.objects.get()
    assert (reminder.title, reminder.times) == ("Fill in today's diary", ["20:30"])


def test_a_dose_of_the_same_medicine_3_minutes_later_is_asked_about_then_recorded(
    patient_client, pen, frozen
):
    frozen(utc(2026, 1, 10, 10))
    took_now(patient_client, "Apomorphine pen")
    frozen(utc(2026, 1, 10, 10, 3))
    question = took_now(patient_client, "Apomorphine pen")
    assert not question.redirect_chain  # a second dose so soon is asked about, not a twin
    assert Dose.objects.count() == 1
    response = confirm(patient_client, question)
    assert said(response) == ["Dose of Apomorphine pen recorded at 10:03."]
    assert Dose.objects.count() == 2


def test_doses_for_two_scheduled_times_pressed_together_are_both_recorded(
    patient_client, patient, frozen
):
    # The morning dose missed, caught up with the next one.
    frozen(utc(2026, 1, 10, 10))
    make.medication(patient, name="Rasagiline", schedule=["08:00", "10:00"])
    press(patient_client, "Rasagiline due at 08:00")
    confirm(patient_client, press(patient_client, "Rasagiline due at 10:00"))
    scheduled = sorted(Dose.objects.values_list("scheduled_for", flat=True))
    assert scheduled == [utc(2026, 1, 10, 8), utc(2026, 1, 10, 10)]


def test_an_extra_dose_taken_with_a_scheduled_one_is_recorded(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 7, 5))
    make.medication(patient, name="Rasagiline", schedule=["07:00"], as_needed=True)
    press(patient_client, "Rasagiline due at 07:00")
    response = confirm(patient_client, took_now(patient_client, "Rasagiline"))
    assert said(response) == ["Dose of Rasagiline recorded at 07:05."]
    scheduled = list(Dose.objects.values_list("scheduled_for", flat=True))
    assert scheduled == [utc(2026, 1, 10, 7), None]


def test_the_same_dose_sent_after_the_window_is_recorded(patient_client, pen, frozen):
    frozen(utc(2026, 1, 10, 9))
    data = {"medication": pen.pk, "date": "2026-01-10", "time": "08:40"}
    send(patient_client, reverse("dose_new"), data)
    recorded_earlier(Dose, TWIN_WINDOW.total_seconds() / 60 + 1)
    response = send(patient_client, reverse("dose_new"), data)
    assert said(response) == ["Dose of Apomorphine pen recorded at 08:40."]
    assert Dose.objects.count() == 2


def test_the_same_question_asked_again_later_is_added(patient_client, patient):
    url = reverse("notes_questions")
    send(patient_client, url, {"text": "Can I drive?"})
    again = send(patient_client, url, {"text": "Can I drive?"})
    assert Question.objects.count() == 1
    assert said(again) == ["That question was already saved. Nothing was added."]
    recorded_earlier(Question, TWIN_WINDOW.total_seconds() / 60 + 1)
    send(patient_client, url, {"text": "Can I drive?"})
    assert Question.objects.count() == 2


SENT_AGAIN = [
    (
        "meal_new",
        {"date": "2026-01-10", "time": "12:30", "protein_rich": "on"},
        Meal,
        "That meal was already recorded. Nothing was added.",
    ),
    (
        "episode_new",
        {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:10"},
        SymptomEpisode,
        "That episode was already recorded, so nothing was added. "
        "Add anything that is missing here.",
    ),
    (
        "notes_note_new",
        {"written_on": "2026-01-10", "title": "", "text": "Dizzy after lunch"},
        Note,
        "That note was already saved. Nothing was added.",
    ),
    (
        "notes_appointment_new",
        {"day": "2026-02-03", "time": "10:00", "role": "nurse", "with_name": "Sam"},
        Appointment,
        "That appointment was already saved. Nothing was added.",
    ),
    (
        "notes_contact_new",
        {"name": "Parkinson's nurse", "phone": "01234 567890"},
        Contact,
        "That contact was already saved. Nothing was added.",
    ),
]


@pytest.mark.parametrize(
    ("url", "data", "model", "message"), SENT_AGAIN, ids=[row[0] for row in SENT_AGAIN]
)
def test_a_record_sent_again_after_going_back_is_made_once_and_says_so(
    patient_client, patient, frozen, url, data, model, message
):
    frozen(utc(2026, 1, 10, 13))
    send(patient_client, reverse(url), data)
    again = send(patient_client, reverse(url), data)
    assert model.objects.count() == 1
    assert said(again) == [message]


def test_an_episode_sent_again_with_more_said_leads_to_its_page_to_add_it(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 13))
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:10"}
    send(patient_client, reverse("episode_new"), data)
    again = send(patient_client, reverse("episode_new"), {**data, "note": "After lunch"})
    episode = SymptomEpisode.objects.get()
    assert again.redirect_chain[-1][0] == reverse("episode_edit", args=[episode.pk])
    assert episode.note == ""  # nothing is changed without being seen


def test_a_meal_a_few_minutes_after_another_is_recorded(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 13))
    send(patient_client, reverse("meal_new"), {"date": "2026-01-10", "time": "12:30"})
    send(patient_client, reverse("meal_new"), {"date": "2026-01-10", "time": "12:33"})
    assert Meal.objects.count() == 2


def test_a_note_changed_before_sending_again_is_saved_too(patient_client, patient):
    data = {"written_on": patient.local_today().isoformat(), "title": "", "text": "Dizzy"}
    send(patient_client, reverse("notes_note_new"), data)
    send(patient_client, reverse("notes_note_new"), {**data, "text": "Dizzy after lunch"})
    assert Note.objects.count() == 2

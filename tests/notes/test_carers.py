"""A carer working on Mary's notes: the pages name Mary, and Mary sees what the carer added."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notes import api
from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.conftest import grant_care, new_token, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from toolkit.models import CareGrant

YOURS = {"My": "My", "me": "me", "Your": "Your", "your": "your", "you": "you"}
MARYS = {"My": "Mary's", "me": "Mary", "Your": "Mary's", "your": "Mary's", "you": "Mary"}


@pytest.fixture(params=["patient", "carer"])
def writer(request, client, patient, carer):
    """Someone who may change Mary's notes, with the words the pages should use for her."""
    if request.param == "patient":
        client.force_login(patient)
        return client, YOURS
    grant_care(patient, carer, notes="edit")
    return sign_in_as_carer(client, carer, patient), MARYS


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_saving_an_appointment_and_its_tracking_plan_names_whose_they_are(writer, patient):
    client, words = writer
    day = patient.local_today() + timedelta(days=10)
    data = {"day": day.isoformat(), "time": "10:30", "role": "neurologist", "with_name": "Dr Shah"}
    response = client.post(
        reverse("notes_appointment_new"), {**data, "token": new_token()}, follow=True
    )
    saved = f"{words['Your']} appointment with Neurologist (Dr Shah) has been saved."
    assert said(response) == [saved]
    appointment = Appointment.objects.get()
    response = client.post(
        reverse("notes_appointment_edit", args=[appointment.id]), data, follow=True
    )
    assert said(response) == [saved]

    response = client.post(
        reverse("notes_appointment_tracking", args=[appointment.id]), {"time": "20:00"}, follow=True
    )
    first, last = day - timedelta(days=5), day - timedelta(days=1)
    assert said(response) == [
        f"We will remind {words['you']} to fill in the ON/OFF diary each day "
        f"from {first:%-d %B} to {last:%-d %B}."
    ]


def test_saving_a_note_or_a_contact_names_whose_they_are(writer):
    client, words = writer
    note = {"written_on": "2026-11-01", "title": "Night", "text": "Woke at 3"}
    response = client.post(reverse("notes_note_new"), {**note, "token": new_token()}, follow=True)
    assert said(response) == [f"{words['Your']} note “Night” has been saved."]
    url = reverse("notes_note", args=[Note.objects.get().id])
    assert said(client.post(url, note, follow=True)) == [
        f"{words['Your']} note “Night” has been saved."
    ]

    contact = {"name": "Nurse Ali", "token": new_token()}
    response = client.post(reverse("notes_contact_new"), contact, follow=True)
    assert said(response) == [f"Nurse Ali has been added to {words['your']} contacts."]
    url = reverse("notes_contact_delete", args=[Contact.objects.get().id])
    assert said(client.post(url, follow=True)) == [
        f"Nurse Ali was removed from {words['your']} contacts."
    ]


def test_saving_or_turning_off_a_reminder_names_whose_it_is(writer):
    client, words = writer
    data = {"message": "Stretch", "repeat": "daily", "times_text": "09:00"}
    response = client.post(
        reverse("notes_reminder_new") + "?kind=custom", {**data, "token": new_token()}, follow=True
    )
    assert said(response) == [f"{words['Your']} reminder “Stretch” has been saved."]
    reminder = Reminder.objects.get()
    response = client.post(reverse("notes_reminder", args=[reminder.id]), data, follow=True)
    assert said(response) == [f"{words['Your']} reminder “Stretch” has been saved."]
    response = client.post(reverse("notes_reminder_active", args=[reminder.id]), follow=True)
    assert said(response) == [f"{words['Your']} reminder “Stretch” is off."]


def test_adding_or_saving_a_question_names_whose_it_is(writer):
    client, words = writer
    response = client.post(
        reverse("notes_questions"), {"text": "Can I drive?", "token": new_token()}, follow=True
    )
    assert said(response) == [f"{words['Your']} question has been added."]
    url = reverse("notes_question", args=[Question.objects.get().id])
    data = {"text": "Can I drive?", "answer": "", "status": "to_ask"}
    assert said(client.post(url, data, follow=True)) == [
        f"{words['Your']} question has been saved."
    ]


def test_adding_from_an_information_page_names_whose_notes_it_goes_to(writer, small_page):
    client, words = writer
    questions = reverse("notes_questions_from_page")
    response = client.post(questions, {"page": small_page}, follow=True)
    assert said(response) == [
        f"2 questions from this page were added to {words['My']} Reminders & Notes."
    ]
    response = client.post(questions, {"page": small_page}, follow=True)
    assert said(response) == [f"The questions from this page are already in {words['your']} notes."]

    contacts = reverse("notes_contact_from_page")
    organisation = {"page": small_page, "organisation": "0"}
    response = client.post(contacts, organisation, follow=True)
    assert said(response) == [f"Tremor Help was added to {words['your']} contacts."]
    response = client.post(contacts, organisation, follow=True)
    assert said(response) == [f"Tremor Help is already in {words['your']} contacts."]


def labels(response) -> list[str]:
    page = Page(response.content.decode())
    return [" ".join("".join(e.itertext()).split()) for e in page.all("main label, main legend")]


def test_the_question_forms_ask_for_whose_question_and_answer(writer, patient):
    client, words = writer
    assert f"{words['Your']} question" in labels(client.get(reverse("notes_questions")))
    question = Question.objects.create(patient=patient, text="Can I drive?")
    response = client.get(reverse("notes_question", args=[question.id]))
    assert (
        Page(response.content.decode()).text("h1")
        == f"{words['Your']} question \u201cCan I drive?\u201d"
    )
    assert f"{words['Your']} answer (what to tell them) (optional)" in labels(response)


def test_the_reminder_forms_ask_when_to_remind_whom(writer, patient):
    client, words = writer
    Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=10), role="gp"
    )
    custom = reverse("notes_reminder_new") + "?kind=custom"
    assert f"What should we remind {words['you']} of?" in labels(client.get(custom))
    response = client.post(custom, {"message": "Stretch", "token": new_token()})
    assert Page(response.content.decode()).text(".nhsuk-error-summary__list") == (
        f"Choose how often we should remind {words['you']}."
    )
    response = client.get(reverse("notes_reminder_new") + "?kind=appointment")
    assert f"When should we remind {words['you']}?" in labels(response)


def test_the_tracking_plan_asks_when_to_remind_whom(writer, patient):
    client, words = writer
    appointment = Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=10), role="gp"
    )
    response = client.get(appointment.get_absolute_url())
    assert f"Remind {words['me']} each day at" in labels(response)
    url = reverse("notes_appointment_tracking", args=[appointment.id])
    page = Page(client.post(url, {"time": ""}).content.decode())
    assert page.text("h1") == f"Track the days before {words['your']} appointment"
    assert page.text(".nhsuk-error-summary__list") == (
        f"Enter the time to remind {words['you']} each day."
    )


def test_changing_a_note_says_whose_it_is(writer, patient):
    client, words = writer
    note = Note.objects.create(patient=patient, written_on="2026-11-01", title="Night", text="x")
    response = client.get(reverse("notes_note", args=[note.id]))
    assert Page(response.content.decode()).text("h1") == (
        f"Change {words['your']} note \u201cNight\u201d of 1 November 2026"
    )


def main_text(client, url) -> str:
    return Page(client.get(url).content.decode()).text("main")


def test_a_carer_who_may_only_look_is_never_spoken_to_as_if_the_records_were_theirs(
    client, patient, carer
):
    appointment = Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=10), role="gp"
    )
    grant_care(patient, carer, tracker="view", notes="view")
    sign_in_as_carer(client, carer, patient)
    home = main_text(client, reverse("notes_home"))
    assert "Keep Mary's questions for the specialist" in home
    assert "bring them to Mary's appointment" in home
    assert "Mary's care team, helplines and organisations." in home
    assert "An email can remind Mary to take medication" in home
    details = main_text(client, appointment.get_absolute_url())
    assert "It is made from Mary's tracker on those days" in details
    for text in (home, details):
        assert not re.search(r"\byou(r)?\b", text, re.IGNORECASE), text


@pytest.mark.parametrize(
    ("name", "instruction"),
    [
        ("notes_appointment", "Choose this appointment when you answer or change a question."),
        ("notes_home", "Add Mary's own, or add them from an information page."),
        ("notes_questions", "mark each question when it has been asked"),
        ("notes_contacts", "let you add each organisation"),
    ],
)
def test_only_a_carer_who_may_record_is_told_how_to(client, patient, carer, name, instruction):
    appointment = Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=10), role="gp"
    )
    url = appointment.get_absolute_url() if name == "notes_appointment" else reverse(name)
    grant = grant_care(patient, carer, notes="edit")
    sign_in_as_carer(client, carer, patient)
    assert instruction in main_text(client, url)
    CareGrant.objects.filter(pk=grant.pk).update(notes="view")
    assert instruction not in main_text(client, url)


def test_a_carer_who_may_only_look_sees_the_questions_as_marys(client, patient, carer):
    Question.objects.create(patient=patient, text="Can I drive?", answer="Only by day")
    grant_care(patient, carer, notes="view")
    response = sign_in_as_carer(client, carer, patient).get(reverse("notes_questions"))
    text = Page(response.content.decode()).text("main")
    assert "Mary's own questions" in text
    assert "Mary's answer: Only by day" in text
    assert "your" not in text.lower()


def carer_and_patient_records(patient, carer):
    """One of each list's records by the carer, and one by Mary herself."""
    soon = timezone.now() + timedelta(days=3)
    for by, name in ((carer, "John's entry"), (patient, "Mary's entry")):
        fields = {"patient": patient, "recorded_by": by}
        Note.objects.create(**fields, written_on="2026-11-01", title=name, text="x")
        Question.objects.create(**fields, text=name)
        Contact.objects.create(**fields, name=name)
        Appointment.objects.create(**fields, starts_at=soon, role="gp", with_name=name)
        Appointment.objects.create(
            **fields, starts_at=soon - timedelta(days=30), role="gp", with_name=name
        )
        Reminder.objects.create(**fields, kind=Reminder.CUSTOM, message=name, times=["09:00"])


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        ("notes_notes", 1),
        ("notes_questions", 1),
        ("notes_contacts", 1),
        ("notes_appointments", 2),  # one coming up, one past
        ("notes_reminders", 1),
    ],
)
def test_mary_sees_which_records_a_carer_added(patient_client, patient, carer, name, marks):
    carer_and_patient_records(patient, carer)
    text = Page(patient_client.get(reverse(name)).content.decode()).text("main")
    assert text.count("Recorded by John") == marks
    assert "Recorded by Mary" not in text


def test_a_carer_with_the_tracker_is_linked_there_to_add_medicines(client, patient, carer):
    grant_care(patient, carer, notes="edit", tracker="view")
    sign_in_as_carer(client, carer, patient)
    url = reverse("notes_reminder_new") + "?kind=medication"
    assert "Add Mary's medications and their times in My Tracker first." in main_text(client, url)
    assert '<a href="/my-tracker/medications">My Tracker</a>' in client.get(url).text


MEDICATION_ID = "0b7d7c4e-5f0e-4c41-9a51-6a9b8f0e0a11"


@pytest.fixture
def medication_reminder(patient):
    """Mary's reminder to take her medicine, beside one to stretch."""
    api.medication_schedule_changed(patient, MEDICATION_ID, "Co-careldopa", ["07:00"], True)
    Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Stretch", times=["09:00"]
    )
    return Reminder.objects.create(
        patient=patient,
        kind=Reminder.MEDICATION,
        medication_id=MEDICATION_ID,
        medication_name="Co-careldopa",
        times=["07:00"],
    )


@pytest.mark.parametrize(("tracker", "sees"), [("none", False), ("view", True)])
def test_only_a_carer_who_may_see_the_tracker_is_shown_or_offered_medication_reminders(
    client, patient, carer, medication_reminder, tracker, sees
):
    grant_care(patient, carer, notes="edit", tracker=tracker)
    sign_in_as_carer(client, carer, patient)
    reminders = client.get(reverse("notes_reminders")).text
    assert "Stretch" in reminders
    assert ("Co-careldopa" in reminders) is sees
    home = main_text(client, reverse("notes_home"))
    assert ("2 reminders on." if sees else "1 reminder on.") in home
    new = reverse("notes_reminder_new")
    for page in (reminders, client.get(new).text):
        assert ("?kind=medication" in page) is sees
    form = client.get(new + "?kind=medication").text
    assert ("Co-careldopa" in form) is sees
    assert ("Which medication?" in form) is sees
    # The patient's own turned off (a second on would send each email twice), and a message of
    # its own: the same reminder again, a moment after, is taken for one sent twice.
    Reminder.objects.filter(kind=Reminder.MEDICATION).update(active=False)
    data = {"medication": MEDICATION_ID, "message": "With food", "token": new_token()}
    client.post(new + "?kind=medication", data)
    assert Reminder.objects.filter(kind=Reminder.MEDICATION).count() == (2 if sees else 1)


def test_a_carer_without_the_tracker_cannot_open_change_or_delete_a_medication_reminder(
    client, patient, carer, medication_reminder
):
    grant_care(patient, carer, notes="edit")
    sign_in_as_carer(client, carer, patient)
    for name in ("notes_reminder", "notes_reminder_active", "notes_reminder_delete"):
        url = reverse(name, args=[medication_reminder.id])
        assert client.get(url).status_code == (405 if name == "notes_reminder_active" else 404)
        assert client.post(url).status_code == 404
    medication_reminder.refresh_from_db()
    assert medication_reminder.active


def test_an_appointment_shows_a_carer_without_the_tracker_none_of_its_medication_reminders(
    client, patient, carer, medication_reminder
):
    # Only an import could tie a medication reminder to an appointment.
    appointment = Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=3), role="gp"
    )
    Reminder.objects.filter(pk=medication_reminder.pk).update(appointment=appointment)
    grant_care(patient, carer, notes="view")
    sign_in_as_carer(client, carer, patient)
    page = client.get(reverse("notes_appointment", args=[appointment.id])).content.decode()
    assert "Co-careldopa" not in page


HIDDEN = "Medication reminders are shown only to people who can see Mary's tracker."


def test_a_carer_without_the_tracker_is_told_medication_reminders_are_not_shown(
    client, patient, carer, medication_reminder
):
    grant_care(patient, carer, notes="edit")
    sign_in_as_carer(client, carer, patient)
    text = main_text(client, reverse("notes_reminders"))
    assert "Stretch" in text
    assert HIDDEN in text
    assert "No reminders" not in text


def test_a_carer_who_sees_no_reminders_is_not_told_there_are_none(
    client, patient, carer, medication_reminder
):
    Reminder.objects.exclude(pk=medication_reminder.pk).delete()
    grant_care(patient, carer, notes="view")
    sign_in_as_carer(client, carer, patient)
    text = main_text(client, reverse("notes_reminders"))
    assert f"No reminders you can see. {HIDDEN}" in text
    assert "No reminders yet." not in text


@pytest.mark.parametrize("tracker", ["view", "edit"])
def test_a_carer_with_the_tracker_is_not_told_of_hidden_reminders(
    client, patient, carer, medication_reminder, tracker
):
    grant_care(patient, carer, notes="view", tracker=tracker)
    sign_in_as_carer(client, carer, patient)
    text = main_text(client, reverse("notes_reminders"))
    assert "Co-careldopa" in text
    assert "shown only to" not in text
    Reminder.objects.all().delete()
    assert "No reminders yet." in main_text(client, reverse("notes_reminders"))

"""Two records alike in name are told apart by what each page and link says of them, when
read out as well as when seen."""

import pytest
from django.test import Client
from django.urls import reverse

from notes.models import Contact, Note, Question, Reminder
from tests.conftest import grant_care, sign_in_as_carer
from tests.toolkit.test_form_pack import Page


def read_out(element) -> str:
    return " ".join("".join(element.itertext()).split())


def page_of(client, url: str) -> Page:
    return Page(client.get(url).content.decode())


def titles(response) -> tuple[str, str]:
    page = Page(response.content.decode())
    return page.text("title").split(" \u2013 ")[0], page.text("h1")


def test_two_reminders_with_one_message_are_told_apart_by_their_times(april_client, patient):
    for time in ("10:00", "18:00"):
        Reminder.objects.create(
            patient=patient, kind=Reminder.CUSTOM, message="Physio exercises", times=[time]
        )
    page = page_of(april_client, reverse("notes_reminders"))
    changes = [read_out(a) for a in page.all("article .app-actions a")]
    assert changes == [
        "Change Physio exercises, at 10:00, every day",
        "Change Physio exercises, at 18:00, every day",
    ]
    buttons = [read_out(b) for b in page.all("article .app-actions button")]
    assert buttons == [
        "Turn off Physio exercises, at 10:00, every day",
        "Turn off Physio exercises, at 18:00, every day",
    ]
    # The status is read apart from the title.
    headings = [read_out(h) for h in page.all("article h3")]
    assert headings == ["Physio exercises, On", "Physio exercises, On"]


def test_a_reminder_sent_once_is_named_by_its_day_and_time(april_client, patient):
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Blood test",
        at="2026-05-20T08:00:00Z",
    )
    page = page_of(april_client, reverse("notes_reminders"))
    [change] = page.all("article .app-actions a")
    assert read_out(change) == "Change Blood test, Wednesday 20 May 2026, 09:00"


def test_notes_with_one_title_are_told_apart_by_their_dates(patient_client, patient):
    for day in ("2026-03-01", "2026-03-02"):
        Note.objects.create(patient=patient, written_on=day, title="Bad morning", text="x")
    page = page_of(patient_client, reverse("notes_notes"))
    assert [read_out(a) for a in page.all("main .nhsuk-card a")] == [
        "Change the note Bad morning of 2 March 2026",
        "Change the note Bad morning of 1 March 2026",
    ]


@pytest.mark.parametrize(
    ("make", "url", "name"),
    [
        (
            lambda p: Question.objects.create(patient=p, text="Can I drive?"),
            "notes_question",
            "Your question \u201cCan I drive?\u201d",
        ),
        (
            lambda p: Note.objects.create(
                patient=p, written_on="2026-03-01", title="Bad morning", text="x"
            ),
            "notes_note",
            "Change your note \u201cBad morning\u201d of 1 March 2026",
        ),
        (
            lambda p: Contact.objects.create(patient=p, name="Helpline"),
            "notes_contact",
            "Change the contact \u201cHelpline\u201d",
        ),
    ],
)
def test_a_record_s_own_page_is_named_after_it(patient_client, patient, make, url, name):
    record = make(patient)
    assert titles(patient_client.get(reverse(url, args=[record.pk]))) == (name, name)
    # What was typed and refused does not rename it: it is still that record being changed.
    refused = patient_client.post(reverse(url, args=[record.pk]), {"text": "", "name": ""})
    assert titles(refused) == (f"Error: {name}", name)


def test_a_long_question_is_cut_short_in_its_page_s_name(patient_client, patient):
    text = "Is it safe to drive a car " + "on long journeys " * 10 + "alone?"
    question = Question.objects.create(patient=patient, text=text)
    title, h1 = titles(patient_client.get(reverse("notes_question", args=[question.pk])))
    assert title == h1
    assert title.startswith("Your question \u201cIs it safe to drive a car on long")
    assert title.endswith("\u2026\u201d") and len(title) < 80


def test_a_carer_s_page_for_a_note_names_whose_note_it_is(patient, carer):
    grant_care(patient, carer, notes="edit")
    client = sign_in_as_carer(Client(), carer, patient)
    note = Note.objects.create(patient=patient, written_on="2026-03-01", title="Night", text="x")
    assert (
        titles(client.get(reverse("notes_note", args=[note.pk])))
        == ("Change Mary's note \u201cNight\u201d of 1 March 2026",) * 2
    )


def test_an_organisation_is_added_to_the_contacts_by_a_button_that_names_it(
    patient_client, small_page
):
    page = page_of(patient_client, f"/information/{small_page}")
    [button] = page.all("main .app-save-to-notes__contact button")
    assert read_out(button) == "Add Tremor Help to my contacts"
    # Seen beside the organisation's name: "Add to my contacts".
    hidden = button.find("span")
    assert hidden.get("class") == "nhsuk-u-visually-hidden"
    assert (button.text + hidden.tail).strip() == "Add to my contacts"

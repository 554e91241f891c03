import re

import pytest
from django.urls import reverse

from notes.models import Appointment, Contact, Question
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page

CRAMPS = "managing-symptoms/cramps-and-spasms"


def add_questions(client, page):
    return client.post(reverse("notes_questions_from_page"), {"page": page})


def test_adding_the_questions_from_the_cramps_and_spasms_page_gives_its_five_questions_once(
    patient_client, patient
):
    first = add_questions(patient_client, CRAMPS)
    add_questions(patient_client, CRAMPS)

    assert first.status_code == 302
    # Back to where the page keeps its questions, and says what was saved.
    assert first["Location"] == "/information/managing-symptoms/cramps-and-spasms#save-to-notes"
    questions = Question.objects.filter(patient=patient)
    assert questions.count() == 5
    assert "When does it happen?" in {q.text for q in questions}
    assert {q.page_title for q in questions} == {"Cramps & Spasms (Dystonia)"}


def test_the_page_tells_you_when_the_questions_are_already_there(patient_client, small_page):
    add_questions(patient_client, small_page)
    response = add_questions(patient_client, small_page)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "The questions from this page are already in your notes."


def test_a_reworded_question_is_not_added_again_in_the_pages_words(
    patient_client, patient, small_page
):
    add_questions(patient_client, small_page)
    question = Question.objects.get(text="Which hand?")
    patient_client.post(
        reverse("notes_question", args=[question.id]),
        {"text": "Which hand? Mostly the left", "answer": "", "status": "to_ask"},
    )
    response = add_questions(patient_client, small_page)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "The questions from this page are already in your notes."
    assert sorted(Question.objects.values_list("text", flat=True)) == [
        "When did it start?",
        "Which hand? Mostly the left",
    ]


def test_only_the_pages_own_text_is_used_whatever_is_posted(patient_client, patient, small_page):
    patient_client.post(
        reverse("notes_questions_from_page"), {"page": small_page, "text": "<script>"}
    )
    assert sorted(Question.objects.values_list("text", flat=True)) == [
        "When did it start?",
        "Which hand?",
    ]


@pytest.mark.parametrize("path", ["", "../../etc/passwd", "no-such-page", "x" * 5000])
def test_a_page_that_does_not_exist_adds_nothing(patient_client, small_page, path):
    assert add_questions(patient_client, path).status_code == 404
    assert not Question.objects.exists()


def test_adding_an_organisation_takes_its_name_phone_and_website_from_the_page(
    patient_client, patient, small_page
):
    url = reverse("notes_contact_from_page")
    response = patient_client.post(url, {"page": small_page, "organisation": "0"})
    patient_client.post(url, {"page": small_page, "organisation": "0"})

    assert response["Location"] == "/information/tremor#save-to-notes"
    contact = Contact.objects.get(patient=patient)
    assert (contact.name, contact.phone, contact.website) == (
        "Tremor Help",
        "0800 000 000",
        "https://tremor.example.org",
    )


@pytest.mark.parametrize(
    "cell, website",
    [
        ('<a href="javascript:alert(1)">Website</a>', ""),
        ('<a href="java&#10;script:alert(1)">Website</a>', ""),
        ('<a href="JavaScript://www.example.org/%0aalert(1)">Website</a>', ""),
        ("javascript:alert(1)", ""),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">Website</a>', ""),
        ('<a href="mailto:help@example.org">Email us</a>', ""),
        ('<a href="/information/tremor">Our page</a>', ""),
        (
            '<a href="https://tremor.example.org/help">Website</a>',
            "https://tremor.example.org/help",
        ),
        ("[Website](http://tremor.example.org)", "http://tremor.example.org"),
        ("www.tremor.example.org", "https://www.tremor.example.org"),
    ],
)
def test_an_organisations_website_is_saved_only_when_it_is_a_web_address(
    patient_client, patient, settings, tmp_path, cell, website
):
    (tmp_path / "help.md").write_text(
        "# Help\n\n| Organisation | About | Phone Number | Website |\n| --- | --- | --- | --- |\n"
        f"| Tremor Help | Help | 0800 000 000 | {cell} |\n"
    )
    settings.CONTENT_DIR = tmp_path
    response = patient_client.post(
        reverse("notes_contact_from_page"), {"page": "help", "organisation": "0"}
    )

    assert response.status_code == 302
    contact = Contact.objects.get(patient=patient)
    assert (contact.name, contact.phone, contact.website) == (
        "Tremor Help",
        "0800 000 000",
        website,
    )
    contacts = patient_client.get(reverse("notes_contacts")).content.decode()
    assert "javascript:" not in contacts.lower()


@pytest.mark.parametrize("index", ["1", "-1", "one", "", "²", "00", "9" * 5000])
def test_an_organisation_the_page_does_not_have_adds_nothing(patient_client, small_page, index):
    url = reverse("notes_contact_from_page")
    assert patient_client.post(url, {"page": small_page, "organisation": index}).status_code == 404
    assert not Contact.objects.exists()


def test_questions_are_grouped_by_the_page_they_came_from_with_a_link_back(
    patient_client, small_page
):
    add_questions(patient_client, small_page)
    patient_client.post(reverse("notes_questions"), {"text": "Can I drive?", "token": new_token()})

    content = patient_client.get(reverse("notes_questions")).content.decode()

    assert 'From <a href="/information/tremor">Tremor</a>' in content
    assert "Your own questions" in content
    assert content.index("Which hand?") < content.index("Your own questions")
    assert content.index("Your own questions") < content.index("Can I drive?")


def test_answering_a_question_and_marking_it_for_an_appointment(patient_client, patient):
    question = Question.objects.create(patient=patient, text="Why at night?")
    appointment = Appointment.objects.create(
        patient=patient, starts_at="2030-05-01T10:00Z", role="nurse"
    )
    response = patient_client.post(
        reverse("notes_question", args=[question.id]),
        {
            "text": "Why at night?",
            "answer": "Mostly 3am",
            "status": "to_ask",
            "appointment": appointment.id,
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.answer, question.appointment) == ("Mostly 3am", appointment)

    response = patient_client.post(reverse("notes_question_asked", args=[question.id]), follow=True)
    question.refresh_from_db()
    assert question.status == Question.ASKED
    assert "“Why at night?” is marked as asked." in response.content.decode()
    assert ">Mark as not asked yet<" in response.content.decode()
    response = patient_client.post(reverse("notes_question_asked", args=[question.id]), follow=True)
    assert "“Why at night?” is back on the list to ask." in response.content.decode()


def test_another_patients_appointment_cannot_be_chosen(patient_client, patient, stranger):
    question = Question.objects.create(patient=patient, text="Why?")
    theirs = Appointment.objects.create(patient=stranger, starts_at="2030-05-01T10:00Z", role="gp")
    response = patient_client.post(
        reverse("notes_question", args=[question.id]),
        {"text": "Why?", "status": "to_ask", "appointment": theirs.id},
    )
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.text("#id_appointment-error") == (
        "Error: Choose an answer to “For which appointment?” from the list."
    )
    question.refresh_from_db()
    assert question.appointment is None


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_an_empty_or_huge_question_is_refused_with_a_message(patient_client, text):
    response = patient_client.post(reverse("notes_questions"), {"text": text})
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert not Question.objects.exists()


def test_the_questions_page_takes_the_same_queries_however_many_questions(
    patient_client, patient, carer, django_assert_num_queries
):
    def make(n):
        appointment = Appointment.objects.create(
            patient=patient, starts_at="2030-05-01T10:00Z", role="gp"
        )
        for i in range(n):
            Question.objects.create(
                patient=patient,
                recorded_by=carer,  # each names them
                text=f"Q{i}-{appointment.id}",
                page_text=f"Q{i}-{appointment.id}",
                page_path=f"p{i % 3}",
                page_title="P",
                appointment=appointment,
            )

    make(2)
    with django_assert_num_queries(3) as few:
        patient_client.get(reverse("notes_questions"))
    make(20)
    with django_assert_num_queries(len(few.captured_queries)):
        response = patient_client.get(reverse("notes_questions"))
    assert len(re.findall("Mark as asked", response.content.decode())) == 22


def test_what_was_saved_is_said_where_it_was_saved_from_with_links_to_the_lists(
    patient_client, small_page
):
    url = reverse("notes_contact_from_page")
    response = patient_client.post(url, {"page": small_page, "organisation": "0"}, follow=True)
    page = Page(response.content.decode())
    section = page.one("section.app-save-to-notes")
    said = " ".join("".join(section.itertext()).split())
    assert "Tremor Help was added to your contacts." in said
    assert "See your questions and your contacts in My Reminders & Notes." in said
    # Said once, there: not at the top of a long page, out of sight.
    assert response.content.decode().count("Tremor Help was added to your contacts.") == 1
    links = {a.get("href") for a in section.iter("a")}
    assert {reverse("notes_questions"), reverse("notes_contacts")} <= links

"""A note may be its text alone, and is named by its first words; each phone number in a
contact's phone is a link that calls it."""

import json
from datetime import date

import pytest
from django.urls import reverse

from notes.models import Contact, Note
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page
from toolkit.portability import export_document, import_document

TEXT = "Woke at 3 and could not turn over in bed"
LONG_ADDRESS = (
    "https://www.parkinsons.org.uk/information-and-support/freezing-parkinsons#tips-for-walking"
)


def write_note(client, **fields):
    data = {"written_on": "2025-03-01", "token": new_token(), **fields}
    return client.post(reverse("notes_note_new"), data, follow=True)


def test_a_note_can_be_saved_with_its_text_alone(patient_client):
    response = write_note(patient_client, title="", text=TEXT)
    assert Note.objects.get().text == TEXT
    assert "Your note “Woke at 3 and could not…” has been saved." in body_text(response)


def test_a_note_with_neither_title_nor_text_is_refused_with_a_message_and_nothing_saved(
    patient_client,
):
    response = write_note(patient_client, title="", text="  ")
    assert Page(response.content.decode()).text(".nhsuk-error-summary__list") == "Enter the text."
    assert not Note.objects.exists()


def test_a_note_as_long_as_its_box_allows_is_saved_with_its_line_breaks_as_one(patient_client):
    """The box counts a line break as one character, as the limit does; the browser sends it
    as two (CR LF)."""
    lines = ["x" * 99] * 50
    assert len("\n".join(lines)) == 4999
    page = Page(patient_client.get(reverse("notes_note_new")).content.decode())
    assert page.one("textarea[name=text]").get("maxlength") == "5000"
    write_note(patient_client, title="Long", text="\r\n".join(lines))
    assert Note.objects.get().text == "\n".join(lines)


def test_the_title_is_marked_optional_and_the_text_is_not(patient_client):
    page = Page(patient_client.get(reverse("notes_note_new")).content.decode())
    assert page.text("label[for=id_title]") == "Title (optional)"
    assert page.text("label[for=id_text]") == "Text"


@pytest.mark.parametrize(
    ("title", "text", "label"),
    [
        ("Bad night", TEXT, "Bad night"),
        ("", TEXT, "Woke at 3 and could not…"),
        ("", "Dizzy\nafter lunch", "Dizzy"),
        ("", "Pills\nTook the new ones at 8", "Pills"),
        ("", "\n  \nPills\nTook the new ones at 8", "Pills"),
        # A heading on a phone: one long word is cut too, six long words are.
        ("", f"{LONG_ADDRESS} worth reading", "https://www.parkinsons.org.uk/information-and-sup…"),
        (
            "",
            "Physiotherapist recommended strengthening exercises afterwards today",
            "Physiotherapist recommended strengthening exercis…",
        ),
        # A title is the person's own name for it, kept whole.
        (LONG_ADDRESS, TEXT, LONG_ADDRESS),
        # Only an import brings a note with neither.
        ("", "", "Note of 1 March 2025"),
    ],
)
def test_a_note_is_called_by_its_title_else_the_first_words_of_its_first_line(title, text, label):
    note = Note(written_on=date(2025, 3, 1), title=title, text=text)
    assert (note.label, str(note)) == (label, label)


def test_a_note_without_a_title_is_called_by_its_first_words_wherever_it_is_named(
    patient_client, patient
):
    note = Note.objects.create(patient=patient, written_on="2025-03-01", text=TEXT)
    label = "Woke at 3 and could not…"
    notes = Page(patient_client.get(reverse("notes_notes")).content.decode())
    assert notes.text(".nhsuk-card__heading") == label
    assert (
        notes.text(".nhsuk-card .app-standalone-link") == f"Change the note {label} of 1 March 2025"
    )
    home = body_text(patient_client.get(reverse("notes_home")))
    assert f"Latest: {label} (1 March 2025)." in home
    asked = body_text(patient_client.get(reverse("notes_note_delete", args=[note.id])))
    assert f"The note “{label}”." in asked
    deleted = patient_client.post(reverse("notes_note_delete", args=[note.id]), follow=True)
    assert f"The note “{label}” was deleted." in body_text(deleted)


def test_a_note_without_a_title_is_downloaded_as_it_is_and_loads_with_its_title_left_out(
    patient, stranger
):
    Note.objects.create(patient=patient, written_on="2025-03-01", text=TEXT)
    document = json.loads(json.dumps(export_document(patient)))
    assert [(n["title"], n["text"]) for n in document["notes"]] == [("", TEXT)]
    del document["notes"][0]["title"]
    import_document(document, stranger, stranger)
    assert Note.objects.get(patient=stranger).label == "Woke at 3 and could not…"


@pytest.mark.parametrize("written_on", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_note_dated_in_a_mistyped_year_says_which_dates_it_may_have(
    patient_client, patient, written_on
):
    response = write_note(patient_client, written_on=written_on, title="Bad night", text=TEXT)
    today = patient.local_today()
    assert Page(response.content.decode()).text(".nhsuk-error-summary__list") == (
        f"Enter a date between 1 January 1900 and today ({today:%-d %B %Y})."
    )
    assert not Note.objects.exists()


@pytest.mark.parametrize(
    ("phone", "parts"),
    [
        ("0808 800 0303", [("0808 800 0303", "08088000303")]),
        ("(01234) 567-890", [("(01234) 567-890", "01234567890")]),
        ("+44 (0)20 7946 0000", [("+44 (0)20 7946 0000", "+442079460000")]),
        ("+1 555.010.9999", [("+1 555.010.9999", "+15550109999")]),
        ("NHS 111", [("NHS ", ""), ("111", "111")]),
        (
            "0808 800 0303 Free helpline: open 9am-7pm (Mon-Fri), 10am-2pm (Sat)",
            [
                ("0808 800 0303", "08088000303"),
                (" Free helpline: open 9am-7pm (Mon-Fri), 10am-2pm (Sat)", ""),
            ],
        ),
        (
            "Adviceline (England): 0800 144 8848",
            [("Adviceline (England): ", ""), ("0800 144 8848", "08001448848")],
        ),
        (
            "01632 960 983 / 01632 960 984",
            [("01632 960 983", "01632960983"), (" / ", ""), ("01632 960 984", "01632960984")],
        ),
        ("07700 900123 ext. 45", [("07700 900123", "07700900123"), (" ext. 45", "")]),
        # What follows a number is not dialled with it.
        ("0808 800 0303 (9am-5pm)", [("0808 800 0303", "08088000303"), (" (9am-5pm)", "")]),
        ("0808 800 0303 - 24 hours", [("0808 800 0303", "08088000303"), (" - 24 hours", "")]),
        (
            "Helpline (0808 800 0303)",
            [("Helpline (", ""), ("0808 800 0303", "08088000303"), (")", "")],
        ),
        # A helpline's six digits (Samaritans), and a service's short number.
        ("116 123 (free, 24 hours)", [("116 123", "116123"), (" (free, 24 hours)", "")]),
        ("Call 111", [("Call ", ""), ("111", "111")]),
        ("Ask at the ward desk", [("Ask at the ward desk", "")]),
        ("Ward 12", [("Ward 12", "")]),
        # A room, or opening hours, are not numbers to call.
        ("Room 104, open 0900-1700", [("Room 104, open 0900-1700", "")]),
        ("", []),
    ],
)
def test_each_number_in_a_contacts_phone_is_dialled_as_its_digits_and_the_words_around_it_are_not(
    phone, parts
):
    assert Contact(phone=phone).phone_parts == parts


def test_a_contacts_phone_number_is_a_link_that_calls_them(patient_client, patient):
    Contact.objects.create(patient=patient, name="Dr Smith", phone="+44 (0)20 7946 0000")
    page = Page(patient_client.get(reverse("notes_contacts")).content.decode())
    link = page.one("a[href^='tel:']")
    assert link.get("href") == "tel:+442079460000"
    assert "app-standalone-link" in link.get("class").split()
    assert page.text("a[href^='tel:']") == "Call Dr Smith on +44 (0)20 7946 0000"
    assert page.text("a[href^='tel:'] .nhsuk-u-visually-hidden") == "Call Dr Smith on"


@pytest.mark.parametrize(
    ("phone", "links", "read"),
    [
        (
            "0808 800 0303 Free helpline: open 9am-7pm",
            [("tel:08088000303", "Call Helpline on 0808 800 0303")],
            "Call Helpline on 0808 800 0303 Free helpline: open 9am-7pm",
        ),
        (
            "01632 960 983 / 01632 960 984",
            [
                ("tel:01632960983", "Call Helpline on 01632 960 983"),
                ("tel:01632960984", "Call Helpline on 01632 960 984"),
            ],
            "Call Helpline on 01632 960 983 / Call Helpline on 01632 960 984",
        ),
        (
            "07700 900123 ext. 45",
            [("tel:07700900123", "Call Helpline on 07700 900123")],
            "Call Helpline on 07700 900123 ext. 45",
        ),
    ],
)
def test_each_number_in_a_contacts_phone_is_its_own_link_with_the_words_around_it_as_text(
    patient_client, patient, phone, links, read
):
    Contact.objects.create(patient=patient, name="Helpline", phone=phone)
    page = Page(patient_client.get(reverse("notes_contacts")).content.decode())
    assert [
        (link.get("href"), " ".join("".join(link.itertext()).split()))
        for link in page.all("a[href^='tel:']")
    ] == links
    assert page.text(".nhsuk-summary-list__value") == read


def test_a_contacts_phone_with_no_number_in_it_is_shown_as_text(patient_client, patient):
    Contact.objects.create(patient=patient, name="Ward 4", phone="Ask at the desk")
    response = patient_client.get(reverse("notes_contacts"))
    page = Page(response.content.decode())
    assert page.all("a[href^='tel:']") == []
    assert page.text(".nhsuk-summary-list__value") == "Ask at the desk"


def body_text(response) -> str:
    """The page's words as a reader sees them."""
    return Page(response.content.decode()).text("body")


def test_a_contacts_phone_number_opens_the_telephone_keypad(patient_client):
    page = Page(patient_client.get(reverse("notes_contact_new")).content.decode())
    phone = page.one("#id_phone")
    assert phone.get("type") == "tel"
    # Someone else's number: the browser must not offer the person's own.
    assert phone.get("autocomplete") is None

"""Every form page's labels, blank and with errors: the pack says "(optional)" once."""

import pytest

from tests.hostile.test_forms import (
    ACCOUNT_FORMS,
    ANONYMOUS_FORMS,
    NOTES_FORMS,
    TRACKER_FORMS,
    fill,
)
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tracker.models import Medication


def label_texts(response) -> list[str]:
    page = Page(response.content.decode())
    return [" ".join("".join(element.itertext()).split()) for element in page.all("label, legend")]


def checked_labels(client, url: str) -> list[str]:
    """The labels of the page's form, as first shown and after an empty submission."""
    texts = []
    for response in (client.get(url), client.post(url, {})):
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            texts += label_texts(response)
    return texts


@pytest.mark.parametrize("url", [url for url, _ in TRACKER_FORMS + NOTES_FORMS + ACCOUNT_FORMS])
def test_no_label_of_a_signed_in_form_says_optional_twice(patient_client, patient, records, url):
    # Reminders know the medication, so its reminder form is drawn rather than a pointer to it.
    Medication.objects.get(pk=records["medication"]).tell_reminders()
    for text in checked_labels(patient_client, fill(url, records, patient)):
        assert text.count("(optional)") <= 1, text


@pytest.mark.parametrize("url", [url for url, _ in ANONYMOUS_FORMS])
def test_no_label_of_a_public_form_says_optional_twice(client, db, url):
    for text in checked_labels(client, url):
        assert text.count("(optional)") <= 1, text


@pytest.mark.parametrize(
    "url,label",
    [
        ("/my-notes/contacts/new", "Role (optional)"),
        ("/my-notes/reminders/new?kind=tracking", "Message (optional)"),
        ("/my-notes/reminders/new?kind=appointment", "Message (optional)"),
        ("/my-notes/reminders/new?kind=medication", "Message (optional)"),
    ],
)
def test_an_optional_field_says_so_once(patient_client, patient, url, label):
    make.medication(patient).tell_reminders()
    assert label in label_texts(patient_client.get(url))

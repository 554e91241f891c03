"""Every form says what is missing, in words about that field, never "This field is required."

An error summary of identical lines leaves a tired or unwell person guessing which answer
the form wants. Each form is posted with sensible values, leaving out one field at a time.
"""

import uuid

from hypothesis import strategies as st

from tests.hostile.test_forms import (
    ACCOUNT_FORMS,
    ANONYMOUS_FORMS,
    NOTES_FORMS,
    TRACKER_FORMS,
    fill,
    forms,
)

GENERIC = "This field is required."


def sensible(fields: dict, records: dict, patient) -> dict:
    """The first sensible value of each field, with the records' ids in place."""
    return {
        name: str(uuid.uuid4())
        if isinstance(good, st.SearchStrategy)
        else fill(good[0], records, patient)
        for name, good in fields.items()
        if isinstance(good, st.SearchStrategy) or good
    }


def missing_one_at_a_time(client, url: str, data: dict) -> list[str]:
    """The fields whose absence was met with the generic message."""
    generic = []
    for name in data:
        response = client.post(url, {key: value for key, value in data.items() if key != name})
        if GENERIC in response.content.decode():
            generic.append(name)
    return generic


@forms(TRACKER_FORMS + NOTES_FORMS + ACCOUNT_FORMS)
def test_a_missing_answer_is_named_on_every_signed_in_form(client, patient, records, url, fields):
    client.force_login(patient)
    data = sensible(fields, records, patient)
    assert missing_one_at_a_time(client, fill(url, records, patient), data) == []


@forms(ANONYMOUS_FORMS)
def test_a_missing_answer_is_named_on_every_public_form(client, patient, url, fields):
    assert missing_one_at_a_time(client, url, sensible(fields, {}, patient)) == []

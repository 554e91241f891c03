"""Every URL that names a record, for every kind of person, by GET and POST."""

import importlib
import pkgutil

import pytest
from django.urls import reverse
from django.utils import timezone

import tests
from tests.access_matrix import NOT_RECORD_URLS, RECORD_URLS, url_names_with_arguments
from tests.conftest import grant_care, sign_in_as_carer

# Each app's tests register their record URLs when their modules load.
for module in pkgutil.walk_packages(tests.__path__, "tests."):
    if module.name.endswith("record_urls"):
        importlib.import_module(module.name)

OTHER_SECTION = {"tracker": "notes", "notes": "tracker", "account": "tracker"}


def care_levels(entry, level):
    """Grant `level` on the entry's section; account pages are never shared."""
    return (
        {"tracker": level, "notes": level} if entry.section == "account" else {entry.section: level}
    )


def by_name(entry):
    return entry.name


def request(client, method, url):
    return getattr(client, method.lower())(url)


def test_every_url_with_arguments_is_in_the_access_matrix():
    listed = {entry.name for entry in RECORD_URLS} | NOT_RECORD_URLS
    assert url_names_with_arguments() - listed == set()


@pytest.mark.parametrize("entry", RECORD_URLS, ids=by_name)
def test_anonymous_people_are_sent_to_log_in(client, patient, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    for method in entry.methods:
        response = request(client, method, url)
        assert response.status_code == 302, method
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("entry", RECORD_URLS, ids=by_name)
def test_strangers_get_not_found(client, patient, stranger, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    client.force_login(stranger)
    for method in entry.methods:
        assert request(client, method, url).status_code == 404, method


@pytest.mark.parametrize("entry", RECORD_URLS, ids=by_name)
def test_the_patient_reaches_their_own_record(client, patient, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    client.force_login(patient)
    for method in entry.methods:
        assert request(client, method, url).status_code in (200, 302), method


@pytest.mark.parametrize("entry", RECORD_URLS, ids=by_name)
def test_a_carer_with_view_access_may_look_but_not_change(client, patient, carer, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    grant_care(patient, carer, **care_levels(entry, "view"))
    sign_in_as_carer(client, carer, patient)
    # A page that is also sent back is a form that changes the record: refused as it opens.
    expected = (403,) if "POST" in entry.methods else (200, 302)
    if entry.section == "account":
        expected = (404,)
    for method in entry.methods:
        assert request(client, method, url).status_code in expected, method


@pytest.mark.parametrize("entry", RECORD_URLS, ids=by_name)
def test_a_carer_with_edit_access_may_change(client, patient, carer, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    grant_care(patient, carer, **care_levels(entry, "edit"))
    sign_in_as_carer(client, carer, patient)
    expected = (404,) if entry.section == "account" else (200, 302)
    for method in entry.methods:
        assert request(client, method, url).status_code in expected, method


@pytest.mark.parametrize("entry", RECORD_URLS, ids=by_name)
def test_a_carer_with_access_to_the_other_section_only_gets_not_found(
    client, patient, carer, entry
):
    url = reverse(entry.name, kwargs=entry.make(patient))
    grant_care(patient, carer, **{OTHER_SECTION[entry.section]: "edit"})
    sign_in_as_carer(client, carer, patient)
    for method in entry.methods:
        assert request(client, method, url).status_code == 404, method


@pytest.mark.parametrize("entry", RECORD_URLS, ids=by_name)
def test_a_revoked_carer_is_refused_at_the_next_request(client, patient, carer, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    grant = grant_care(patient, carer, **care_levels(entry, "edit"))
    sign_in_as_carer(client, carer, patient)
    grant.revoked_at = timezone.now()
    grant.save()
    for method in entry.methods:
        assert request(client, method, url).status_code in (403, 404), method

import importlib
import pkgutil

import pytest
from django.urls import reverse

import tests
from tests.access_matrix import NOT_RECORD_URLS, RECORD_URLS, url_names_with_arguments

# Each app's tests register their record URLs when their modules load.
for module in pkgutil.walk_packages(tests.__path__, "tests."):
    if module.name.endswith("record_urls"):
        importlib.import_module(module.name)


def test_every_url_with_arguments_is_in_the_access_matrix():
    listed = {entry.name for entry in RECORD_URLS} | NOT_RECORD_URLS
    assert url_names_with_arguments() - listed == set()


@pytest.mark.parametrize("entry", RECORD_URLS, ids=lambda entry: entry.name)
def test_anonymous_people_are_sent_to_log_in(client, patient, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    for method in entry.methods:
        response = getattr(client, method.lower())(url)
        assert response.status_code == 302, method
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("entry", RECORD_URLS, ids=lambda entry: entry.name)
def test_strangers_get_not_found(client, patient, stranger, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    client.force_login(stranger)
    for method in entry.methods:
        assert getattr(client, method.lower())(url).status_code == 404, method


@pytest.mark.parametrize("entry", RECORD_URLS, ids=lambda entry: entry.name)
def test_the_patient_reaches_their_own_record(client, patient, entry):
    url = reverse(entry.name, kwargs=entry.make(patient))
    client.force_login(patient)
    assert client.get(url).status_code in (200, 302, 405)

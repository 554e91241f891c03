import pytest
from django.http import Http404
from django.test import RequestFactory

from toolkit.access import patient_access


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_person_works_on_their_own_records(patient):
    access = patient_access(request_for(patient), "tracker", write=True)
    assert access.patient == patient
    assert access.can_write
    assert access.is_own


def test_an_unknown_section_is_a_programming_error(patient):
    with pytest.raises(ValueError, match="unknown section"):
        patient_access(request_for(patient), "diary")


def test_anonymous_requests_reach_no_records():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        patient_access(request_for(AnonymousUser()), "notes")

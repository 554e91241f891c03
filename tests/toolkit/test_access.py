import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from tests.conftest import grant_care
from toolkit.access import ACTING_FOR, acting_for, can_see, patient_access
from toolkit.models import AccessEvent


def request_for(user, acting_for=None):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {ACTING_FOR: str(acting_for.pk)} if acting_for else {}
    request._messages = CookieStorage(request)  # as the messages middleware gives each request
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
    with pytest.raises(Http404):
        patient_access(request_for(AnonymousUser()), "notes")


def test_a_carer_with_view_access_reads_but_cannot_write(patient, carer):
    grant_care(patient, carer, tracker="view")
    access = patient_access(request_for(carer, patient), "tracker")
    assert (access.patient, access.can_write, access.is_own) == (patient, False, False)
    with pytest.raises(PermissionDenied):
        patient_access(request_for(carer, patient), "tracker", write=True)


def test_a_carer_reaches_only_the_sections_shared_with_them(patient, carer):
    grant_care(patient, carer, tracker="edit")
    assert patient_access(request_for(carer, patient), "tracker", write=True).can_write
    with pytest.raises(Http404):
        patient_access(request_for(carer, patient), "notes")


def test_choosing_someone_who_shares_nothing_reaches_nothing(patient, stranger):
    assert patient_access(request_for(stranger, patient), "tracker").patient == stranger


def test_revocation_ends_access_at_the_next_request(patient, carer):
    grant = grant_care(patient, carer, tracker="edit")
    patient_access(request_for(carer, patient), "tracker")
    grant.revoked_at = timezone.now()
    grant.save()
    request = request_for(carer, patient)
    assert patient_access(request, "tracker").patient == carer  # their own, from then on
    assert ACTING_FOR not in request.session


def test_each_look_by_a_carer_is_logged_once_per_request(patient, carer):
    grant = grant_care(patient, carer, tracker="view")
    request = request_for(carer, patient)
    patient_access(request, "tracker")
    patient_access(request, "tracker")
    event = AccessEvent.objects.get()
    assert (event.actor, event.action, event.what) == (carer, "viewed", "tracker")
    grant.refresh_from_db()
    assert grant.last_seen_at is not None


def test_the_patient_looking_at_their_own_records_is_not_logged(patient):
    patient_access(request_for(patient), "tracker")
    assert not AccessEvent.objects.exists()


def test_what_only_the_patient_may_do_is_not_found_for_a_carer(patient, carer):
    grant_care(patient, carer, tracker="edit")
    with pytest.raises(Http404):
        patient_access(request_for(carer, patient), "tracker", owner_only=True)
    assert patient_access(request_for(patient), "tracker", owner_only=True).is_own


def test_a_choice_whose_grant_has_ended_is_forgotten_by_whatever_asks_first(patient, carer):
    grant = grant_care(patient, carer, notes="edit")
    grant.revoked_at = timezone.now()
    grant.save()
    request = request_for(carer, patient)
    assert acting_for(request) is None
    assert ACTING_FOR not in request.session
    assert [str(m) for m in get_messages(request)] == [
        "Your access to Mary's records has ended. You are working on your own records."
    ]
    # A form sent by the request that found it is refused: it was meant for Mary.
    request.method = "POST"
    with pytest.raises(PermissionDenied):
        patient_access(request, "notes", write=True)
    assert can_see(request_for(carer), "notes", logged=False)
    assert patient_access(request_for(carer), "notes", write=True).patient == carer

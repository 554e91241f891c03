"""The calendar address is the patient's alone: no carer sees it, so none keeps it."""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from notes.models import CalendarFeed
from tests.conftest import grant_care, make_user, sign_in_as_carer

MIGRATION = "notes.migrations.0003_retire_calendar_addresses_carers_saw"


def feed_url(feed: CalendarFeed) -> str:
    return f"/my-notes/calendar/{feed.id}/{feed.token}.ics"


@pytest.mark.parametrize("level", ["view", "edit"])
def test_a_carer_with_notes_access_cannot_see_or_make_the_calendar_address(
    client, patient, carer, level
):
    feed = CalendarFeed.objects.create(patient=patient)
    grant_care(patient, carer, notes=level)
    sign_in_as_carer(client, carer, patient)

    assert client.get(reverse("notes_calendar")).status_code == 404
    assert client.post(reverse("notes_calendar_reset")).status_code == 404
    home = client.get(reverse("notes_home")).content.decode()
    assert reverse("notes_calendar") not in home
    assert feed_url(feed) not in home
    assert CalendarFeed.objects.get().token == feed.token


def test_the_patient_still_finds_their_calendar_on_my_notes(patient_client, patient):
    assert reverse("notes_calendar") in patient_client.get(reverse("notes_home")).content.decode()


def test_addresses_a_carer_may_have_seen_stop_working_on_upgrade(client, patient, carer, stranger):
    private = make_user("priya@example.com", "Priya")
    # Mary shared her notes once and has since revoked it; Sam shared only his tracker.
    grant = grant_care(patient, carer, notes="view")
    grant.revoked_at = timezone.now()
    grant.save()
    grant_care(stranger, carer, tracker="edit")
    feeds = {
        user: CalendarFeed.objects.create(patient=user) for user in (patient, stranger, private)
    }
    old = {user: feed_url(feed) for user, feed in feeds.items()}

    import_module(MIGRATION).retire_addresses_carers_saw(apps, None)

    assert client.get(old[patient]).status_code == 404
    assert client.get(feed_url(CalendarFeed.objects.get(patient=patient))).status_code == 200
    assert client.get(old[stranger]).status_code == 200
    assert client.get(old[private]).status_code == 200

"""The calendar address is the patient's alone: no carer sees it, so none keeps it."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from notes.models import CalendarFeed
from tests.conftest import PASSWORD, grant_care, make_user, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from toolkit.reauth import CONFIRMED_AT

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


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_button_for_a_new_address_only_leads_to_the_question(patient_client, patient):
    CalendarFeed.objects.create(patient=patient)
    page = patient_client.get(reverse("notes_calendar")).content.decode()
    reset = reverse("notes_calendar_reset")
    assert re.search(rf'<a [^>]*href="{reset}"[^>]*>Make a new address</a>', page)
    assert f'action="{reset}"' not in page


def test_a_new_address_is_asked_for_first_and_asking_changes_nothing(
    patient_client, patient, django_assert_num_queries
):
    feed = CalendarFeed.objects.create(patient=patient)
    with django_assert_num_queries(2):  # the session with its person; whether there is one
        page = patient_client.get(reverse("notes_calendar_reset")).content.decode()
    assert "<h1>Make a new calendar address?</h1>" in page
    assert (
        "The address you have now will stop working at once, and calendars you subscribed "
        "with it will stop updating. To keep them up to date you would have to give each of "
        "them the new address." in page
    )
    assert ">Make a new address</button>" in page
    assert re.search(rf'href="{reverse("notes_calendar")}"[^>]*>Keep this address</a>', page)
    assert CalendarFeed.objects.get().token == feed.token


def test_a_new_address_from_the_question_says_what_was_done(patient_client, client, patient):
    feed = CalendarFeed.objects.create(patient=patient)
    old = feed_url(feed)
    response = patient_client.post(reverse("notes_calendar_reset"), follow=True)
    assert said(response) == ["Your calendar has a new address. The old one no longer works."]
    client.logout()
    assert client.get(old).status_code == 404


def test_without_an_address_there_is_nothing_to_ask_about(patient_client):
    response = patient_client.get(reverse("notes_calendar_reset"))
    assert response["Location"] == reverse("notes_calendar")
    assert not CalendarFeed.objects.exists()


def test_getting_the_first_address_twice_keeps_the_one_already_made(patient_client, patient):
    page = patient_client.get(reverse("notes_calendar")).content.decode()
    assert 'name="first"' in page
    response = patient_client.post(reverse("notes_calendar_reset"), {"first": "yes"}, follow=True)
    assert said(response) == ["Your calendar address is ready."]
    token = CalendarFeed.objects.get().token
    # A second tap, or the same button on a page left open from before: the address stays.
    response = patient_client.post(reverse("notes_calendar_reset"), {"first": "yes"}, follow=True)
    assert said(response) == ["Your calendar address is ready."]
    assert CalendarFeed.objects.get().token == token


@pytest.mark.parametrize("level", ["view", "edit"])
def test_a_carer_is_never_asked_about_the_calendar_address(client, patient, carer, level):
    CalendarFeed.objects.create(patient=patient)
    grant_care(patient, carer, notes=level)
    sign_in_as_carer(client, carer, patient)
    assert client.get(reverse("notes_calendar_reset")).status_code == 404


def test_someone_signed_out_is_sent_to_log_in_before_being_asked(client, db):
    response = client.get(reverse("notes_calendar_reset"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_one_tap_adds_the_same_feed_to_a_calendar(patient_client, client, patient):
    feed = CalendarFeed.objects.create(patient=patient)
    page = Page(patient_client.get(reverse("notes_calendar")).content.decode())
    copied = page.one("#feed-url").get("value")
    assert copied == f"http://testserver{feed_url(feed)}"
    links = [a for a in page.all("main a") if "".join(a.itertext()) == "Add to my calendar"]
    assert [link.get("href") for link in links] == [f"webcal://testserver{feed_url(feed)}"]
    # What a calendar fetches from it is the feed.
    client.logout()
    assert client.get(feed_url(feed)).content.startswith(b"BEGIN:VCALENDAR")


def test_the_address_is_shown_only_after_the_password_was_typed_a_moment_ago(
    patient_client, patient
):
    """A session left open on a shared computer, or taken, must not copy an address that
    goes on reading the appointments after that session is ended."""
    feed = CalendarFeed.objects.create(patient=patient)
    session = patient_client.session
    session[CONFIRMED_AT] = timezone.now().timestamp() - 16 * 60
    session.save()
    for url in (reverse("notes_calendar"), reverse("notes_calendar_reset")):
        response = patient_client.get(url)
        assert response["Location"].startswith(reverse("confirm_password")), url
    assert patient_client.post(reverse("notes_calendar_reset")).status_code == 302
    assert CalendarFeed.objects.get().token == feed.token
    patient_client.post(
        reverse("confirm_password"), {"password": PASSWORD, "next": reverse("notes_calendar")}
    )
    assert feed_url(feed) in patient_client.get(reverse("notes_calendar")).content.decode()

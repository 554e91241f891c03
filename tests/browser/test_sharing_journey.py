import re

from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible


def sign_in(context, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_a_carer_is_invited_records_for_the_patient_and_loses_access_when_revoked(
    signed_in_page: Page, browser, live_server, carer
):
    patient_page = signed_in_page
    patient_page.goto("/account/sharing")
    assert_accessible(patient_page)
    patient_page.get_by_role("link", name="Invite someone").click()
    patient_page.get_by_label("Their email address").fill(carer.email)
    patient_page.locator("fieldset", has_text="My Tracker").get_by_label(
        "Can view and record"
    ).check()
    assert_accessible(patient_page)
    patient_page.get_by_role("button", name="Send the invitation").click()
    expect(patient_page.get_by_role("status")).to_contain_text("Invitation sent")

    link = re.search(r"https?://[^/\s]+(/account/invitation/\S+)", mail.outbox[-1].body).group(1)
    carer_context = browser.new_context(base_url=live_server.url)
    sign_in(carer_context, live_server, carer)
    carer_page = carer_context.new_page()
    carer_page.goto(link)
    expect(carer_page.get_by_role("heading", level=1)).to_have_text("Mary invites you to help")
    assert_accessible(carer_page)
    carer_page.get_by_role("button", name="Accept the invitation").click()
    expect(carer_page.get_by_text("You are working on Mary's records").first).to_be_visible()
    assert_accessible(carer_page)

    carer_page.goto("/my-tracker/episodes/new")
    carer_page.get_by_role("checkbox", name="Foot").check()
    carer_page.get_by_role("radio", name="Moderate").check()
    carer_page.get_by_role("radio", name="OFF", exact=True).check()
    carer_page.get_by_role("button", name="Save episode").click()
    expect(carer_page.get_by_role("status")).to_contain_text("recorded")

    patient_page.goto("/my-tracker/episodes")
    expect(patient_page.get_by_text("by John")).to_be_visible()

    # Signing in again starts on their own records, with the way back to Mary's.
    returning = browser.new_context(base_url=live_server.url)
    sign_in(returning, live_server, carer)
    again = returning.new_page()
    again.goto("/")
    assert_accessible(again)
    again.get_by_role("button", name="Work on Mary's records").click()
    expect(again.get_by_role("heading", level=1)).to_have_text("Mary's Tracker")
    patient_page.goto("/account/sharing")
    # Asked first: one slip would shut John out until a new invitation.
    patient_page.get_by_role("link", name="Stop sharing with John").click()
    expect(patient_page.get_by_role("heading", level=1)).to_have_text("Stop sharing with John?")
    assert_accessible(patient_page)
    patient_page.get_by_role("button", name="Stop sharing").click()
    expect(patient_page.get_by_role("status")).to_contain_text("stopped sharing")

    ended = "Your access to Mary's records has ended."
    # The next page shows John's own records, not Mary's, under the message saying why.
    carer_page.goto("/my-tracker/episodes")
    expect(carer_page.get_by_role("heading", level=1)).to_have_text("Dystonia episodes")
    expect(carer_page.get_by_role("status")).to_contain_text(ended)
    expect(carer_page.get_by_text("by John")).to_have_count(0)
    assert_accessible(carer_page)

    # On a page that offers only the carer's own notes, the button does what it says.
    again.goto("/information/managing-symptoms/cramps-and-spasms")
    expect(again.get_by_role("status")).to_contain_text(ended)
    again.get_by_role("button", name="Add these questions to my notes").click()
    expect(again.get_by_role("status")).to_contain_text("added to My Reminders & Notes")
    returning.close()

    patient_page.goto("/account/access-log")
    expect(patient_page.get_by_role("cell", name="Changed: My Tracker").first).to_be_visible()
    assert_accessible(patient_page)
    carer_context.close()


def test_a_tab_left_on_one_persons_records_saves_nothing_after_a_switch(
    browser, live_server, patient, carer
):
    from tests.conftest import grant_care, make_user
    from tracker.models import Meal

    grant_care(patient, carer, tracker="edit")
    grant_care(make_user("peter@example.com", "Peter"), carer, tracker="edit")
    context = browser.new_context(base_url=live_server.url)
    sign_in(context, live_server, carer)
    marys, other = context.new_page(), context.new_page()
    marys.goto("/account/caring")
    marys.get_by_role("button", name="Work on Mary's records").click()
    expect(marys.get_by_role("heading", level=1)).to_have_text("Mary's Tracker")
    other.goto("/account/caring")
    other.get_by_role("button", name="Work on Peter's records").click()
    expect(other.get_by_role("heading", level=1)).to_have_text("Peter's Tracker")

    marys.get_by_role("button", name="Mary ate").click()
    expect(marys.get_by_role("heading", level=1)).to_have_text("This page was out of date")
    assert_accessible(marys)
    assert not Meal.objects.exists()


def test_an_invitation_opened_under_another_address_is_accessible(
    signed_in_page: Page, browser, live_server, carer
):
    """The warning that it was sent to someone else, and the way to log out and back."""
    patient_page = signed_in_page
    patient_page.goto("/account/sharing/invite")
    patient_page.get_by_label("Their email address").fill("someone.else@example.com")
    patient_page.locator("fieldset", has_text="My Tracker").get_by_label(
        "Can view and record"
    ).check()
    patient_page.get_by_role("button", name="Send the invitation").click()
    link = re.search(r"https?://[^/\s]+(/account/invitation/\S+)", mail.outbox[-1].body).group(1)
    carer_context = browser.new_context(base_url=live_server.url)
    sign_in(carer_context, live_server, carer)
    carer_page = carer_context.new_page()
    carer_page.goto(link)
    expect(
        carer_page.get_by_text("This invitation was sent to someone.else@example.com")
    ).to_be_visible()
    expect(carer_page.get_by_role("button", name=f"Accept as {carer.email}")).to_be_visible()
    assert_accessible(carer_page)

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.test_sharing_journey import sign_in
from tests.conftest import grant_care
from tests.tracker import make
from toolkit.models import CareGrant
from tracker import slots
from tracker.models import Dose, Meal


def test_a_carer_who_may_only_look_reads_todays_tracker_with_nothing_to_press(
    page: Page, live_server, patient, carer
):
    make.medication(patient, name="Rasagiline", schedule=["08:00"])
    grant_care(patient, carer, tracker="view", notes="view")
    sign_in(page.context, live_server, carer)
    page.goto("/")
    page.get_by_role("button", name="Work on Mary's records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mary's Tracker")
    expect(page.get_by_text("(My Tracker: can view;")).to_be_visible()
    expect(page.get_by_text("Rasagiline")).to_be_visible()
    main = page.locator("main")
    expect(main.get_by_role("button")).to_have_count(0)
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
    page.get_by_role("link", name="Mary's medicines and their times").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mary's medicines")
    expect(main.get_by_role("link", name="Change")).to_have_count(0)
    assert_accessible(page)


def test_a_carer_who_may_only_look_reads_the_notes_with_nothing_to_press(
    page: Page, live_server, records, patient, carer
):
    CareGrant.objects.filter(pk=records["grant"]).update(tracker="view", notes="view")
    sign_in(page.context, live_server, carer)
    page.goto("/")
    page.get_by_role("button", name="Work on Mary's records").click()
    for address in ("/my-notes/reminders", "/my-notes/questions", "/my-notes/appointments"):
        page.goto(address)
        expect(page.locator("main").get_by_role("button")).to_have_count(0)
        assert_accessible(page)
    page.locator("main table a").first.click()  # the appointment coming up
    expect(page.get_by_role("heading", name="What to bring")).to_be_visible()
    expect(page.locator("main").get_by_role("button")).to_have_count(0)
    assert_accessible(page)


def test_a_carer_who_may_record_answers_marys_question_in_words_about_mary(
    page: Page, live_server, records, patient, carer
):
    CareGrant.objects.filter(pk=records["grant"]).update(notes="edit")
    sign_in(page.context, live_server, carer)
    page.goto("/")
    page.get_by_role("button", name="Work on Mary's records").click()
    page.goto("/my-notes/questions")
    page.get_by_role("link", name=re.compile("Answer or change.*Why")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mary's question \u201cWhy?\u201d")
    assert_accessible(page)
    page.get_by_label("Mary's answer (what to tell them)").fill("Since the spring")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Mary's question has been saved.")
    assert_accessible(page)


def test_a_carer_is_asked_before_their_access_to_marys_records_ends(
    page: Page, live_server, patient, carer
):
    grant = grant_care(patient, carer, tracker="edit")
    sign_in(page.context, live_server, carer)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/account/caring")
    # Just below "Work on Mary's records": a slip onto it only asks.
    stop = page.get_by_role("link", name="Stop having access to Mary's records")
    box = stop.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    stop.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stop having access to Mary's records?"
    )
    expect(page.get_by_text("Only Mary can give you access again")).to_be_visible()
    keep = page.get_by_role("link", name="Keep my access")
    assert keep.bounding_box()["height"] >= 44
    assert_accessible(page)
    keep.click()
    expect(page.get_by_role("button", name="Work on Mary's records")).to_be_visible()
    grant.refresh_from_db()
    assert grant.revoked_at is None

    # By keyboard: the link, then the button on the question.
    stop.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Stop having access").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "You no longer have access to Mary's records."
    )
    assert_accessible(page)
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_marys_day_names_what_john_recorded_for_her_and_what_was_recalled(
    signed_in_page: Page, patient, carer
):
    yesterday = patient.local_today() - timedelta(days=1)
    start, _ = slots.day_bounds(yesterday, patient.zone)
    taken_at = start + timedelta(hours=8)
    dose = make.dose(patient, make.medication(patient), taken_at)
    Dose.objects.filter(pk=dose.pk).update(recorded_by=carer, recorded_at=taken_at)
    Meal.objects.create(
        patient=patient, eaten_at=start + timedelta(hours=12), recorded_at=start + timedelta(days=1)
    )
    signed_in_page.goto(f"/my-tracker/day/{yesterday}")
    main = signed_in_page.locator("main")
    expect(main.get_by_role("row").filter(has_text="Dose of")).to_contain_text("recorded by John")
    expect(main.get_by_text("Recalled later: meal")).to_be_visible()
    for width in (1280, 320):
        signed_in_page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(signed_in_page)


def test_a_part_of_marys_records_not_shared_says_so_accessibly(
    page: Page, live_server, patient, carer
):
    grant_care(patient, carer, tracker="view")
    sign_in(page.context, live_server, carer)
    page.goto("/")
    page.get_by_role("button", name="Work on Mary's records").click()
    page.goto("/information/my-reminders-and-notes")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mary has not shared My Reminders & Notes with you"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Go back to my own records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People you help")


def test_johns_own_sharing_page_says_it_is_not_marys_and_lists_an_invitation_that_ran_out(
    page: Page, live_server, patient, carer
):
    grant_care(patient, carer, tracker="edit")
    carer.time_zone = "America/New_York"
    carer.save()
    ran_out = timezone.now() - timedelta(days=1)
    CareGrant.objects.create(
        patient=carer, email="sue@example.com", token_hash="x" * 64, expires_at=ran_out
    )
    sign_in(page.context, live_server, carer)
    page.goto("/")
    page.get_by_role("button", name="Work on Mary's records").click()
    expect(page.locator(".app-acting-for")).to_contain_text("Times are Mary's, in Europe/London.")
    assert_accessible(page)
    page.goto("/account/sharing")
    banner = page.get_by_role("region", name=re.compile("^This page is about your own account"))
    expect(banner).to_be_visible()
    expect(page.get_by_role("heading", name="Invitations that stopped working")).to_be_visible()
    expect(page.get_by_role("link", name="Invite them again (sue@example.com)")).to_be_visible()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)


def test_a_tab_left_open_after_access_ended_says_whose_records_it_shows(
    page: Page, live_server, patient, carer
):
    grant = grant_care(patient, carer, tracker="edit", notes="view")
    sign_in(page.context, live_server, carer)
    page.goto("/")
    page.get_by_role("button", name="Work on Mary's records").click()
    page.goto("/my-tracker/diary")
    CareGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())

    other_tab = page.context.new_page()
    other_tab.goto("/my-tracker")  # the first to find it: the message
    expect(other_tab.get_by_text("Your access to Mary's records has ended.")).to_be_visible()
    page.reload()  # the diary, left open: now the carer's own, and it says so
    banner = page.get_by_role("region", name="Your access to Mary's records has ended.")
    expect(banner).to_contain_text("You are working on your own records.")
    assert_accessible(page)


def test_a_form_john_may_not_use_says_whose_part_it_is_accessibly(
    page: Page, live_server, patient, carer
):
    grant_care(patient, carer, tracker="view")
    sign_in(page.context, live_server, carer)
    page.goto("/")
    page.get_by_role("button", name="Work on Mary's records").click()
    page.goto("/my-tracker/meals/new")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mary has let you look at My Tracker, not change it"
    )
    assert_accessible(page)
    page.goto("/my-notes/notes")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Mary has not shared My Reminders & Notes with you"
    )
    assert_accessible(page)


def test_an_invitation_waiting_for_john_is_said_accessibly(page: Page, live_server, patient, carer):
    CareGrant.objects.create(
        patient=patient,
        email=carer.email,
        token_hash="w" * 64,
        expires_at=timezone.now() + timedelta(days=7),
    )
    sign_in(page.context, live_server, carer)
    page.goto("/account/caring")
    expect(page.get_by_role("heading", name="Invitations waiting for you")).to_be_visible()
    expect(page.get_by_text("Mary (mary@example.com) invited you on")).to_be_visible()
    assert_accessible(page)

import re
from datetime import timedelta

from django.urls import reverse
from playwright.sync_api import Page, expect

from notes.delivery import stop_token
from notes.models import Question, Reminder
from tests.browser.axe import assert_accessible
from tests.browser.test_sharing_journey import sign_in
from tests.conftest import grant_care
from tests.notes.test_carers import carer_and_patient_records


def test_patient_prepares_questions_and_an_appointment_and_sets_a_reminder(
    signed_in_page: Page, patient
):
    page = signed_in_page
    page.goto("/information/managing-symptoms/cramps-and-spasms")
    page.get_by_role("button", name="Add these questions to my notes").click()
    expect(page.get_by_role("status")).to_contain_text("5 questions from this page were added")

    page.goto("/my-notes")
    expect(page.get_by_role("heading", level=1)).to_have_text("My Reminders & Notes")
    assert_accessible(page)

    page.get_by_role("link", name="Questions for the specialist").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Answer or change.*When does it happen")).click()
    page.get_by_label("Your answer (what to tell them)").fill("Early morning, toes curl")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your question has been saved")
    assert Question.objects.get(text="When does it happen?").answer == "Early morning, toes curl"

    page.goto("/my-notes/appointments/new")
    assert_accessible(page)
    day = patient.local_today() + timedelta(days=14)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("10:30")
    page.get_by_label("Who is it with?").select_option(label="Neurologist")
    page.get_by_role("button", name="Save appointment").click()
    expect(page.get_by_role("heading", name="What to bring")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Remind me to track").click()
    expect(page.get_by_role("status")).to_contain_text("remind you to fill in the ON/OFF diary")
    assert Reminder.objects.get(patient=patient).kind == Reminder.TRACKING

    page.goto("/my-notes/reminders")
    assert_accessible(page)
    page.get_by_role("link", name="Something else").click()
    page.get_by_label("What should we remind you of?").fill("Exercise class")
    page.get_by_role("radio", name="At the same times on chosen days").check()
    page.get_by_label("At what times?").fill("18:00")
    page.get_by_role("checkbox", name="Tuesday").check()
    page.get_by_role("button", name="Save reminder").click()
    expect(page.get_by_role("status")).to_contain_text("Exercise class")
    assert_accessible(page)
    assert Reminder.objects.filter(patient=patient, weekdays=[1]).count() == 1


def test_the_calendar_address_can_be_copied_from_an_accessible_page(signed_in_page: Page):
    page = signed_in_page
    page.goto("/my-notes/calendar")
    page.get_by_role("button", name="Get my calendar address").click()
    address = page.get_by_label("Your private calendar address").input_value()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy the address").click()
    # Said just above: keep it to yourself. So not "paste it into an email".
    expect(page.locator("#feed-url-copied")).to_have_text(
        "Copied. Paste it into your own calendar, where it asks for the address of a calendar "
        "to subscribe to."
    )
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert_accessible(page)

    # A new address is asked for first: one slip would stop every subscribed calendar updating.
    page.get_by_role("link", name="Make a new address").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a new calendar address?")
    expect(page.get_by_text("calendars you subscribed with it will stop updating")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Keep this address").click()
    expect(page.get_by_label("Your private calendar address")).to_have_value(address)
    page.get_by_role("link", name="Make a new address").click()
    page.get_by_role("button", name="Make a new address").click()
    expect(page.get_by_role("status").first).to_contain_text("Your calendar has a new address")
    new_address = page.get_by_label("Your private calendar address").input_value()
    assert new_address and new_address != address


def test_a_carer_writes_for_mary_and_mary_sees_who_wrote_what(
    page: Page, live_server, patient, carer
):
    grant_care(patient, carer, notes="edit")
    sign_in(page.context, live_server, carer)
    page.goto("/")
    page.get_by_role("button", name="Work on Mary's records").click()
    page.goto("/my-notes/notes/new")
    page.get_by_label("Title").fill("Bad night")
    page.get_by_label("Text").fill("Up at 3, stiff")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("status")).to_contain_text("Mary's note “Bad night” has been saved")
    expect(page.locator("main")).to_contain_text("Recorded by John")
    assert_accessible(page)

    carer_and_patient_records(patient, carer)
    sign_in(page.context, live_server, patient)
    for address in ("notes", "questions", "contacts", "appointments", "reminders"):
        page.goto(f"/my-notes/{address}")
        expect(page.locator("main")).to_contain_text("Recorded by John")
        assert_accessible(page)


def test_a_reminder_stopped_from_its_email_is_turned_back_on_there(page: Page, patient):
    reminder = Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Stretch", times=["08:00"]
    )
    page.goto(reverse("notes_reminder_stop", args=[stop_token(reminder)]))
    assert_accessible(page)
    page.get_by_role("button", name="Stop this reminder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminder stopped")
    assert_accessible(page)
    page.get_by_role("button", name="Turn it back on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reminder on again")
    assert_accessible(page)
    reminder.refresh_from_db()
    assert reminder.active

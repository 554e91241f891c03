"""A reminder that could not go is said under it, in an accessible warning."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from notes.models import Delivery, Reminder
from tests.browser.axe import assert_accessible


def test_a_reminder_that_could_not_go_is_said_accessibly(signed_in_page: Page, patient):
    reminder = Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Stretch", times=["08:00"]
    )
    Delivery.objects.create(
        reminder=reminder, due_at=timezone.now() - timedelta(hours=3), status=Delivery.FAILED
    )
    signed_in_page.goto(reverse("notes_reminders"))
    warning = signed_in_page.locator(".app-not-sent")
    expect(warning).to_contain_text("A fault on our side stopped this reminder at")
    assert_accessible(signed_in_page)

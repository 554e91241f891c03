"""The custom reminder's "How often?": each option's fields drawn under it, and only those used."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from notes.models import Reminder
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page

NEW = reverse("notes_reminder_new") + "?kind=custom"
ONCE, DAILY = "#conditional-id_repeat_0", "#conditional-id_repeat_1"


def labels(page: Page, block: str) -> list[str]:
    return [" ".join("".join(label.itertext()).split()) for label in page.all(f"{block} label")]


def is_open(page: Page, block: str) -> bool:
    return "nhsuk-radios__conditional--hidden" not in page.one(block).get("class").split()


def test_a_new_reminder_asks_how_often_with_each_options_fields_under_it(patient_client):
    page = Page(patient_client.get(NEW).content.decode())
    assert not page.all("input[name=repeat][checked]")
    assert labels(page, ONCE) == ["Date", "Time"]
    assert labels(page, DAILY) == [
        "At what times?",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "From (optional)",
        "Until (optional)",
    ]
    assert not is_open(page, ONCE) and not is_open(page, DAILY)


@pytest.mark.parametrize("once", [True, False])
def test_editing_a_reminder_opens_the_option_it_was_saved_with(patient_client, patient, once):
    at = datetime.combine(patient.local_today() + timedelta(days=3), datetime.min.time())
    reminder = Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Stretch",
        at=at.replace(hour=9, tzinfo=patient.zone) if once else None,
        times=[] if once else ["08:00"],
    )
    page = Page(patient_client.get(reverse("notes_reminder", args=[reminder.id])).content.decode())
    chosen, other = (ONCE, DAILY) if once else (DAILY, ONCE)
    assert is_open(page, chosen) and not is_open(page, other)
    if once:
        assert page.one("#id_at_time").get("value") == "09:00"
    else:
        assert page.one("#id_times_text").get("value") == "08:00"


def test_without_a_choice_the_reminder_is_refused_with_a_message(patient_client):
    response = patient_client.post(
        NEW, {"message": "Stretch", "times_text": "08:00", "token": new_token()}
    )
    page = Page(response.content.decode())
    assert page.text(".nhsuk-error-summary__list") == "Choose how often we should remind you."
    assert not Reminder.objects.exists()


def test_once_without_a_date_or_time_shows_both_errors_in_its_open_section(patient_client):
    page = Page(
        patient_client.post(
            NEW, {"message": "Stretch", "repeat": "once", "token": new_token()}
        ).content.decode()
    )
    assert is_open(page, ONCE)
    assert [a.get("href") for a in page.all(".nhsuk-error-summary__list a")] == [
        "#id_on_day",
        "#id_at_time",
    ]
    assert (
        page.text(f"{ONCE} #id_on_day-error")
        == "Error: Enter the date in full: day, month and year."
    )
    assert page.text(f"{ONCE} #id_at_time-error") == (
        "Error: Enter the time in full: hours and minutes, and AM or PM if the box shows them."
    )
    assert not Reminder.objects.exists()


def test_daily_without_times_asks_for_one(patient_client):
    response = patient_client.post(
        NEW, {"message": "Stretch", "repeat": "daily", "token": new_token()}
    )
    page = Page(response.content.decode())
    assert is_open(page, DAILY)
    assert page.text(f"{DAILY} #id_times_text-error") == (
        "Error: Enter at least one time, for example 08:00."
    )


def test_the_fields_of_the_option_not_chosen_are_ignored_even_when_wrong(patient_client, patient):
    # Left over from trying the other option first: hidden now, so they must not stop a save.
    tomorrow = patient.local_today() + timedelta(days=1)
    patient_client.post(
        NEW,
        {
            "message": "Once",
            "repeat": "once",
            "token": new_token(),
            "on_day": tomorrow.isoformat(),
            "at_time": "10:00",
            "times_text": "breakfast",
            "starts_on": "2030-02-01",
            "ends_on": "2030-01-01",
        },
    )
    patient_client.post(
        NEW,
        {
            "message": "Daily",
            "repeat": "daily",
            "times_text": "08:00",
            "on_day": "1800-01-01",
            "token": new_token(),
        },
    )
    once, daily = Reminder.objects.get(message="Once"), Reminder.objects.get(message="Daily")
    assert (once.times, once.starts_on, once.ends_on) == ([], None, None)
    assert once.at.astimezone(patient.zone).date() == tomorrow
    assert (daily.times, daily.at) == (["08:00"], None)


def test_a_first_day_over_a_year_ago_is_refused_naming_the_dates_allowed(client, patient, frozen):
    frozen(datetime(2026, 6, 15, 12, tzinfo=UTC))
    client.force_login(patient)
    data = {"message": "Stretch", "repeat": "daily", "times_text": "08:00"}
    response = client.post(NEW, {**data, "starts_on": "2025-06-13", "token": new_token()})
    assert Page(response.content.decode()).text(".nhsuk-error-summary__list") == (
        "Enter a date between 14 June 2025 and 15 June 2031."
    )
    assert not Reminder.objects.exists()


def test_a_reminder_started_over_a_year_ago_can_still_be_changed(patient_client, patient):
    started = patient.local_today() - timedelta(days=400)
    reminder = Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Stretch", times=["08:00"], starts_on=started
    )
    data = {"message": "Stretch", "repeat": "daily", "times_text": "09:00"}
    response = patient_client.post(
        reverse("notes_reminder", args=[reminder.id]), {**data, "starts_on": started.isoformat()}
    )
    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.times == ["09:00"]

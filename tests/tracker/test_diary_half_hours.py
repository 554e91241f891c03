"""The diary's "Every half-hour" form saves only the half-hours changed on the page, and
the messages that count half-hours."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.tracker.form_values import form_values
from tracker import diary, slots
from tracker.models import DiaryEntry

DAY = date(2026, 7, 1)
LONDON = ZoneInfo("Europe/London")  # the patient's


def local(hour: int, minute: int = 0) -> datetime:
    """The start of a half-hour on DAY, by the patient's clock."""
    return datetime(2026, 7, 1, hour, minute, tzinfo=LONDON).astimezone(UTC)


def key(hour: int, minute: int = 0) -> str:
    """The form's name for that half-hour."""
    return slots.Slot(local(hour, minute), LONDON).key


def recorded(patient) -> dict[datetime, str]:
    return dict(DiaryEntry.objects.filter(patient=patient).values_list("slot_start", "state"))


def slots_form(content: str) -> dict[str, str]:
    return form_values(content, "/slots")


def open_page(client) -> dict[str, str]:
    response = client.get(reverse("diary_day", kwargs={"day": DAY}))
    assert response.status_code == 200
    return slots_form(response.content.decode())


def save(client, form: dict[str, str]):
    return client.post(reverse("diary_slots", kwargs={"day": DAY}), form, follow=True)


@pytest.fixture
def other_device(patient):
    """The same person signed in on another device."""
    other = Client()
    other.force_login(patient)
    return other


def test_a_half_hour_recorded_elsewhere_after_the_page_was_opened_is_kept(
    patient_client, patient, other_device, frozen
):
    frozen(local(2, 10))
    form = open_page(patient_client)
    other_device.post(reverse("tracker_right_now"), {"state": "off"})
    form[key(0)] = "on"
    response = save(patient_client, form)
    content = response.content.decode()
    assert "Saved 1 changed half-hour." in content
    assert recorded(patient) == {local(0): "on", local(2): "off"}
    assert "2 of 48 half-hours recorded" in content


def test_half_hours_changed_or_cleared_elsewhere_are_not_put_back(patient_client, patient, carer):
    diary.set_run(patient, local(6), local(7), "on", patient)
    form = open_page(patient_client)
    diary.set_state(patient, local(6), "off", carer)
    diary.clear_slots(patient, [local(6, 30)])
    form[key(7)] = "asleep"
    response = save(patient_client, form)
    assert "Saved 1 changed half-hour." in response.content.decode()
    assert recorded(patient) == {local(6): "off", local(7): "asleep"}


def test_a_half_hour_cleared_on_the_page_is_cleared(patient_client, patient):
    diary.set_run(patient, local(6), local(7), "on", patient)
    form = open_page(patient_client)
    form[key(6, 30)] = ""
    response = save(patient_client, form)
    assert "Saved 1 changed half-hour." in response.content.decode()
    assert recorded(patient) == {local(6): "on"}


def test_an_untouched_page_saves_nothing_even_when_the_diary_changed_since(patient_client, patient):
    diary.set_state(patient, local(6), "on", patient)
    form = open_page(patient_client)
    diary.set_state(patient, local(6), "off", patient)
    diary.set_state(patient, local(8), "on", patient)
    response = save(patient_client, form)
    assert "Nothing had changed, so nothing was saved." in response.content.decode()
    assert recorded(patient) == {local(6): "off", local(8): "on"}


def test_a_page_sent_without_what_it_showed_clears_nothing(patient_client, patient):
    diary.set_state(patient, local(6), "on", patient)
    shown = open_page(patient_client)
    form = {name: value for name, value in shown.items() if not name.startswith("initial-")}
    diary.set_state(patient, local(2), "off", patient)  # since the page was drawn: blank on it
    form[key(0)] = "asleep"
    response = save(patient_client, form)
    assert "Saved 1 changed half-hour." in response.content.decode()
    assert recorded(patient) == {local(0): "asleep", local(2): "off", local(6): "on"}


def test_after_a_mistake_the_form_still_saves_only_what_was_changed_on_the_page(
    patient_client, patient
):
    form = open_page(patient_client)
    diary.set_state(patient, local(2), "off", patient)
    form[key(0)] = "on"
    form[key(1)] = "dancing"
    response = save(patient_client, form)
    assert "There is a problem" in response.content.decode()
    assert recorded(patient) == {local(2): "off"}
    # The page comes back with the person's choices: they put the mistake right and save.
    form = slots_form(response.content.decode())
    assert form[key(0)] == "on"
    form[key(1)] = "off"
    response = save(patient_client, form)
    assert "Saved 2 changed half-hours." in response.content.decode()
    assert recorded(patient) == {local(0): "on", local(1): "off", local(2): "off"}


def test_saving_the_half_hours_takes_the_same_queries_however_many_changed(
    patient_client, patient, django_assert_num_queries
):
    url = reverse("diary_slots", kwargs={"day": DAY})
    form = open_page(patient_client)
    # The session with its person, the day's entries, the upsert, the records version.
    with django_assert_num_queries(4):
        patient_client.post(url, form | {key(0): "on"})
    form = open_page(patient_client)
    with django_assert_num_queries(5):  # and one delete for the half-hours cleared
        patient_client.post(url, form | {key(hour): "off" for hour in range(1, 12)} | {key(0): ""})
    assert recorded(patient) == {local(hour): "off" for hour in range(1, 12)}


@pytest.mark.parametrize(
    ("end", "count"),
    [("07:30", "(1 half-hour)"), ("08:00", "(2 half-hours)")],
)
def test_a_saved_run_counts_its_half_hours(patient_client, end, count):
    data = {"start": "07:00", "end": end, "state": "on"}
    response = patient_client.post(reverse("diary_run", kwargs={"day": DAY}), data, follow=True)
    assert f"from 07:00 to {end} {count}." in response.content.decode()


def move(patient, zone: str) -> None:
    patient.time_zone = zone
    patient.save()


def test_a_page_opened_before_the_time_zone_changed_saves_nothing_and_says_so(
    patient_client, patient
):
    form = open_page(patient_client)
    move(patient, "America/New_York")  # London's 00:00 is still 30 June there
    form[key(0)] = "on"
    form[key(7)] = "off"
    response = save(patient_client, form)
    content = response.content.decode()
    assert "This page was out of date. Nothing was saved." in content
    assert recorded(patient) == {}
    # The day drawn afresh, by the new clock: its half-hours can be changed now.
    form = slots_form(content)
    assert key(0) not in form
    response = save(patient_client, form | {key(7): "off"})
    assert "Saved 1 changed half-hour." in response.content.decode()
    assert recorded(patient) == {local(7): "off"}


def test_a_new_time_zone_with_the_same_half_hours_that_day_leaves_the_page_as_good(
    patient_client, patient
):
    form = open_page(patient_client)
    move(patient, "Africa/Lagos")  # an hour ahead of UTC all year, as London is in July
    form[key(0)] = "on"
    response = save(patient_client, form)
    assert "Saved 1 changed half-hour." in response.content.decode()
    assert recorded(patient) == {local(0): "on"}

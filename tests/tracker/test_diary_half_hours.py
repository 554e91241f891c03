"""The diary's "Every half-hour" form offers only the half-hours that have begun and saves
only those changed on the page, and the messages that count half-hours."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import grant_care, sign_in_as_carer
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


def save(client, form: dict[str, str], day: date = DAY):
    return client.post(reverse("diary_slots", kwargs={"day": day}), form, follow=True)


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
    assert "Saved 1 changed half-hour: “ON without dyskinesia” at 00:00." in content
    assert recorded(patient) == {local(0): "on", local(2): "off"}
    assert "2 of 48 half-hours recorded" in content


def test_half_hours_changed_or_cleared_elsewhere_are_not_put_back(patient_client, patient, carer):
    diary.set_run(patient, local(6), local(7), "on", patient)
    form = open_page(patient_client)
    diary.set_state(patient, local(6), "off", carer)
    diary.clear_slots(patient, [local(6, 30)])
    form[key(7)] = "asleep"
    response = save(patient_client, form)
    assert "Saved 1 changed half-hour: “Asleep” at 07:00." in response.content.decode()
    assert recorded(patient) == {local(6): "off", local(7): "asleep"}


def test_a_half_hour_cleared_on_the_page_is_cleared(patient_client, patient):
    diary.set_run(patient, local(6), local(7), "on", patient)
    form = open_page(patient_client)
    form[key(6, 30)] = ""
    response = save(patient_client, form)
    assert "Saved 1 changed half-hour: cleared at 06:30." in response.content.decode()
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
    assert "Saved 1 changed half-hour: “Asleep” at 00:00." in response.content.decode()
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
    said = "Saved 2 changed half-hours: “ON without dyskinesia” at 00:00; “OFF” at 01:00."
    assert said in response.content.decode()
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
    # London's 07:00 is 02:00 in New York.
    assert "Saved 1 changed half-hour: “OFF” at 02:00." in response.content.decode()
    assert recorded(patient) == {local(7): "off"}


def test_a_new_time_zone_with_the_same_half_hours_that_day_leaves_the_page_as_good(
    patient_client, patient
):
    form = open_page(patient_client)
    move(patient, "Africa/Lagos")  # an hour ahead of UTC all year, as London is in July
    form[key(0)] = "on"
    response = save(patient_client, form)
    said = "Saved 1 changed half-hour: “ON without dyskinesia” at 00:00."
    assert said in response.content.decode()
    assert recorded(patient) == {local(0): "on"}


# Which half-hours the form offers: only those saving would take.

LATER = "Later half-hours can be filled in once they have begun."
NOT_BEGUN = "This day has not begun yet. Its half-hours can be filled in once they have begun."
SPRING = date(2026, 3, 29)  # the clocks go forward: 46 half-hours
AUTUMN = date(2026, 10, 25)  # the clocks go back: 50 half-hours


def page(client, day: date = DAY) -> str:
    response = client.get(reverse("diary_day", kwargs={"day": day}))
    assert response.status_code == 200
    return response.content.decode()


def offered(form: dict[str, str]) -> list[str]:
    """The half-hours the form offers, by the form's name for each, in order."""
    return [name for name in form if slots.is_key(name)]


def first_keys(day: date, count: int) -> list[str]:
    return [slot.key for slot in slots.day_slots(day, LONDON)[:count]]


def test_today_offers_only_the_half_hours_that_have_begun(patient_client, frozen):
    frozen(local(14, 10))
    content = page(patient_client)
    assert offered(slots_form(content)) == first_keys(DAY, 29)  # 00:00 to 14:00
    assert ">How you were at 14:00</label>" in content
    assert "How you were at 14:30" not in content
    assert LATER in content


@pytest.mark.parametrize(
    ("now", "last"),
    [(local(14, 24), (14, 0)), (local(14, 25), (14, 30))],
    ids=["at 14:24", "at 14:25"],
)
def test_the_last_half_hour_offered_is_one_saving_takes(patient_client, patient, frozen, now, last):
    """A half-hour is offered from 5 minutes before it begins, as a phone's clock may be
    that far ahead: exactly when saving starts to take it."""
    frozen(now)
    form = open_page(patient_client)
    assert offered(form)[-1] == key(*last)
    response = save(patient_client, form | {key(*last): "on"})
    said = f"Saved 1 changed half-hour: “ON without dyskinesia” at {last[0]:02d}:{last[1]:02d}."
    assert said in response.content.decode()
    assert recorded(patient) == {local(*last): "on"}


@pytest.mark.parametrize(("day", "count"), [(DAY, 48), (SPRING, 46), (AUTUMN, 50)])
def test_a_past_day_offers_every_half_hour(patient_client, frozen, day, count):
    frozen(datetime(2026, 11, 1, 12, tzinfo=UTC))
    content = page(patient_client, day)
    assert offered(slots_form(content)) == first_keys(day, count)
    assert LATER not in content
    assert NOT_BEGUN not in content


@pytest.mark.parametrize(
    ("day", "now", "count", "last", "next_one"),
    [
        # 02:10 BST: the clocks went forward at 01:00, so 02:00 follows 00:30.
        (SPRING, datetime(2026, 3, 29, 1, 10, tzinfo=UTC), 3, "02:00", "02:30"),
        # 01:10 GMT, the second time round: both 01:00s have begun, and so has 01:30 (BST),
        # though it reads later on the clock than 01:10.
        (AUTUMN, datetime(2026, 10, 25, 1, 10, tzinfo=UTC), 5, "01:00 (GMT)", "01:30 (GMT)"),
    ],
    ids=["forward", "back"],
)
def test_on_a_clock_change_day_the_half_hours_offered_are_those_begun_by_the_clock_then(
    patient_client, frozen, day, now, count, last, next_one
):
    frozen(now)
    content = page(patient_client, day)
    assert offered(slots_form(content)) == first_keys(day, count)
    assert f">How you were at {last}</label>" in content
    assert f"How you were at {next_one}" not in content
    assert LATER in content


def test_a_day_not_begun_says_so_instead_of_offering_forms(patient_client, frozen):
    frozen(local(14, 10))
    content = page(patient_client, DAY + timedelta(days=1))
    assert NOT_BEGUN in content
    assert offered(slots_form(content)) == []
    assert "Every half-hour" not in content
    assert "Save this stretch" not in content
    assert "Fill in" not in content


def test_a_carer_who_may_only_look_sees_the_half_hours_begun(client, patient, carer, frozen):
    frozen(local(14, 10))
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    content = page(client)
    assert content.count('role="rowheader"') == 29
    assert LATER in content


def test_the_page_takes_the_same_queries_before_during_and_after_the_day(
    patient_client, frozen, django_assert_num_queries
):
    frozen(local(14, 10))
    for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)):
        with django_assert_num_queries(2):  # the session with its person, the day's entries
            page(patient_client, day)


# What saving says: which half-hours changed and what they say now, stretch by stretch.

NEXT_DAY = local(12) + timedelta(days=1)  # DAY is over: every half-hour of it can be changed


def test_half_hours_in_a_row_given_the_same_answer_are_said_as_one_stretch(patient_client, frozen):
    frozen(NEXT_DAY)
    response = save(patient_client, open_page(patient_client) | {key(9): "off", key(9, 30): "off"})
    assert "Saved 2 changed half-hours: “OFF” from 09:00 to 10:00." in response.content.decode()


def test_each_stretch_saved_is_said_in_time_order_and_one_cleared_is_said_as_cleared(
    patient_client, patient, frozen
):
    frozen(NEXT_DAY)
    diary.set_run(patient, local(13), local(14), "on", patient)
    changes = {key(9): "off", key(9, 30): "off", key(10): "asleep", key(11): "off", key(13, 30): ""}
    response = save(patient_client, open_page(patient_client) | changes)
    said = (
        "Saved 5 changed half-hours: “OFF” from 09:00 to 10:00; “Asleep” at 10:00; "
        "“OFF” at 11:00; cleared at 13:30."
    )
    assert said in response.content.decode()
    assert recorded(patient) == {
        local(9): "off",
        local(9, 30): "off",
        local(10): "asleep",
        local(11): "off",
        local(13): "on",
    }


def test_changes_in_more_than_four_stretches_are_summed_up(patient_client, frozen):
    frozen(NEXT_DAY)
    four = {key(hour, 30): "off" for hour in range(20, 24)}
    response = save(patient_client, open_page(patient_client) | four)
    said = (
        "Saved 4 changed half-hours: “OFF” at 20:30; “OFF” at 21:30; “OFF” at 22:30; "
        "“OFF” at 23:30."
    )
    assert said in response.content.decode()
    many = {key(hour, 30): "on" for hour in range(6, 24)}
    response = save(patient_client, open_page(patient_client) | many)
    said = "Saved 18 changed half-hours, from 06:30 to midnight."
    assert said in response.content.decode()


def test_on_the_fall_back_day_saving_names_which_time_round_each_half_hour_is(
    patient_client, patient, frozen
):
    frozen(datetime(2026, 11, 1, 12, tzinfo=UTC))
    # 00:00, 00:30, 01:00 (BST), 01:30 (BST), 01:00 (GMT), 01:30 (GMT), 02:00, …
    autumn = slots.day_slots(AUTUMN, LONDON)
    diary.set_state(patient, autumn[5].start, "on", patient)
    form = slots_form(page(patient_client, AUTUMN))
    changes = {autumn[2].key: "asleep", autumn[3].key: "off", autumn[4].key: "off"}
    response = save(patient_client, form | changes | {autumn[5].key: ""}, AUTUMN)
    said = (
        "Saved 4 changed half-hours: “Asleep” at 01:00 (BST); "
        "“OFF” from 01:30 (BST) to 01:30 (GMT); cleared at 01:30 (GMT)."
    )
    assert said in response.content.decode()

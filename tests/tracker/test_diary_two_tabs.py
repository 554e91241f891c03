"""The diary's "Every half-hour" form open twice (two tabs, or the patient's phone and a
carer's laptop): an answer saved in one is not silently replaced from the other, which
still shows what the half-hour said before."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import grant_care, sign_in_as_carer
from tests.tracker.form_values import form_values
from tracker import diary, slots
from tracker.models import DiaryEntry

DAY = date(2026, 7, 1)
AUTUMN = date(2026, 10, 25)  # the clocks go back: 01:00 to 02:00 happens twice
LONDON = ZoneInfo("Europe/London")  # the patient's


def local(hour: int, minute: int = 0) -> datetime:
    """The start of a half-hour on DAY, by the patient's clock."""
    return datetime(2026, 7, 1, hour, minute, tzinfo=LONDON).astimezone(UTC)


def key(hour: int, minute: int = 0) -> str:
    """The form's name for that half-hour."""
    return slots.Slot(local(hour, minute), LONDON).key


def shown(name: str) -> str:
    """The name of the hidden input holding what the page showed for a half-hour."""
    return f"initial-{name}"


def recorded(patient) -> dict[datetime, str]:
    return dict(DiaryEntry.objects.filter(patient=patient).values_list("slot_start", "state"))


def open_page(client, day: date = DAY) -> dict[str, str]:
    """The "Every half-hour" form as the browser has it on a freshly opened page."""
    response = client.get(reverse("diary_day", kwargs={"day": day}))
    assert response.status_code == 200
    return form_values(response.content.decode(), "/slots")


def save(client, form: dict[str, str], day: date = DAY) -> str:
    response = client.post(reverse("diary_slots", kwargs={"day": day}), form, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture(autouse=True)
def afternoon(frozen):
    return frozen(local(14, 10))


ASKED = "Nothing was saved, because 1 half-hour changed after this page was opened"


def test_an_answer_saved_in_one_tab_is_not_silently_replaced_from_the_other(
    patient_client, patient
):
    tab_1, tab_2 = open_page(patient_client), open_page(patient_client)
    save(patient_client, tab_1 | {key(14): "off"})
    content = save(patient_client, tab_2 | {key(14): "on"})
    assert recorded(patient) == {local(14): "off"}
    assert ASKED in content
    said = "14:00 now says “OFF”. Save again to change it to “ON without dyskinesia”."
    assert said in content
    # The page asking keeps the answer chosen, and now knows what the half-hour says:
    # saving it again is the person confirming their answer.
    again = form_values(content, "/slots")
    assert (again[key(14)], again[shown(key(14))]) == ("on", "off")
    content = save(patient_client, again)
    assert "Saved 1 changed half-hour: “ON without dyskinesia” at 14:00." in content
    assert recorded(patient) == {local(14): "on"}


@pytest.mark.parametrize(
    ("before", "tab_1_says", "tab_2_says", "now_says", "then"),
    [
        ("on", "off", "asleep", "“OFF”", "change it to “Asleep”"),
        ("on", "off", "", "“OFF”", "clear it"),
        ("on", "", "asleep", "“Not recorded”", "change it to “Asleep”"),
    ],
    ids=["changed", "cleared on the stale page", "cleared in the other tab"],
)
def test_a_half_hour_changed_from_what_the_stale_page_shows_is_asked_about(
    patient_client, patient, before, tab_1_says, tab_2_says, now_says, then
):
    diary.set_state(patient, local(14), before, patient)
    tab_1, tab_2 = open_page(patient_client), open_page(patient_client)
    save(patient_client, tab_1 | {key(14): tab_1_says})
    content = save(patient_client, tab_2 | {key(14): tab_2_says})
    assert ASKED in content
    assert f"14:00 now says {now_says}. Save again to {then}." in content
    assert recorded(patient).get(local(14), "") == tab_1_says
    save(patient_client, form_values(content, "/slots"))
    assert recorded(patient).get(local(14), "") == tab_2_says


def test_half_hours_left_alone_on_the_stale_page_keep_the_newer_answers(patient_client, patient):
    tab_1, tab_2 = open_page(patient_client), open_page(patient_client)
    save(patient_client, tab_1 | {key(13): "off", key(13, 30): "asleep"})
    content = save(patient_client, tab_2 | {key(13): "on", key(12): "off"})
    assert ASKED in content
    assert "13:30 now says" not in content
    assert recorded(patient) == {local(13): "off", local(13, 30): "asleep"}
    # The page shows 13:30 as it is now, with the person's own changes still chosen.
    again = form_values(content, "/slots")
    assert again[key(13, 30)] == again[shown(key(13, 30))] == "asleep"
    assert (again[key(12)], again[key(13)]) == ("off", "on")
    content = save(patient_client, again)
    said = "Saved 2 changed half-hours: “OFF” at 12:00; “ON without dyskinesia” at 13:00."
    assert said in content
    assert recorded(patient) == {local(12): "off", local(13): "on", local(13, 30): "asleep"}


def test_the_same_answer_as_the_other_tab_gave_is_not_asked_about(patient_client, patient):
    tab_1, tab_2 = open_page(patient_client), open_page(patient_client)
    save(patient_client, tab_1 | {key(14): "off"})
    content = save(patient_client, tab_2 | {key(14): "off", key(12): "on"})
    assert "Saved 1 changed half-hour: “ON without dyskinesia” at 12:00." in content
    assert recorded(patient) == {local(12): "on", local(14): "off"}


def test_a_half_hour_changed_again_while_asking_is_asked_about_again(patient_client, patient):
    tab_1, tab_2 = open_page(patient_client), open_page(patient_client)
    save(patient_client, tab_1 | {key(14): "off"})
    asking = form_values(save(patient_client, tab_2 | {key(14): "on"}), "/slots")
    save(patient_client, open_page(patient_client) | {key(14): "asleep"})
    content = save(patient_client, asking)
    assert "14:00 now says “Asleep”." in content
    assert recorded(patient) == {local(14): "asleep"}


def test_right_now_on_the_patients_phone_is_not_replaced_from_the_carers_open_page(
    client, patient, carer
):
    grant_care(patient, carer, tracker="edit")
    laptop = sign_in_as_carer(client, carer, patient)
    page = open_page(laptop)
    phone = Client()
    phone.force_login(patient)
    phone.post(reverse("tracker_right_now"), {"state": "off"})
    content = save(laptop, page | {key(14): "on"})
    assert "14:00 now says “OFF”." in content
    assert recorded(patient) == {local(14): "off"}


def test_on_the_night_the_clocks_go_back_the_question_names_which_time_round(
    patient_client, patient, frozen
):
    frozen(datetime(2026, 11, 1, 12, tzinfo=UTC))
    patient_client.force_login(patient)  # months after the sign-in of a July afternoon
    # 00:00, 00:30, 01:00 (BST), 01:30 (BST), 01:00 (GMT), 01:30 (GMT), 02:00, …
    autumn = slots.day_slots(AUTUMN, LONDON)
    assert len(autumn) == 50
    bst, gmt = autumn[2], autumn[4]
    tab_1, tab_2 = open_page(patient_client, AUTUMN), open_page(patient_client, AUTUMN)
    save(patient_client, tab_1 | {gmt.key: "off"}, AUTUMN)
    content = save(patient_client, tab_2 | {bst.key: "asleep", gmt.key: "on"}, AUTUMN)
    assert ASKED in content
    assert "01:00 (GMT) now says “OFF”." in content
    assert "01:00 (BST) now says" not in content
    assert recorded(patient) == {gmt.start: "off"}
    content = save(patient_client, form_values(content, "/slots"), AUTUMN)
    said = (
        "Saved 2 changed half-hours: “Asleep” at 01:00 (BST); "
        "“ON without dyskinesia” at 01:00 (GMT)."
    )
    assert said in content
    assert recorded(patient) == {bst.start: "asleep", gmt.start: "on"}


def test_several_half_hours_changed_elsewhere_are_each_named(patient_client, patient):
    tab_1, tab_2 = open_page(patient_client), open_page(patient_client)
    save(patient_client, tab_1 | {key(hour): "off" for hour in (9, 10, 11)})
    content = save(patient_client, tab_2 | {key(hour): "on" for hour in (9, 10, 11)})
    assert "Nothing was saved, because 3 half-hours changed after this page was opened" in content
    for hour in (9, 10, 11):
        assert f"{hour:02d}:00 now says “OFF”." in content


def test_asking_takes_the_same_queries_however_many_half_hours_it_asks_about(
    patient_client, patient, django_assert_num_queries
):
    url = reverse("diary_slots", kwargs={"day": DAY})
    for hours in ([9], range(12)):
        tab_1, tab_2 = open_page(patient_client), open_page(patient_client)
        save(patient_client, tab_1 | {key(hour): "off" for hour in hours})
        # The session with its person, the day's entries, the day's entries again for the
        # page, and the records version that every sending of a form changes.
        with django_assert_num_queries(4):
            patient_client.post(url, tab_2 | {key(hour): "asleep" for hour in hours})
        diary.clear_slots(patient, [local(hour) for hour in range(24)])
    assert recorded(patient) == {}

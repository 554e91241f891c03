import re
import uuid
from datetime import date
from html import escape
from unittest.mock import ANY

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import confirmed, grant_care, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc
from tracker.models import Dose
from tracker.summary import Summary

# The session with its person, then the medication, the doses of that medicine in the last
# 2 hours (one may have been taken lately: tests/tracker/test_second_dose.py), the dose saved
# inside a savepoint, and the records version. Checking a row's scheduled time costs none: the
# medication is loaded.
TAKEN_QUERIES = 7


def taken_form(content: bytes, due: str = "") -> dict:
    """The hidden fields of the "Taken" form whose button ends `due` ("Rasagiline due at
    08:00"), or of the page's first one."""
    forms = re.findall(
        r'<form method="post" action="/my-tracker/doses/taken">(.*?)</form>',
        content.decode(),
        re.S,
    )
    form = next(form for form in forms if f"{due}</span>" in form) if due else forms[0]
    return dict(re.findall(r'<input type="hidden" name="(?!csrf)(\w+)" value="([^"]*)"', form))


def schedule_row(content: bytes, time: str, name: str) -> str:
    """The home page's row of today's schedule for `name` due at `time`."""
    rows = re.findall(r'<li class="app-schedule__item">(.*?)</li>', content.decode(), re.S)
    (row,) = [row for row in rows if f"<strong>{time}</strong> {name}" in row]
    return row


def press(client, due: str):
    """Open the tracker home and press the "Taken" button of the row `due`."""
    data = taken_form(client.get(reverse("tracker_home")).content, due)
    return client.post(reverse("dose_take"), data, follow=True)


def confirm(client, question):
    """Press "Yes, I took it now" on the question a row more than 2 hours from now asks."""
    return client.post(reverse("dose_take"), taken_form(question.content), follow=True)


def press_and_confirm(client, due: str):
    question = press(client, due)
    assert not question.redirect_chain  # asked, not recorded
    return confirm(client, question)


def asked(response) -> tuple[str, str, dict[str, str]]:
    """The question a row far from its time asks: its heading, its words, and where each of
    its buttons (by name) goes."""
    page = Page(response.content.decode())
    targets = page.all(".app-button-row a, .app-button-row button")
    buttons = {" ".join("".join(t.itertext()).split()): t.get("href", "post") for t in targets}
    return page.text("h1"), page.text("h1 + p"), buttons


def test_taken_on_a_row_records_a_dose_now_for_that_row(patient_client, patient, frozen):
    now = frozen(utc(2026, 1, 10, 7, 5))
    med = make.medication(patient)
    response = press(patient_client, "Co-careldopa due at 07:00")
    dose = Dose.objects.get()
    assert (dose.medication, dose.taken_at, dose.scheduled_for) == (med, now, utc(2026, 1, 10, 7))
    assert dose.recorded_by == patient
    assert dose.minutes_late == 5
    page = response.content.decode()
    assert "Dose of Co-careldopa recorded at 07:05, for 07:00 (5 minutes late)." in page
    assert "5 minutes late for 07:00" in page


def test_a_late_press_is_recorded_for_the_row_pressed_and_the_row_shows_taken(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 19, 30))
    make.medication(patient, name="Rasagiline", schedule=["08:00"])
    response = press_and_confirm(patient_client, "Rasagiline due at 08:00")
    dose = Dose.objects.get()
    assert (dose.scheduled_for, dose.minutes_late) == (utc(2026, 1, 10, 8), 690)
    page = response.content.decode()
    assert "Dose of Rasagiline recorded at 19:30, for 08:00 (11 hours 30 minutes late)." in page
    assert "11 hours 30 minutes late for 08:00" in page
    assert "Not a scheduled dose" not in page
    row = schedule_row(response.content, "08:00", "Rasagiline")
    assert "<strong>Taken</strong> at 19:30." in row
    assert "<button" not in row  # nothing left to press twice


def test_a_row_taken_by_mistake_can_be_changed_from_the_row(client, patient, carer, frozen):
    frozen(utc(2026, 1, 10, 7, 5))
    make.medication(patient)
    grant = grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    response = press(client, "Co-careldopa due at 07:00")
    dose = Dose.objects.get()
    row = schedule_row(response.content, "07:00", "Co-careldopa")
    assert f'href="{reverse("dose_edit", args=[dose.pk])}"' in row
    assert "the dose of Co-careldopa taken at 07:05" in row
    # One who may only look is shown that it was taken, and nothing to change it with.
    grant.tracker = "view"
    grant.save()
    row = schedule_row(client.get(reverse("tracker_home")).content, "07:00", "Co-careldopa")
    assert "<strong>Taken</strong> at 07:05." in row
    assert reverse("dose_edit", args=[dose.pk]) not in row


def test_pressing_an_early_row_late_leaves_the_later_row_open(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 19, 28))
    make.medication(patient)  # 07:00, 11:00, 15:00 and 19:00
    response = press_and_confirm(patient_client, "Co-careldopa due at 07:00")
    assert Dose.objects.get().scheduled_for == utc(2026, 1, 10, 7)
    assert "<strong>Taken</strong> at 19:28." in schedule_row(
        response.content, "07:00", "Co-careldopa"
    )
    evening = schedule_row(response.content, "19:00", "Co-careldopa")
    assert "Taken<span" in evening
    assert "<strong>Taken</strong>" not in evening


def test_pressing_a_later_row_early_leaves_the_earlier_row_open(patient_client, patient, frozen):
    # 08:30 is nearer 07:00, and 11:00 is more than 2 hours away: the row pressed decides.
    frozen(utc(2026, 1, 10, 8, 30))
    make.medication(patient)
    response = press_and_confirm(patient_client, "Co-careldopa due at 11:00")
    assert Dose.objects.get().scheduled_for == utc(2026, 1, 10, 11)
    page = response.content.decode()
    assert "recorded at 08:30, for 11:00 (2 hours 30 minutes early)." in page
    assert "<strong>Taken</strong> at 08:30." in schedule_row(
        response.content, "11:00", "Co-careldopa"
    )
    assert "Taken<span" in schedule_row(response.content, "07:00", "Co-careldopa")


NOT_TODAY = "That dose was not recorded: the page showed another day's times."
TRY_AGAIN = "That dose was not recorded. Try the “Taken” button again."
# Today, but not one of its times: it was when the page was loaded.
TIMES_CHANGED = (
    "That dose was not recorded: the times for Co-careldopa have changed since this page "
    "was loaded. Check its times below and press “Taken” again."
)


@pytest.mark.parametrize(
    "scheduled_for, message",
    [
        ("2026-01-10T08:00:00Z", TIMES_CHANGED),  # not one of the medicine's times
        ("2026-01-10T09:00:00Z", TIMES_CHANGED),  # the other medicine's time
        ("2026-01-11T07:00:00Z", NOT_TODAY),  # tomorrow's
        ("07:00", TRY_AGAIN),
        ("now", TRY_AGAIN),
        ("2026-01-10T07:00:00+05:00", TIMES_CHANGED),  # 07:00 by another clock is 02:00 here
    ],
)
def test_a_forged_scheduled_time_records_nothing_and_says_so(
    patient_client, patient, frozen, scheduled_for, message
):
    frozen(utc(2026, 1, 10, 12))
    med = make.medication(patient)
    make.medication(patient, name="Rasagiline", schedule=["09:00"])
    data = {"medication": med.pk, "scheduled_for": scheduled_for, "token": make_token()}
    response = patient_client.post(reverse("dose_take"), data, follow=True)
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not Dose.objects.exists()


def test_a_forged_time_at_the_end_of_the_calendar_is_refused_in_a_zone_ahead_of_utc(
    patient_client, patient, frozen
):
    patient.time_zone = "Pacific/Kiritimati"  # UTC+14: 9999-12-31 23:30 UTC has no local date
    patient.save()
    frozen(utc(2026, 1, 10, 12))
    med = make.medication(patient)
    data = {"medication": med.pk, "scheduled_for": "9999-12-31T23:30:00+00:00"}
    response = patient_client.post(
        reverse("dose_take"), data | {"token": make_token()}, follow=True
    )
    assert escape(NOT_TODAY) in response.content.decode()
    assert not Dose.objects.exists()


def test_a_row_pressed_on_a_page_left_open_overnight_says_where_that_dose_can_go(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 9, 23, 50))
    make.medication(patient, name="Rasagiline", schedule=["22:00"])
    data = taken_form(patient_client.get(reverse("tracker_home")).content)
    frozen(utc(2026, 1, 10, 0, 5))
    response = patient_client.post(reverse("dose_take"), data, follow=True)
    page = response.content.decode()
    assert escape(NOT_TODAY) in page
    assert "use “Record a dose taken at another time”." in page
    assert not Dose.objects.exists()
    # The page it leads back to has today's row, which records the dose (once asked whether
    # it is meant: 22:00 is hours away).
    press_and_confirm(patient_client, "Rasagiline due at 22:00")
    assert Dose.objects.get().scheduled_for == utc(2026, 1, 10, 22)


def test_a_row_whose_times_changed_since_the_page_was_loaded_says_so(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 10, 50))
    med = make.medication(patient, schedule=["07:00", "11:00"])
    data = taken_form(patient_client.get(reverse("tracker_home")).content, "due at 11:00")
    # Changed on another device: 11:00 is now 12:00.
    patient_client.post(
        reverse("medication_edit", args=[med.pk]),
        {"name": "Co-careldopa", "dose": "1 tablet", "times": "07:00, 12:00"},
    )
    response = patient_client.post(reverse("dose_take"), data, follow=True)
    page = response.content.decode()
    assert escape(TIMES_CHANGED) in page
    assert NOT_TODAY not in page
    assert not Dose.objects.exists()
    # The page it leads back to has the new time, which records the dose.
    press(patient_client, "Co-careldopa due at 12:00")
    assert Dose.objects.get().scheduled_for == utc(2026, 1, 10, 12)


@pytest.mark.parametrize("due", ["Rasagiline due at 08:00", ""], ids=["row", "I took it now"])
def test_taken_for_a_medicine_stopped_since_the_page_was_loaded_says_so(
    patient_client, patient, frozen, due
):
    frozen(utc(2026, 1, 10, 8, 5))
    med = make.medication(patient, name="Rasagiline", schedule=["08:00"] if due else [])
    med.as_needed = not due
    med.save()
    data = taken_form(patient_client.get(reverse("tracker_home")).content, due)
    patient_client.post(reverse("medication_stop", args=[med.pk]))
    response = patient_client.post(reverse("dose_take"), data, follow=True)
    assert (
        "That dose was not recorded: Rasagiline has been stopped since this page was loaded. "
        "If Rasagiline has been started again, add it again as a new medicine."
        in response.content.decode()
    )
    assert not Dose.objects.exists()


def test_a_row_already_taken_on_another_device_is_not_recorded_twice(
    patient_client, patient, carer, frozen
):
    frozen(utc(2026, 1, 10, 8, 2))
    grant_care(patient, carer, tracker="edit")
    client = Client()
    sign_in_as_carer(client, carer, patient)
    make.medication(patient, name="Rasagiline", schedule=["08:00"])
    carers_page = taken_form(client.get(reverse("tracker_home")).content)
    press(patient_client, "Rasagiline due at 08:00")
    frozen(utc(2026, 1, 10, 8, 10))
    response = client.post(reverse("dose_take"), carers_page, follow=True)
    assert Dose.objects.get().recorded_by == patient
    assert (
        "That dose of Rasagiline for 08:00 was already recorded at 08:02 by Mary. "
        "Nothing was added." in response.content.decode()
    )
    assert "<strong>Taken</strong> at 08:02." in schedule_row(
        response.content, "08:00", "Rasagiline"
    )


def test_taken_without_a_scheduled_time_is_matched_to_the_nearest(patient_client, patient, frozen):
    # What "I took it now" sends, and any form from before rows sent their time.
    now = frozen(utc(2026, 1, 10, 7, 5))
    med = make.medication(patient)
    data = {"medication": med.pk, "token": make_token()}
    response = patient_client.post(reverse("dose_take"), data, follow=True)
    dose = Dose.objects.get()
    assert (dose.taken_at, dose.scheduled_for) == (now, utc(2026, 1, 10, 7))
    assert "Dose of Co-careldopa recorded at 07:05." in response.content.decode()


def test_i_took_it_now_sends_no_scheduled_time(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 12))
    med = make.medication(patient, name="Apomorphine", schedule=[], as_needed=True)
    form = taken_form(patient_client.get(reverse("tracker_home")).content)
    assert set(form) == {"medication", "token"}
    response = patient_client.post(reverse("dose_take"), form, follow=True)
    assert Dose.objects.get(medication=med).scheduled_for is None
    assert "Not a scheduled dose" in response.content.decode()


def test_pressing_taken_twice_records_one_dose(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 9, 30))
    make.medication(patient, name="Rasagiline", schedule=["08:00"])
    data = taken_form(patient_client.get(reverse("tracker_home")).content)
    patient_client.post(reverse("dose_take"), data)
    response = patient_client.post(reverse("dose_take"), data, follow=True)
    assert Dose.objects.count() == 1
    assert (
        "That dose of Rasagiline for 08:00 was already recorded at 09:30. Nothing was added."
        in response.content.decode()
    )


def test_a_carer_with_edit_access_presses_taken_on_a_row(client, patient, carer, frozen):
    frozen(utc(2026, 7, 1, 18, 30))  # 19:30 BST for Mary; the carer lives in New York
    carer.time_zone = "America/New_York"
    carer.save()
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    make.medication(patient, name="Rasagiline", schedule=["08:00"])
    response = press_and_confirm(client, "Rasagiline due at 08:00")
    dose = Dose.objects.get()
    assert (dose.patient, dose.recorded_by) == (patient, carer)
    assert dose.scheduled_for == utc(2026, 7, 1, 7)
    assert "recorded at 19:30, for 08:00 (11 hours 30 minutes late)." in response.content.decode()


@pytest.mark.parametrize(
    "now, due, scheduled_for, message, other_reading",
    [
        # 29 March 2026: 01:30 is skipped, and the schedule reads it as 02:30 BST.
        (
            utc(2026, 3, 29, 9),
            "02:30",
            utc(2026, 3, 29, 1, 30),
            "recorded at 10:00, for 02:30 (7 hours 30 minutes late).",
            "2026-03-29T00:30:00Z",
        ),
        # 25 October 2026: 01:30 happens twice, and the schedule means the first (BST).
        (
            utc(2026, 10, 25, 9),
            "01:30 (BST)",
            utc(2026, 10, 25, 0, 30),
            "recorded at 09:00, for 01:30 (BST) (8 hours 30 minutes late).",
            "2026-10-25T01:30:00Z",
        ),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_taken_on_a_row_on_the_nights_the_clocks_change(
    patient_client, patient, frozen, now, due, scheduled_for, message, other_reading
):
    frozen(now)
    med = make.medication(patient, name="Rasagiline", schedule=["01:30"])
    data = {"medication": med.pk, "scheduled_for": other_reading, "token": make_token()}
    refused = patient_client.post(reverse("dose_take"), data, follow=True)
    assert "That dose was not recorded" in refused.content.decode()
    assert not Dose.objects.exists()

    response = press_and_confirm(patient_client, f"Rasagiline due at {due}")
    assert Dose.objects.get().scheduled_for == scheduled_for
    assert message in response.content.decode()
    assert "<strong>Taken</strong>" in schedule_row(response.content, due, "Rasagiline")


def test_an_early_row_asks_first_and_records_nothing(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 9, 54))
    make.medication(patient, schedule=["08:00", "13:00", "18:00"])
    response = press(patient_client, "Co-careldopa due at 18:00")
    assert response.status_code == 200
    assert not Dose.objects.exists()
    assert asked(response) == (
        "Record your 18:00 dose as taken now?",
        "It is 09:54. Your 18:00 dose of Co-careldopa is not due for 8 hours.",
        {"Yes, I took it now": "post", "No, go back": reverse("tracker_home")},
    )


def test_confirming_an_early_row_records_it_once(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 9, 54))
    make.medication(patient, schedule=["08:00", "13:00", "18:00"])
    row = taken_form(patient_client.get(reverse("tracker_home")).content, "due at 18:00")
    question = patient_client.post(reverse("dose_take"), row)
    # The same press again, said to be meant: its token too, so a second tap adds nothing.
    assert taken_form(question.content) == row | {"confirmed": "yes", "asked": ANY}
    response = confirm(patient_client, question)
    dose = Dose.objects.get()
    assert (dose.taken_at, dose.scheduled_for) == (utc(2026, 1, 10, 9, 54), utc(2026, 1, 10, 18))
    assert (
        "Dose of Co-careldopa recorded at 09:54, for 18:00 (8 hours 6 minutes early)."
        in response.content.decode()
    )
    again = confirm(patient_client, question)
    assert Dose.objects.count() == 1
    assert (
        "That dose of Co-careldopa for 18:00 was already recorded at 09:54. Nothing was added."
        in again.content.decode()
    )


def test_going_back_from_the_question_records_nothing(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 9, 54))
    make.medication(patient, schedule=["08:00", "13:00", "18:00"])
    _, _, buttons = asked(press(patient_client, "Co-careldopa due at 18:00"))
    home = patient_client.get(buttons["No, go back"])
    assert not Dose.objects.exists()
    assert "Taken<span" in schedule_row(home.content, "18:00", "Co-careldopa")


def test_a_late_row_asks_first_and_offers_to_record_the_time_it_was_taken(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient, schedule=["07:00", "13:00", "18:00"])
    make.medication(patient, name="Rasagiline", schedule=["07:00"])
    heading, words, buttons = asked(press(patient_client, "Co-careldopa due at 07:00"))
    assert not Dose.objects.exists()
    assert heading == "Record your 07:00 dose as taken now?"
    assert words == "It is 20:00. Your 07:00 dose of Co-careldopa was due 13 hours ago."
    assert list(buttons) == [
        "Yes, I took it now",
        "I took it earlier: record the time",
        "No, go back",
    ]
    # The dose form, with the medicine and the row's time filled in.
    form = Page(patient_client.get(buttons["I took it earlier: record the time"]).content.decode())
    assert form.one('input[name="medication"][checked]').get("value") == str(med.pk)
    assert form.one('input[name="date"]').get("value") == "2026-01-10"
    assert form.one('input[name="time"]').get("value") == "07:00"
    token = form.one('input[name="token"]').get("value")
    data = {"medication": med.pk, "date": "2026-01-10", "time": "07:40", "token": token}
    patient_client.post(buttons["I took it earlier: record the time"], data)
    dose = Dose.objects.get()
    assert (dose.taken_at, dose.scheduled_for) == (utc(2026, 1, 10, 7, 40), utc(2026, 1, 10, 7))


@pytest.mark.parametrize(
    "taken_at",
    [
        "2026-01-10T07:00",  # no zone
        "2026-01-09T07:00:00Z",  # yesterday
        "2026-01-10T21:00:00Z",  # later than now
        "9999-12-31T23:30:00+00:00",  # no local date in a zone ahead of UTC
        "0001-01-01T00:00:00+00:00",
        "07:00",
    ],
)
def test_the_dose_form_ignores_what_to_fill_in_when_it_could_not_be_saved(
    patient_client, patient, frozen, taken_at
):
    patient.time_zone = "Pacific/Kiritimati"  # UTC+14: 20:00 UTC is 10:00 on 11 January
    patient.save()
    frozen(utc(2026, 1, 10, 20))
    make.medication(patient)
    link = {"medication": "not-a-medicine", "taken_at": taken_at}
    form = Page(patient_client.get(reverse("dose_new"), link).content.decode())
    assert form.one('input[name="date"]').get("value") == "2026-01-11"
    assert form.one('input[name="time"]').get("value") == "10:00"  # now


@pytest.mark.parametrize(
    "now", [utc(2026, 1, 10, 5), utc(2026, 1, 10, 9)], ids=["2 hours early", "2 hours late"]
)
def test_a_row_within_2_hours_records_at_once(patient_client, patient, frozen, now):
    frozen(now)
    make.medication(patient, schedule=["07:00", "13:00"])
    data = taken_form(patient_client.get(reverse("tracker_home")).content, "due at 07:00")
    response = patient_client.post(reverse("dose_take"), data)
    assert response.status_code == 302
    assert Dose.objects.get().scheduled_for == utc(2026, 1, 10, 7)


def test_a_carer_is_asked_in_words_about_the_patient_at_the_patients_time(
    client, patient, carer, frozen
):
    frozen(utc(2026, 7, 1, 18, 30))  # 19:30 BST for Mary; the carer lives in New York
    carer.time_zone = "America/New_York"
    carer.save()
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    make.medication(patient, name="Rasagiline", schedule=["08:00"])
    heading, words, buttons = asked(press(client, "Rasagiline due at 08:00"))
    assert heading == "Record Mary's 08:00 dose as taken now?"
    assert words == "It is 19:30. Mary's 08:00 dose of Rasagiline was due 11 hours ago."
    assert list(buttons) == [
        "Yes, Mary took it now",
        "Mary took it earlier: record the time",
        "No, go back",
    ]
    assert not Dose.objects.exists()


@pytest.mark.parametrize(
    "now, schedule, due, words",
    [
        # The row's 01:30 is the first (BST); it is 04:00 GMT now.
        (
            utc(2026, 10, 25, 4),
            "01:30",
            "01:30 (BST)",
            "It is 04:00. Your 01:30 (BST) dose of Rasagiline was due 3 hours ago.",
        ),
        # Now is the second 01:10 (GMT); 05:00 is 3 hours 50 minutes away.
        (
            utc(2026, 10, 25, 1, 10),
            "05:00",
            "05:00",
            "It is 01:10 (GMT). Your 05:00 dose of Rasagiline is not due for 3 hours.",
        ),
    ],
    ids=["a repeated time due", "a repeated time now"],
)
def test_the_question_says_which_of_a_time_that_happens_twice(
    patient_client, patient, frozen, now, schedule, due, words
):
    frozen(now)
    make.medication(patient, name="Rasagiline", schedule=[schedule])
    assert asked(press(patient_client, f"Rasagiline due at {due}"))[1] == words
    assert not Dose.objects.exists()


def test_recording_the_time_of_a_late_repeated_time_offers_the_first_one(
    patient_client, patient, frozen
):
    frozen(utc(2026, 10, 25, 4))
    med = make.medication(patient, name="Rasagiline", schedule=["01:30"])
    _, _, buttons = asked(press(patient_client, "Rasagiline due at 01:30 (BST)"))
    link = buttons["I took it earlier: record the time"]
    form = Page(patient_client.get(link).content.decode())
    assert form.one('input[name="time"]').get("value") == "01:30"
    assert form.one('input[name="time_fold"][checked]').get("value") == "0"  # BST
    token = form.one('input[name="token"]').get("value")
    data = {"medication": med.pk, "date": "2026-10-25", "time": "01:30", "time_fold": "0"}
    patient_client.post(link, data | {"token": token})
    assert Dose.objects.get().scheduled_for == utc(2026, 10, 25, 0, 30)


@pytest.mark.parametrize(
    "due, queries",
    # A row also locks its medicine and asks whether another device recorded that row, in a
    # transaction of their own (a savepoint here, as the test runs in a transaction). "I took
    # it now" asks instead whether the same dose was recorded a moment before (Back, then
    # pressed again).
    [("Rasagiline due at 08:00", TAKEN_QUERIES + 4), ("", TAKEN_QUERIES + 1)],
    ids=["row", "I took it now"],
)
def test_taken_costs_a_fixed_number_of_queries(
    patient_client, patient, frozen, django_assert_num_queries, due, queries
):
    frozen(utc(2026, 1, 10, 9, 30))  # within 2 hours of 08:00: recorded without asking
    make.medication(patient, name="Rasagiline", schedule=["08:00"] if due else [], as_needed=True)
    data = taken_form(patient_client.get(reverse("tracker_home")).content, due)
    with django_assert_num_queries(queries):
        response = patient_client.post(reverse("dose_take"), data)
    assert response.status_code == 302
    assert Dose.objects.count() == 1


def test_a_press_said_to_be_meant_costs_no_more_than_a_press_on_time(
    patient_client, patient, frozen, django_assert_num_queries
):
    frozen(utc(2026, 1, 10, 19, 30))
    make.medication(patient, name="Rasagiline", schedule=["08:00"])
    question = patient_client.post(
        reverse("dose_take"), taken_form(patient_client.get(reverse("tracker_home")).content)
    )
    # One fewer: said to be meant, it does not look for a dose taken lately.
    with django_assert_num_queries(TAKEN_QUERIES + 3):
        response = patient_client.post(reverse("dose_take"), taken_form(question.content))
    assert response.status_code == 302
    assert Dose.objects.count() == 1


def test_each_new_page_carries_a_new_token(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 7, 5))
    make.medication(patient, schedule=["07:00"], as_needed=True)
    first = taken_form(patient_client.get(reverse("tracker_home")).content)
    patient_client.post(reverse("dose_take"), first)
    # Once taken, 07:00 shows as taken; the as-needed button offers another dose.
    second = taken_form(patient_client.get(reverse("tracker_home")).content)
    assert second["token"] != first["token"]
    # Another dose so soon is asked about first.
    confirm(patient_client, patient_client.post(reverse("dose_take"), second))
    assert Dose.objects.count() == 2


def test_a_tampered_taken_form_records_nothing_and_says_so(patient_client, patient, stranger):
    theirs = make.medication(stranger)
    for data in (
        {"medication": str(theirs.pk), "token": "5d7e3c1e-8f6b-4a57-9d2e-2a6c0e2b9f11"},
        {"medication": "not-a-uuid", "token": "nope"},
        {},
    ):
        response = patient_client.post(reverse("dose_take"), data, follow=True)
        assert response.status_code == 200
        assert "That dose was not recorded" in response.content.decode()
    assert not Dose.objects.exists()


def test_a_dose_taken_at_another_time_is_recorded_and_matched(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient)
    page = patient_client.get(reverse("dose_new"))
    token = re.search(rb'name="token" value="([^"]+)"', page.content).group(1).decode()
    data = {"medication": med.pk, "date": "2026-01-10", "time": "10:40", "token": token}
    response = patient_client.post(reverse("dose_new"), data, follow=True)
    dose = Dose.objects.get()
    assert dose.taken_at == utc(2026, 1, 10, 10, 40)
    assert dose.scheduled_for == utc(2026, 1, 10, 11)
    said = "Dose of Co-careldopa recorded at 10:40, for 11:00 (20 minutes early)."
    assert said in response.content.decode()
    patient_client.post(reverse("dose_new"), data)
    assert Dose.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "clock", "said"),
    [
        # Another day's dose names its day once.
        ("2026-01-08", "10:40", "10:40 on Thursday 8 January, for 11:00 (20 minutes early)"),
        # A bedtime dose after midnight is for the evening before: both days are named.
        (
            "2026-01-09",
            "00:20",
            "00:20 on Friday 9 January, for 23:00 on Thursday 8 January (1 hour 20 minutes late)",
        ),
    ],
)
def test_a_dose_typed_for_another_day_says_its_day_once(
    patient_client, patient, frozen, day, clock, said
):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient, schedule=["11:00", "23:00"])
    data = {"medication": med.pk, "date": day, "time": clock, "token": make_token()}
    response = patient_client.post(reverse("dose_new"), data, follow=True)
    assert f"Dose of Co-careldopa recorded at {said}." in response.content.decode()


def test_a_dose_just_after_midnight_counts_on_the_new_day(patient_client, patient, frozen):
    # 00:20 BST on 1 July is 23:20 UTC on 30 June.
    frozen(utc(2026, 7, 1, 8))
    med = make.medication(patient, schedule=["00:30", "23:30"])
    data = {"medication": med.pk, "date": "2026-07-01", "time": "00:20", "token": make_token()}
    patient_client.post(reverse("dose_new"), data)
    dose = Dose.objects.get()
    assert dose.taken_at == utc(2026, 6, 30, 23, 20)
    assert dose.scheduled_for == utc(2026, 6, 30, 23, 30)  # 00:30 on 1 July
    page = patient_client.get(reverse("tracker_home")).content.decode()
    assert "10 minutes early for 00:30" in page


def test_an_extra_dose_leaves_the_on_time_dose_in_its_row(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 8, 30))
    med = make.medication(patient, schedule=["07:00", "11:00"], as_needed=True)
    make.dose(patient, med, utc(2026, 1, 10, 7, 5), utc(2026, 1, 10, 7))
    # "I took Co-careldopa now", which sends no scheduled time, said to be meant when asked
    # about the dose at 07:05.
    data = {"medication": med.pk, "token": make_token(), **confirmed()}
    patient_client.post(reverse("dose_take"), data)
    extra = Dose.objects.get(taken_at=utc(2026, 1, 10, 8, 30))
    assert extra.scheduled_for is None
    summary = Summary.build(patient, date(2026, 1, 10), date(2026, 1, 10))
    seven = next(row for row in summary.schedule_rows if row.time == "07:00")
    assert seven.cells[0].taken_at == utc(2026, 1, 10, 7, 5)
    assert summary.unscheduled_doses == [extra]


def test_a_bedtime_dose_taken_after_midnight_is_the_evening_before(patient_client, patient, frozen):
    frozen(utc(2026, 1, 11, 9))
    med = make.medication(patient, schedule=["07:00", "23:30"])
    data = {"medication": med.pk, "date": "2026-01-11", "time": "00:10", "token": make_token()}
    patient_client.post(reverse("dose_new"), data)
    assert Dose.objects.get().scheduled_for == utc(2026, 1, 10, 23, 30)
    make.dose(patient, med, utc(2026, 1, 11, 7, 5), utc(2026, 1, 11, 7))
    make.episode(patient, utc(2026, 1, 11, 5, 30), utc(2026, 1, 11, 6))
    summary = Summary.build(patient, date(2026, 1, 10), date(2026, 1, 11))
    bedtime = next(row for row in summary.schedule_rows if row.time == "23:30")
    assert bedtime.cells[0].minutes_late == 40
    assert summary.unscheduled_doses == []
    # The early-morning episode came before the new day's first dose.
    assert summary.episodes[0].timing.before_first_dose is True


def make_token():
    return str(uuid.uuid4())


@pytest.mark.parametrize(
    "date, time, error",
    [
        ("2026-01-12", "07:00", "That is later than now"),
        ("2026-03-29", "01:30", "There is no 01:30 on Sunday 29 March 2026: the clocks go"),
        ("2026-02-30", "07:00", "Enter a valid date"),
        ("2026-01-10", "25:00", "Enter a valid time"),
        ("", "", "Enter the date taken in full: day, month and year."),
        # A box typed only in part (7:30 with no AM or PM) reaches the server empty.
        ("2026-01-10", "", "Enter the time taken in full: hours and minutes, and AM or PM"),
        # More than a year back is a slip of the year: the message names it in full.
        ("1900-01-01", "07:00", "That is more than a year ago. Enter a date from 9 January 2025"),
        ("2025-01-08", "07:00", "Enter a date from 9 January 2025 on."),
    ],
)
def test_bad_dose_times_are_refused_with_a_message(
    patient_client, patient, frozen, date, time, error
):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient)
    data = {"medication": med.pk, "date": date, "time": time, "token": make_token()}
    response = patient_client.post(reverse("dose_new"), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Dose.objects.exists()


def test_a_dose_of_a_medicine_stopped_since_the_page_was_loaded_is_kept_if_taken_before(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient, name="Rasagiline")
    assert str(med.pk) in patient_client.get(reverse("dose_new")).content.decode()
    patient_client.post(reverse("medication_stop", args=[med.pk]))
    data = {"medication": med.pk, "date": "2026-01-10", "token": make_token()}
    response = patient_client.post(reverse("dose_new"), {**data, "time": "20:00"})
    assert Page(response.content.decode()).text("#id_time-error") == (
        "Error: Rasagiline was stopped on Saturday 10 January 2026 at 20:00: enter a time "
        "before then, or if Rasagiline was started again, add it again as a new medicine."
    )
    assert not Dose.objects.exists()
    response = patient_client.post(reverse("dose_new"), {**data, "time": "07:00"})
    assert response.status_code == 302
    assert Dose.objects.get().taken_at == utc(2026, 1, 10, 7)


def test_a_dose_missed_off_the_record_can_be_added_after_its_medicine_stopped(
    patient_client, patient, frozen
):
    """Stopped and added again: both are offered, told apart, the one taken now first."""
    frozen(utc(2026, 1, 10, 20))
    old = make.medication(patient, name="Ropinirole", stopped_at=utc(2026, 1, 8, 11))
    new = make.medication(patient, name="Ropinirole")
    make.medication(patient, name="Amantadine", stopped_at=utc(2024, 12, 1, 9))  # too long ago
    page = Page(patient_client.get(reverse("dose_new")).content.decode())
    offered = [
        (radio.get("value"), page.text(f'label[for="{radio.get("id")}"]'))
        for radio in page.all('input[name="medication"]')
    ]
    assert offered == [
        (str(new.pk), "Ropinirole"),
        (str(old.pk), "Ropinirole (stopped 8 January 2026)"),
    ]
    assert page.one('input[name="medication"][checked]').get("value") == str(new.pk)
    data = {"medication": old.pk, "date": "2026-01-07", "time": "21:00", "token": make_token()}
    assert patient_client.post(reverse("dose_new"), data).status_code == 302
    assert Dose.objects.get().medication == old


def test_a_medicine_added_again_points_each_dose_to_the_one_taken_then(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 20))
    old = make.medication(patient, name="Ropinirole", stopped_at=utc(2026, 1, 8, 11))
    new = make.medication(
        patient,
        name="Ropinirole",
        earlier_schedules=[{"schedule": [], "until": "2026-01-09T00:00:00+00:00"}],
    )

    def refused(medication, day, clock) -> str:
        data = {"medication": medication.pk, "date": day, "time": clock, "token": make_token()}
        response = patient_client.post(reverse("dose_new"), data)
        assert response.status_code == 200
        return Page(response.content.decode()).text("#id_medication-error")

    assert refused(old, "2026-01-09", "09:00") == (
        "Error: That Ropinirole was stopped on Thursday 8 January 2026 at 11:00: for a dose "
        "after then, choose \u201cRopinirole\u201d, the one taken now."
    )
    assert refused(new, "2026-01-07", "09:00") == (
        "Error: This Ropinirole was added on Friday 9 January 2026: for a dose before then, "
        "choose \u201cRopinirole (stopped 8 January 2026)\u201d."
    )
    assert not Dose.objects.exists()


def test_with_every_medicine_stopped_over_a_year_ago_a_medicine_is_added_first(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 20))
    make.medication(patient, name="Rasagiline", stopped_at=utc(2024, 12, 1, 9))
    response = patient_client.get(reverse("dose_new"))
    assert response.status_code == 302
    assert response["Location"] == reverse("medication_new")


def test_a_dose_of_a_medicine_since_stopped_can_still_be_corrected(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient, stopped_at=utc(2026, 1, 10, 12))
    dose = make.dose(patient, med, utc(2026, 1, 10, 7, 5))
    url = reverse("dose_edit", args=[dose.pk])
    patient_client.post(url, {"medication": med.pk, "date": "2026-01-10", "time": "07:30"})
    dose.refresh_from_db()
    assert dose.taken_at == utc(2026, 1, 10, 7, 30)


def test_a_dose_can_be_corrected_and_is_matched_again(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient)
    dose = make.dose(patient, med, utc(2026, 1, 10, 7, 5), utc(2026, 1, 10, 7))
    url = reverse("dose_edit", args=[dose.pk])
    assert patient_client.get(url).status_code == 200
    data = {"medication": med.pk, "date": "2026-01-10", "time": "14:50"}
    response = patient_client.post(url, data, follow=True)
    assert "Dose changed: Co-careldopa at 14:50." in response.content.decode()
    dose.refresh_from_db()
    assert (dose.taken_at, dose.scheduled_for) == (utc(2026, 1, 10, 14, 50), utc(2026, 1, 10, 15))
    assert Dose.objects.count() == 1


def test_a_dose_changed_later_by_a_carer_is_theirs_and_recalled_and_unchanged_it_is_not(
    client, patient, carer, frozen
):
    """What a record says is what whoever last changed it recorded, when they did."""
    grant_care(patient, carer, tracker="edit")
    med = make.medication(patient)
    dose = make.dose(patient, med, utc(2026, 1, 10, 7), utc(2026, 1, 10, 7))
    Dose.objects.filter(pk=dose.pk).update(recorded_at=utc(2026, 1, 10, 7, 1), recorded_by=patient)
    frozen(utc(2026, 1, 12, 9))
    carers = sign_in_as_carer(client, carer, patient)
    url = reverse("dose_edit", args=[dose.pk])
    carers.post(url, {"medication": med.pk, "date": "2026-01-10", "time": "07:00"})
    dose.refresh_from_db()
    assert (dose.recorded_by, dose.recorded_at) == (patient, utc(2026, 1, 10, 7, 1))
    carers.post(url, {"medication": med.pk, "date": "2026-01-10", "time": "07:45"})
    dose.refresh_from_db()
    assert (dose.recorded_by, dose.recorded_at) == (carer, utc(2026, 1, 12, 9))
    summary = carers.get("/my-tracker/summary.json?start=2026-01-10&days=3").json()
    (row,) = [d for d in summary["doses"] if d["id"] == str(dose.pk)]
    assert (row["recorded_by"], row["recalled"]) == (carer.name, True)


def test_saving_a_dose_unchanged_keeps_the_row_it_was_taken_for(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 13, 5))
    make.medication(patient, name="Rasagiline", schedule=["07:00", "15:00"])
    press_and_confirm(patient_client, "Rasagiline due at 07:00")
    dose = Dose.objects.get()
    url = reverse("dose_edit", args=[dose.pk])
    response = patient_client.post(
        url, {"medication": dose.medication_id, "date": "2026-01-10", "time": "13:05"}, follow=True
    )
    dose.refresh_from_db()
    assert dose.scheduled_for == utc(2026, 1, 10, 7)  # not the nearer 15:00
    assert "6 hours 5 minutes late for 07:00" in response.content.decode()
    assert "<button" not in schedule_row(response.content, "07:00", "Rasagiline")


def test_a_dose_can_be_deleted_after_confirming(patient_client, patient):
    dose = make.dose(patient, make.medication(patient), utc(2026, 1, 10, 7))
    url = reverse("dose_delete", args=[dose.pk])
    assert "Delete this dose?" in patient_client.get(url).content.decode()
    patient_client.post(url)
    assert not Dose.objects.exists()


def test_recording_a_dose_with_no_medicines_asks_to_add_one_first(patient_client):
    response = patient_client.get(reverse("dose_new"))
    assert response.status_code == 302
    assert response["Location"] == reverse("medication_new")


@pytest.mark.parametrize("count", [1, 2])
def test_a_dose_at_another_time_has_the_only_medicine_chosen(patient_client, patient, count):
    for n in range(count):
        make.medication(patient, name=f"Medicine {n}")
    page = Page(patient_client.get(reverse("dose_new")).content.decode())
    checked = page.all('input[name="medication"][checked]')
    assert len(checked) == (1 if count == 1 else 0)


@pytest.mark.parametrize(
    ("url", "query", "box"),
    [
        ("dose_new", "", "time"),
        ("episode_new", "", "start_time"),
        ("notes_appointment_new", "", "time"),
        ("notes_reminder_new", "?kind=custom", "at_time"),
    ],
)
def test_a_time_hint_suits_either_clock_a_browser_may_show(
    patient_client, patient, url, query, box
):
    """A browser on a 12-hour clock shows the box with AM and PM, and hours typed over a time
    filled in as PM stay PM: "07:30" typed in the evening saved 19:30 under a hint that gave
    only 24-hour examples."""
    make.medication(patient)
    page = Page(patient_client.get(reverse(url) + query).content.decode())
    assert page.text(f"#id_{box}-hint") == (
        "For example 07:30, or 19:05 (7:05 PM) in the evening. If the box shows AM or PM, "
        "check that too."
    )

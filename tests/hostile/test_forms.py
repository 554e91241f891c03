"""Every form, posted with random Unicode, NULs, huge strings, odd dates, times and zones.

Whatever arrives: never a 500, and a submission that is not accepted (anything but a
redirect) changes no record at all.
"""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import PASSWORD, grant_care, sign_in_as_carer
from tests.hostile.conftest import HOSTILE, ODD_DATES, ODD_TIMES, ODD_ZONES, form_data, snapshot
from toolkit.lib.tokens import hash_token
from toolkit.models import EmailClaim, User
from tracker.models import DiaryState

DATES = ["{today}", "{yesterday}", "2026-03-29", "2026-10-25", *ODD_DATES[:4]]
TIMES = ["07:00", "07:30", "01:00", "01:30", *ODD_TIMES[:4]]
STATES = list(DiaryState.values)
# Answers to "Which 01:30?", asked when a time falls in the hour the clocks go back.
FOLDS = ["0", "1"]
TOKEN = st.uuids().map(str)

# (url, fields and sensible values for them, fields that may repeat). Placeholders name
# records made by the `records` fixture.
TRACKER_FORMS = [
    (
        "/my-tracker/medications/new",
        {
            "name": ["Co-careldopa"],
            "dose": ["1"],
            "times": ["7, 3pm"],
            "as_needed": ["on"],
            "token": TOKEN,
        },
    ),
    (
        "/my-tracker/medications/{medication}",
        {"name": ["Madopar"], "dose": [""], "times": ["07:00"], "as_needed": ["on"]},
    ),
    ("/my-tracker/medications/{medication}/stop", {}),
    (
        "/my-tracker/doses/taken",
        {
            "medication": ["{medication}"],
            # 07:00 today by the clock of London in winter and in summer, and without a zone.
            "scheduled_for": ["{today}T07:00:00Z", "{today}T06:00:00Z", "{today}T07:00"],
            "token": TOKEN,
        },
    ),
    (
        "/my-tracker/doses/new",
        {
            "medication": ["{medication}"],
            "date": DATES,
            "time": TIMES,
            "time_fold": FOLDS,
            "token": TOKEN,
        },
    ),
    (
        "/my-tracker/doses/{dose}",
        {"medication": ["{medication}"], "date": DATES, "time": TIMES, "time_fold": FOLDS},
    ),
    ("/my-tracker/now", {"state": STATES}),
    (
        "/my-tracker/episodes/new",
        {
            "start_date": DATES,
            "start_time": TIMES,
            "start_time_fold": FOLDS,
            "end_date": DATES,
            "end_time": TIMES,
            "end_time_fold": FOLDS,
            "body_sites": ["foot", "toes"],
            "severity": ["mild"],
            "motor_state": ["off"],
            "side": ["left", "none"],
            "pain": ["0", "10"],
            "relief": ["warmth"],
            "note": ["Cramp"],
            "token": TOKEN,
        },
    ),
    (
        "/my-tracker/episodes/now",
        {
            "start_date": DATES,
            "start_time": TIMES,
            "body_sites": ["foot"],
            "severity": ["severe"],
            "motor_state": ["on"],
            "token": TOKEN,
        },
    ),
    (
        "/my-tracker/episodes/{episode}",
        {
            "start_date": DATES,
            "start_time": TIMES,
            "start_time_fold": FOLDS,
            "end_date": DATES,
            "end_time": TIMES,
            "end_time_fold": FOLDS,
            "body_sites": ["neck"],
            "severity": ["moderate"],
            "motor_state": ["unsure"],
        },
    ),
    ("/my-tracker/episodes/{episode}/stopped", {"next": ["list"]}),
    ("/my-tracker/meals/ate", {"protein_rich": ["on"], "token": TOKEN}),
    (
        "/my-tracker/meals/new",
        {
            "date": DATES,
            "time": TIMES,
            "time_fold": FOLDS,
            "protein_rich": ["on"],
            "token": TOKEN,
        },
    ),
    (
        "/my-tracker/meals/{meal}",
        {"date": DATES, "time": TIMES, "time_fold": FOLDS, "protein_rich": ["on"]},
    ),
    (
        "/my-tracker/diary/2026-10-25/run",
        {"start": TIMES, "end": TIMES, "state": STATES, "start_fold": FOLDS, "end_fold": FOLDS},
    ),
    (
        "/my-tracker/diary/2026-03-29/slots",
        # With the states the page showed, sent back beside each select.
        {"{slot}": STATES, "{other_slot}": ["", "on"], "initial-{slot}": STATES},
    ),
    ("/my-tracker/summary/links", {"start": DATES, "days": ["3", "14"], "valid_days": ["7"]}),
]
NOTES_FORMS = [
    (
        "/my-notes/questions",
        {"text": ["Why?"], "appointment": ["{appointment}"], "token": TOKEN},
    ),
    (
        "/my-notes/questions/{question}",
        {
            "text": ["Why?"],
            "answer": ["Because"],
            "status": ["asked", "to_ask"],
            "appointment": ["{appointment}"],
        },
    ),
    ("/my-notes/questions/{question}/asked", {"next": ["appointment"]}),
    ("/my-notes/questions/from-page", {"page": ["how-to-use", "../toolkit/settings"]}),
    ("/my-notes/contacts/from-page", {"page": ["how-to-use"], "organisation": ["0", "99"]}),
    (
        "/my-notes/notes/new",
        {"written_on": DATES, "title": ["Tuesday"], "text": ["Felt fine"], "token": TOKEN},
    ),
    ("/my-notes/notes/{note}", {"written_on": DATES, "title": ["Tuesday"], "text": ["Felt fine"]}),
    (
        "/my-notes/appointments/new",
        {
            "day": DATES,
            "time": TIMES,
            "time_fold": FOLDS,
            "role": ["gp", "nurse"],
            "with_name": ["Dr Shah"],
            "place": ["Clinic"],
            "notes": [""],
            "token": TOKEN,
        },
    ),
    (
        "/my-notes/appointments/{appointment}/edit",
        {
            "day": DATES,
            "time": TIMES,
            "time_fold": FOLDS,
            "role": ["neurologist"],
            "with_name": ["Dr Shah"],
        },
    ),
    ("/my-notes/appointments/{appointment}/tracking", {"time": TIMES}),
    (
        "/my-notes/contacts/new",
        {
            "name": ["Nurse"],
            "role": ["nurse"],
            "phone": ["0123"],
            "email": ["a@b.org"],
            "website": ["https://example.org"],
            "notes": [""],
            "token": TOKEN,
        },
    ),
    (
        "/my-notes/contacts/{contact}",
        {"name": ["Nurse"], "email": ["a@b.org"], "website": ["javascript:alert(1)"]},
    ),
    (
        "/my-notes/reminders/new?kind=medication",
        {"medication": ["{medication}"], "message": ["Pills"], "token": TOKEN},
    ),
    (
        "/my-notes/reminders/new?kind=appointment",
        {
            "appointment": ["{appointment}"],
            "before": ["60", "10080"],
            "message": [""],
            "token": TOKEN,
        },
    ),
    (
        "/my-notes/reminders/new?kind=tracking",
        {
            "times_text": ["20:00"],
            "starts_on": DATES,
            "ends_on": DATES,
            "message": [""],
            "token": TOKEN,
        },
    ),
    (
        "/my-notes/reminders/new?kind=custom",
        {
            "message": ["Stretch"],
            "repeat": ["once", "daily"],
            "on_day": DATES,
            "at_time": TIMES,
            "at_time_fold": FOLDS,
            "times_text": ["08:00, 20:00"],
            "days": ["0", "6"],
            "starts_on": DATES,
            "ends_on": DATES,
            "token": TOKEN,
        },
    ),
    ("/my-notes/reminders/new?kind=%00", {"message": ["x"]}),
    (
        "/my-notes/reminders/{reminder}",
        {"message": ["Stretch"], "repeat": ["daily"], "times_text": ["09:00"], "days": ["1"]},
    ),
    ("/my-notes/reminders/{reminder}/active", {"active": ["on"]}),
]
ACCOUNT_FORMS = [
    (
        "/account/profile",
        {"display_name": ["Mary"], "time_zone": [*ODD_ZONES, "Europe/london", "../etc"]},
    ),
    (
        "/account/confirm-password",
        {"password": ["wrong"], "next": ["/my-tracker", "//evil.example"]},
    ),
    ("/account/delete", {"password": ["wrong"]}),
    ("/account/email", {"email": ["mary@example.org", "MARY@EXAMPLE.COM"]}),
    (
        "/account/sharing/invite",
        {
            "email": ["sam@example.org", "mary@example.com"],
            "tracker": ["none", "view", "edit"],
            "notes": ["none", "edit"],
        },
    ),
    ("/account/sharing/{grant}", {"tracker": ["none", "view", "edit"], "notes": ["none", "view"]}),
]
# The secret of the link to create an account, set for each example of the anonymous forms.
SIGN_UP_SECRET = "a-link-to-create-an-account"
ANONYMOUS_FORMS = [
    (
        "/account/sign-up",
        {"email": ["new@example.org", "mary@example.com"], "next": ["/my-tracker"]},
    ),
    (
        f"/account/sign-up/{SIGN_UP_SECRET}",
        {
            "display_name": ["New"],
            "time_zone": [*ODD_ZONES, "Europe/London"],
            "password1": [PASSWORD],
            "password2": [PASSWORD],
        },
    ),
    ("/account/log-in", {"username": ["mary@example.com"], "password": ["wrong"]}),
    ("/account/password-reset", {"email": ["mary@example.com"]}),
]
MANY = frozenset({"body_sites", "relief", "days"})


def fill(text: str, records: dict, patient: User) -> str:
    today = patient.local_today()
    return text.format(
        **records,
        today=today,
        yesterday=today - timedelta(days=1),
        day=today - timedelta(days=1),
        slot="2026-03-29T00:00:00Z",
        other_slot="2026-03-29T01:00:00Z",
    )


def filled(fields: dict, records: dict, patient: User) -> dict:
    """The table's fields with the records' ids and today's dates in place."""
    return {
        fill(name, records, patient): good
        if isinstance(good, st.SearchStrategy)
        else [fill(value, records, patient) for value in good]
        for name, good in fields.items()
    }


def post_hostile(client, url: str, data: dict):
    """Post the data; a rejected post must change nothing."""
    before = snapshot()
    response = client.post(url, data)
    assert response.status_code < 500
    if response.status_code not in (301, 302):
        assert snapshot() == before, f"{url} answered {response.status_code} but saved something"
    return response


def forms(table):
    return pytest.mark.parametrize(
        "url,fields", [pytest.param(url, fields, id=url) for url, fields in table]
    )


@forms(TRACKER_FORMS + NOTES_FORMS + ACCOUNT_FORMS)
def test_hostile_posts_by_the_signed_in_patient_never_fail_or_half_save(
    client, patient, records, url, fields
):
    url = fill(url, records, patient)

    @HOSTILE
    @given(data=form_data(filled(fields, records, patient), MANY), zone=st.sampled_from(ODD_ZONES))
    def check(data, zone):
        # Signed in each time: wrong passwords to confirm, counted, end the session.
        client.force_login(patient)
        User.objects.filter(pk=patient.pk).update(time_zone=zone)
        post_hostile(client, url, data)

    check()


@forms(ANONYMOUS_FORMS)
def test_hostile_posts_to_the_public_forms_never_fail_or_half_save(client, patient, url, fields):
    @HOSTILE
    @given(data=form_data(filled(fields, {}, patient)))
    def check(data):
        # Each example's link to create an account is new: one that made one works no more.
        User.objects.exclude(pk=patient.pk).delete()
        EmailClaim.objects.all().delete()
        EmailClaim.objects.create(
            email="new@example.org", token_hash=hash_token(SIGN_UP_SECRET), sent_at=timezone.now()
        )
        post_hostile(client, url, data)

    check()


def test_a_post_larger_than_the_upload_limit_is_refused_cleanly(client, patient, records):
    client.force_login(patient)
    before = snapshot()
    response = client.post("/my-notes/notes/new", {"title": "x", "text": "a" * 3_000_000})
    assert response.status_code == 400
    assert snapshot() == before


# Found by the tests above: near years 1 and 9999 a local date has no UTC instant, in zones
# ahead of or behind UTC. Each form now refuses such a date with a message.
CALENDAR_ENDS = [
    ("/my-tracker/doses/new", {"medication": "{medication}", "date": "{day}", "time": "00:30"}),
    ("/my-tracker/meals/new", {"date": "{day}", "time": "00:30"}),
    (
        "/my-tracker/episodes/new",
        {
            "start_date": "{day}",
            "start_time": "00:30",
            "end_time": "00:40",
            "body_sites": "foot",
            "severity": "mild",
            "motor_state": "off",
        },
    ),
    (
        "/my-tracker/episodes/{episode}",
        {
            "start_date": "2026-01-01",
            "start_time": "00:30",
            "end_date": "{day}",
            "end_time": "23:40",
            "body_sites": "foot",
            "severity": "mild",
            "motor_state": "off",
        },
    ),
    ("/my-tracker/summary/links", {"start": "{day}", "days": "3", "valid_days": "7"}),
    (
        "/my-notes/reminders/new?kind=custom",
        {"message": "x", "repeat": "once", "on_day": "{day}", "at_time": "23:59"},
    ),
]


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "Pacific/Pago_Pago"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("url,data", CALENDAR_ENDS, ids=[url for url, _ in CALENDAR_ENDS])
def test_dates_at_the_ends_of_the_calendar_are_refused_with_a_message(
    client, patient, records, url, data, day, zone
):
    User.objects.filter(pk=patient.pk).update(time_zone=zone)
    client.force_login(patient)
    body = {name: value.format(day=day, **records) for name, value in data.items()}
    body["token"] = str(uuid.uuid4())
    response = post_hostile(client, url.format(**records), body)
    assert response.status_code == 200
    assert b"Enter a date" in response.content


def test_a_name_in_a_forms_hint_is_text_not_markup(client, patient, carer):
    """A carer's form names the patient in its hints: whatever the name holds is shown as it is
    written, never run as the page's own markup (a refresh to another site, a link)."""
    patient.display_name = '<meta http-equiv="refresh" content="0;url=https://evil.example/">'
    patient.save()
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    page = client.get(reverse("medication_new")).content.decode()
    assert "<meta http-equiv" not in page
    assert "then the first day &lt;meta http-equiv=&quot;refresh&quot;" in page

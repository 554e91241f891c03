"""Pages read with hostile query strings and dates in their address: never a 500."""

from datetime import date
from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.conftest import (
    HOSTILE,
    ODD_DATES,
    ODD_NUMBERS,
    ODD_TIMES,
    ODD_ZONES,
    field_value,
)
from toolkit.models import User

DAY_PAGES = ["/my-tracker/day/{}", "/my-tracker/diary/{}"]
# (page, its query parameters and sensible values for them)
QUERIES = [
    ("/my-tracker/summary", {"start": ODD_DATES, "days": ODD_NUMBERS}),
    ("/my-tracker/summary.csv", {"start": ODD_DATES, "days": ODD_NUMBERS}),
    ("/my-tracker/summary.json", {"start": ODD_DATES, "days": ODD_NUMBERS}),
    ("/my-tracker/summary/links", {"start": ODD_DATES, "days": ODD_NUMBERS}),
    ("/information/search", {"q": ["tremor", "tremor cramp", "'", "*", "%"]}),
    (
        "/my-tracker/diary/2026-10-25",
        {"start": ODD_TIMES, "end": ODD_TIMES, "state": ["on"], "fold": ["0", "1", "2"]},
    ),
    ("/my-tracker/episodes", {"page": ODD_NUMBERS}),
    ("/my-tracker/meals", {"page": ODD_NUMBERS}),
    (
        "/my-notes/reminders/new",
        {
            "kind": ["custom", "medication", "appointment", "tracking"],
            "appointment": ["1"],
            "medication": ["1"],
        },
    ),
    ("/account/sign-up", {"next": ["/my-tracker", "//evil.example", "javascript:alert(1)"]}),
    ("/account/confirm-password", {"next": ["/my-tracker", "//evil.example"]}),
    ("/auth", {"mode": ["signup", "login"]}),
    # "I took it earlier", from the question a late "Taken" asks, fills in these two.
    (
        "/my-tracker/doses/new",
        {
            "medication": ["1", "00000000-0000-0000-0000-000000000000"],
            "taken_at": ["2026-07-01T06:00:00Z", "2026-07-01T06:00", "0001-01-01T00:00:00Z"],
        },
    ),
]


@pytest.mark.parametrize(
    "address,params", [pytest.param(address, params, id=address) for address, params in QUERIES]
)
def test_hostile_query_strings_never_fail(client, patient, address, params):
    client.force_login(patient)
    queries = st.fixed_dictionaries({}, optional={k: field_value(v) for k, v in params.items()})

    @HOSTILE
    @given(query=queries, zone=st.sampled_from(ODD_ZONES))
    def check(query, zone):
        User.objects.filter(pk=patient.pk).update(time_zone=zone)
        response = client.get(f"{address}?{urlencode(query)}")
        assert response.status_code < 500

    check()


@pytest.mark.parametrize("address", DAY_PAGES)
def test_any_date_in_a_day_address_is_a_page_or_a_404(client, patient, address):
    client.force_login(patient)

    @HOSTILE
    @given(day=st.dates(), zone=st.sampled_from(ODD_ZONES))
    def check(day, zone):
        User.objects.filter(pk=patient.pk).update(time_zone=zone)
        assert client.get(address.format(f"{day.year:04d}-{day:%m-%d}")).status_code in (200, 404)

    check()


@pytest.mark.parametrize("address", DAY_PAGES)
@pytest.mark.parametrize(
    "day,status",
    [
        ("9999-99-99", 404),
        ("2026-02-30", 404),
        ("0000-01-01", 404),
        ("0001-01-01", 404),
        ("1899-12-31", 404),
        ("9999-12-31", 404),
        ("1900-01-01", 200),
        ("2999-12-31", 200),
    ],
)
@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_days_at_the_ends_of_the_calendar(client, patient, address, day, status, zone):
    User.objects.filter(pk=patient.pk).update(time_zone=zone)
    client.force_login(patient)
    assert client.get(address.format(day)).status_code == status


@pytest.mark.parametrize("suffix", ["", ".pdf", ".csv", ".json"])
@pytest.mark.parametrize("start", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_summary_starting_at_the_ends_of_the_calendar_is_the_form_again(
    client, patient, suffix, start
):
    User.objects.filter(pk=patient.pk).update(time_zone="Pacific/Kiritimati")
    client.force_login(patient)
    response = client.get(f"/my-tracker/summary{suffix}?start={start}&days=14")
    assert response.status_code == 400
    assert b"Enter a date" in response.content or b"today or earlier" in response.content


def test_the_first_day_the_tracker_takes_has_a_summary(client, patient):
    client.force_login(patient)
    first = date(1900, 1, 1).isoformat()
    assert client.get(f"/my-tracker/summary?start={first}&days=14").status_code == 200


TOKEN_ADDRESSES = [
    "/s/{}",
    "/s/{}.pdf",
    "/account/invitation/{}",
    "/account/email/confirm/{}",
    "/account/email/undo/{}",
    "/my-notes/reminders/stop/{}",
    "/my-notes/calendar/7d8c7f3e-3b1f-4a51-9a89-3f0c1b2d4e5f/{}.ics",
]


@pytest.mark.parametrize("address", TOKEN_ADDRESSES)
def test_any_token_in_a_link_is_a_page_or_a_refusal(client, patient, address):
    client.force_login(patient)

    @HOSTILE
    @given(token=st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=300))
    def check(token):
        # A token that ends in "/" is sent on to the same address without it.
        response = client.get(address.format(quote(token, safe="")), follow=True)
        assert response.status_code in (200, 404, 410)

    check()

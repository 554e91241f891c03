import unicodedata

import pytest
from django.urls import reverse

from tests.toolkit.test_form_pack import Page
from toolkit.models import TimeZoneChange, validate_time_zone

# Names the tz database keeps for places that have a newer name; each was once in the list.
LEGACY_AND_CURRENT = [
    ("Asia/Calcutta", "Asia/Kolkata"),
    ("Europe/Kiev", "Europe/Kyiv"),
    ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ("Asia/Saigon", "Asia/Ho_Chi_Minh"),
]


def offered(client) -> list[tuple[str, str, bool]]:
    """The time zones the profile offers: (value, label, chosen), in the order shown."""
    page = Page(client.get(reverse("profile")).content.decode())
    return [
        (option.get("value"), option.text, option.get("selected") is not None)
        for option in page.all('select[name="time_zone"] option')
    ]


def labels(client) -> dict[str, str]:
    return {value: label for value, label, _ in offered(client)}


def alphabetical(label: str) -> str:
    """As a reader orders names: "Curaçao" with "Cuba", "Åland" with the other As."""
    letters = unicodedata.normalize("NFKD", label)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def test_london_is_offered_under_the_united_kingdom(patient_client):
    assert labels(patient_client)["Europe/London"] == "United Kingdom \u2013 London"


def test_a_zone_of_a_country_with_several_says_which_part_it_covers(patient_client):
    offers = labels(patient_client)
    assert offers["America/New_York"] == "United States \u2013 New York (Eastern, most areas)"
    assert offers["America/Los_Angeles"] == "United States \u2013 Los Angeles (Pacific)"
    assert offers["Europe/Paris"] == "France \u2013 Paris"


def test_no_place_is_offered_twice(patient_client):
    offers = offered(patient_client)
    values = [value for value, _, _ in offers]
    assert len(set(values)) == len(values)
    assert len({label for _, label, _ in offers}) == len(offers)
    for legacy, current in LEGACY_AND_CURRENT:
        assert current in values
        assert legacy not in values


def test_the_zones_are_in_alphabetical_order_so_typing_a_country_finds_it(patient_client):
    shown = [label for _, label, _ in offered(patient_client)]
    by_country = shown[:-1]  # UTC, which is no country, comes last
    assert by_country == sorted(by_country, key=alphabetical)
    assert shown.index("Åland Islands \u2013 Mariehamn") < shown.index("Albania \u2013 Tirane")


def test_utc_is_offered_last(patient_client):
    assert offered(patient_client)[-1] == ("UTC", "UTC", False)


def test_every_zone_offered_is_one_the_profile_accepts(patient_client):
    for value, _, _ in offered(patient_client):
        validate_time_zone(value)


@pytest.mark.parametrize("legacy", [legacy for legacy, _ in LEGACY_AND_CURRENT])
def test_a_person_with_a_legacy_zone_sees_it_chosen_and_keeps_it_on_saving(
    patient_client, patient, legacy
):
    patient.time_zone = legacy
    patient.save()
    chosen = [(value, label) for value, label, chosen in offered(patient_client) if chosen]
    assert chosen == [(legacy, legacy)]
    response = patient_client.post(
        reverse("profile"), {"display_name": "Mary J", "time_zone": legacy}
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert (patient.display_name, patient.time_zone) == ("Mary J", legacy)
    assert not TimeZoneChange.objects.exists()


def test_a_person_with_a_legacy_zone_can_choose_one_from_the_list(patient_client, patient):
    patient.time_zone = "Asia/Calcutta"
    patient.save()
    response = patient_client.post(
        reverse("profile"), {"display_name": "Mary", "time_zone": "Asia/Kolkata"}
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.time_zone == "Asia/Kolkata"


def test_a_zone_chosen_from_the_list_is_saved(patient_client, patient):
    response = patient_client.post(
        reverse("profile"), {"display_name": "Mary", "time_zone": "Europe/Kyiv"}
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.time_zone == "Europe/Kyiv"
    assert [change.earlier for change in TimeZoneChange.objects.all()] == ["Europe/London"]

"""The person's own keys of the data document: their name and the zones they lived by."""

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import grant_care, make_user
from tests.tracker import make
from tests.tracker.summary_record_urls import specialist_link
from toolkit import portability
from toolkit.models import AccessEvent, CareGrant, SpecialistLink, TimeZoneChange, User
from tracker.models import Meal

KATHMANDU_UNTIL = datetime(2026, 5, 1, 9, tzinfo=UTC)


def write(tmp_path, document) -> str:
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document))
    return str(path)


def load(tmp_path, document, email: str, **options) -> None:
    call_command(
        "importrecords", write(tmp_path, document), user=email, stdout=io.StringIO(), **options
    )


def moved_to_london(patient) -> None:
    TimeZoneChange.objects.create(
        person=patient, earlier="Asia/Kathmandu", changed_at=KATHMANDU_UNTIL
    )


def test_the_download_has_the_persons_name_and_the_zones_they_lived_by(patient_client, patient):
    moved_to_london(patient)
    document = patient_client.get(reverse("download_data")).json()
    assert document["display_name"] == "Mary"
    assert document["time_zone_changes"] == [
        {"earlier": "Asia/Kathmandu", "changed_at": "2026-05-01T10:00:00+01:00"}
    ]


def test_a_new_account_keeps_the_name_and_what_the_summary_says_of_other_clocks(
    client, patient, tmp_path
):
    moved_to_london(patient)
    make.medication(patient, schedule=("07:00",))
    # Recorded while the patient lived by Kathmandu's clock: what the note is about.
    eaten = make.meal(patient, make.utc(2026, 4, 19, 7)).eaten_at
    Meal.objects.update(recorded_at=eaten)
    url = reverse("summary_json") + "?start=2026-04-18&days=5"
    client.force_login(patient)
    before = client.get(url).json()
    assert before["time_zone_notes"]  # "Until 1 May 10:00 the patient lived by Asia/Kathmandu"
    document = client.get(reverse("download_data")).json()
    patient.delete()

    load(tmp_path, document, "mary@example.com", create=True)

    moved = User.objects.get(email="mary@example.com")
    assert moved.display_name == "Mary"
    client.force_login(moved)
    after = client.get(url).json()
    assert (after["patient"], after["time_zone_notes"]) == (
        before["patient"],
        before["time_zone_notes"],
    )


def test_an_account_with_no_name_takes_the_documents_and_one_with_a_name_keeps_its_own(
    patient, tmp_path
):
    document = portability.export_document(patient)  # named "Mary"
    unnamed = make_user("unnamed@example.com")
    named = make_user("named@example.com", "Mrs M. Jones")
    load(tmp_path, document, unnamed.email)
    load(tmp_path, document, named.email)
    unnamed.refresh_from_db()
    named.refresh_from_db()
    assert (unnamed.display_name, named.display_name) == ("Mary", "Mrs M. Jones")


def test_a_name_on_more_than_one_line_is_refused_and_nothing_is_imported(patient, tmp_path):
    make.meal(patient, KATHMANDU_UNTIL)
    document = portability.export_document(patient)
    document["display_name"] = "Mary\nURGENT: verify at http://evil.example"
    unnamed = make_user("unnamed@example.com")
    with pytest.raises(CommandError, match="display_name: Write your name on one line"):
        load(tmp_path, document, unnamed.email)
    unnamed.refresh_from_db()
    assert unnamed.display_name == ""
    assert not Meal.objects.filter(patient=unnamed).exists()


def test_the_same_file_imported_twice_keeps_each_change_of_zone_once(patient, tmp_path):
    moved_to_london(patient)
    document = portability.export_document(patient)
    change = document["time_zone_changes"][0]
    document["time_zone_changes"].append(change | {"changed_at": "2026-05-01T09:00:00Z"})
    load(tmp_path, document, patient.email)
    load(tmp_path, document, patient.email)
    changes = TimeZoneChange.objects.filter(person=patient)
    assert list(changes.values_list("earlier", "changed_at")) == [
        ("Asia/Kathmandu", KATHMANDU_UNTIL)
    ]


def test_a_document_without_the_persons_keys_still_imports(db, tmp_path):
    # As downloaded before the name and the zones were part of it.
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "email": "mary@example.com",
        "time_zone": "Asia/Kathmandu",
        "meals": [{"eaten_at": "2026-07-01T12:00:00+05:45"}],
    }
    load(tmp_path, document, "mary@example.com", create=True)
    mary = User.objects.get(email="mary@example.com")
    assert (mary.display_name, mary.time_zone) == ("", "Asia/Kathmandu")
    assert not TimeZoneChange.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"display_name": 5}, "display_name: 5 is not text"),
        ({"display_name": "x" * 101}, "display_name: is longer than 100 characters"),
        ({"display_name": "Ma\ud800ry"}, "display_name: is not valid Unicode text"),
        ({"display_name": "Ma\x00ry"}, "display_name: contains a NUL character"),
        ({"time_zone_changes": {}}, "time_zone_changes: must be a list"),
        ({"time_zone_changes": ["Asia/Kathmandu"]}, r"time_zone_changes\[0\]: must be an object"),
        (
            {"time_zone_changes": [{"earlier": "Mars/Olympus", "changed_at": "2026-05-01T09:00Z"}]},
            r"time_zone_changes\[0\]\.earlier: 'Mars/Olympus' is not an IANA time zone",
        ),
        (
            {"time_zone_changes": [{"earlier": "", "changed_at": "2026-05-01T09:00Z"}]},
            r"time_zone_changes\[0\]\.earlier: is empty",
        ),
        (
            {"time_zone_changes": [{"changed_at": "2026-05-01T09:00Z"}]},
            r"time_zone_changes\[0\]\.earlier: is required",
        ),
        (
            {"time_zone_changes": [{"earlier": "UTC", "changed_at": "0001-01-01T00:00:00+05:00"}]},
            r"time_zone_changes\[0\]\.changed_at: .* is not between the years 1900 and 2999",
        ),
        (
            {"time_zone_changes": [{"earlier": "UTC", "changed_at": "2026-05-01T09:00"}]},
            r"time_zone_changes\[0\]\.changed_at: .* has no UTC offset",
        ),
        (
            {"time_zone_changes": [{"earlier": "UTC"}]},
            r"time_zone_changes\[0\]\.changed_at: is required",
        ),
    ],
)
def test_a_bad_name_or_change_of_zone_names_its_place_and_imports_nothing(
    db, tmp_path, change, message
):
    document = {
        "format": "parkinsons-toolkit",
        "version": 1,
        "meals": [{"eaten_at": "2026-07-01T12:00:00+01:00"}],
    } | change
    with pytest.raises(CommandError, match=rf"^Nothing was imported\. {message}"):
        load(tmp_path, document, "new@example.com", create=True)
    assert not User.objects.exists()
    assert not TimeZoneChange.objects.exists()


def test_the_download_says_whom_they_share_with_and_help_and_their_links_and_access_log(
    patient_client, patient, carer
):
    grant = grant_care(patient, carer, tracker="edit")
    helped = make_user("peter@example.com", "Peter")
    grant_care(helped, patient, notes="view")
    link_id = specialist_link(patient)["link_id"]
    SpecialistLink.objects.filter(pk=link_id).update(open_count=2)
    AccessEvent.objects.create(patient=patient, actor=carer, action="viewed", what="tracker")
    document = json.loads(patient_client.get(reverse("download_data")).content)
    (sharing,) = document["sharing"]
    assert (sharing["email"], sharing["name"], sharing["tracker"]) == (carer.email, "John", "edit")
    assert sharing["ended_at"] is None
    assert sharing["accepted_at"] == grant.accepted_at.astimezone(patient.zone).isoformat()
    (caring,) = document["caring"]
    assert (caring["name"], caring["notes"], caring["tracker"]) == ("Peter", "view", "none")
    (link,) = document["specialist_links"]
    assert (link["days"], link["times_opened"], link["stopped_at"]) == (3, 2, None)
    assert not {"token_hash", "token"} & set(link)
    (event,) = document["access_log"]
    assert (event["who"], event["action"], event["what"]) == (carer.email, "viewed", "tracker")


def test_sharing_in_a_document_is_not_imported(patient, carer, tmp_path):
    grant_care(patient, carer, tracker="edit")
    specialist_link(patient)
    AccessEvent.objects.create(patient=patient, actor=carer, action="viewed", what="tracker")
    document = portability.export_document(patient)
    load(tmp_path, document, "new@example.com", create=True)
    moved = User.objects.get(email="new@example.com")
    assert not CareGrant.objects.filter(patient=moved).exists()
    assert not SpecialistLink.objects.filter(patient=moved).exists()
    assert not AccessEvent.objects.filter(patient=moved).exists()


def test_importing_into_an_account_on_another_clock_says_so(patient, tmp_path):
    make.meal(patient, KATHMANDU_UNTIL)
    document = portability.export_document(patient)  # Europe/London
    elsewhere = make_user("elsewhere@example.com")
    User.objects.filter(pk=elsewhere.pk).update(time_zone="America/New_York")
    said = io.StringIO()
    call_command("importrecords", write(tmp_path, document), user=elsewhere.email, stdout=said)
    assert said.getvalue().splitlines() == [
        "Imported the records into elsewhere@example.com.",
        "The document was made on Europe/London's clock; the account keeps America/New_York, "
        "so its days and times are shown on America/New_York's clock. If the person lives by "
        "the other, they can change it on their profile page.",
    ]
    # The same instant, whatever the clock.
    assert Meal.objects.get(patient=elsewhere).eaten_at == KATHMANDU_UNTIL

    same_clock = io.StringIO()
    call_command(
        "importrecords",
        write(tmp_path, document),
        user="new@example.com",
        create=True,
        stdout=same_clock,
    )
    assert same_clock.getvalue().splitlines() == ["Imported the records into new@example.com."]


@pytest.mark.parametrize("user", ["", "   ", "not an email"])
def test_an_account_is_named_by_an_email_address_or_nothing_is_imported(db, tmp_path, user):
    document = {"format": "parkinsons-toolkit", "version": 1, "meals": []}
    with pytest.raises(CommandError, match="--user"):
        load(tmp_path, document, user, create=True)
    assert not User.objects.exists()


def test_a_folder_is_not_a_file_to_import(patient, tmp_path):
    with pytest.raises(CommandError, match=f"Cannot read {tmp_path}"):
        call_command("importrecords", str(tmp_path), user=patient.email, stdout=io.StringIO())


def test_a_document_with_no_zone_says_nothing_of_clocks(patient, tmp_path):
    document = {"format": "parkinsons-toolkit", "version": 1, "time_zone": "", "meals": []}
    said = io.StringIO()
    call_command("importrecords", write(tmp_path, document), user=patient.email, stdout=said)
    assert "clock" not in said.getvalue()

"""A carer deleting their account does not take their name off the patient's access log: each
of their entries keeps the address that patient invited them at."""

import json

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, grant_care, make_user, sign_in_as_carer
from tests.toolkit.test_sharing import pending_invitation
from tests.toolkit.test_sharing_access_log import (
    bob_accepts_from_his_own_address,
    log_rows,
    who_column,
)
from toolkit.models import AccessEvent, CareGrant, User

SUMMARY = "/my-tracker/summary?start=2026-03-02&days=3"


def looks_and_downloads(carer: User, patient: User) -> None:
    client = sign_in_as_carer(Client(), carer, patient)
    assert client.get(SUMMARY).status_code == 200
    assert client.get(SUMMARY.replace("summary", "summary.csv")).status_code == 200


def deletes_their_account(carer: User) -> None:
    client = Client()
    client.force_login(carer)
    assert client.post(reverse("delete_account"), {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=carer.pk).exists()


def link_opened(patient: User) -> AccessEvent:
    """As a specialist's opening of a link is logged: by nobody."""
    return AccessEvent.objects.create(
        patient=patient, actor=None, action="link_opened", what="summary 2026-03-02 to 2026-03-04"
    )


def test_each_deleted_carers_looks_and_downloads_name_the_address_the_patient_invited(
    client, patient, carer
):
    olive = make_user("olive@example.com", "Olive")
    for someone in (carer, olive):
        grant_care(patient, someone, tracker="view")
        looks_and_downloads(someone, patient)
    for someone in (carer, olive):
        deletes_their_account(someone)
    client.force_login(patient)
    john, olive = "A deleted account (john@example.com)", "A deleted account (olive@example.com)"
    # Newest first: each deletion, then each carer's download and look, apart.
    assert who_column(client) == [olive, john, olive, olive, john, john]
    rows = log_rows(client)
    assert rows[0].endswith(
        f"Who {olive} What Changed access: "
        "olive@example.com deleted their account: their access has ended"
    )
    assert rows[2].endswith(f"Who {olive} What Downloaded: My Tracker")
    assert rows[5].endswith(f"Who {john} What Viewed: My Tracker")


def test_two_deleted_carers_looks_one_after_another_are_not_put_on_one_line(client, patient, carer):
    olive = make_user("olive@example.com", "Olive")
    for someone in (carer, olive):
        grant_care(patient, someone, tracker="view")
        sign_in_as_carer(Client(), someone, patient).get(SUMMARY)
    AccessEvent.objects.filter(action="access_changed").delete()
    for someone in (carer, olive):
        deletes_their_account(someone)
    AccessEvent.objects.filter(action="access_changed").delete()
    client.force_login(patient)
    assert who_column(client) == [
        "A deleted account (olive@example.com)",
        "A deleted account (john@example.com)",
    ]


def test_a_carer_whose_address_changed_is_named_by_the_one_invited_after_deleting(client, patient):
    bob = bob_accepts_from_his_own_address(client, patient)
    looks_and_downloads(bob, patient)
    User.objects.filter(pk=bob.pk).update(email="bob.moved@example.net")
    deletes_their_account(bob)
    client.force_login(patient)
    assert set(who_column(client)) == {"A deleted account (bob@example.com)"}
    said = " ".join(log_rows(client))
    assert "robert@example.org" not in said.replace("robert@example.org accepted", "")
    assert "bob.moved@example.net" not in said


def test_a_carer_invited_again_at_another_address_is_named_by_the_latest(client, patient, carer):
    first = grant_care(patient, carer, tracker="view")
    AccessEvent.objects.create(patient=patient, actor=carer, action="viewed", what="tracker")
    CareGrant.objects.filter(pk=first.pk).update(revoked_at=timezone.now())
    client.force_login(carer)
    client.post(pending_invitation(patient, "john.home@example.com"))
    deletes_their_account(carer)
    client.force_login(patient)
    assert set(who_column(client)) == {"A deleted account (john.home@example.com)"}


def test_a_carer_helping_two_people_is_named_in_each_log_by_the_address_each_invited(
    client, patient, carer
):
    peter = make_user("peter@example.com", "Peter")
    grant_care(patient, carer, tracker="view")
    CareGrant.objects.create(
        patient=peter,
        carer=carer,
        email="johnny@example.com",
        tracker="view",
        expires_at=timezone.now(),
        accepted_at=timezone.now(),
    )
    for person in (patient, peter):
        looks_and_downloads(carer, person)
    deletes_their_account(carer)
    for person, invited in ((patient, "john@example.com"), (peter, "johnny@example.com")):
        client.force_login(person)
        assert set(who_column(client)) == {f"A deleted account ({invited})"}


def test_link_openings_and_others_without_a_carers_address_are_left_as_they_were(
    client, patient, carer
):
    grant_care(patient, carer, tracker="view")
    link_opened(patient)
    looks_and_downloads(carer, patient)
    link_opened(patient)
    deletes_their_account(carer)
    gone = make_user("gone@example.com")
    AccessEvent.objects.create(patient=patient, actor=gone, action="viewed", what="notes")
    gone.delete()  # deleted before entries kept an address
    stranger = make_user("stranger@example.com")
    AccessEvent.objects.create(patient=patient, actor=stranger, action="viewed", what="tracker")
    deletes_their_account(stranger)  # never shared with: nothing to name them by
    client.force_login(patient)
    assert who_column(client) == [
        "A deleted account",  # the stranger
        "A deleted account",
        "A deleted account (john@example.com)",
        "Someone with the link",
        "A deleted account (john@example.com)",
        "A deleted account (john@example.com)",
        "Someone with the link",
    ]
    assert set(
        AccessEvent.objects.filter(action="link_opened").values_list("actor_invited_as", flat=True)
    ) == {""}


def test_a_carer_with_access_still_is_named_as_the_sharing_page_lists_them(client, patient):
    bob = bob_accepts_from_his_own_address(client, patient)
    looks_and_downloads(bob, patient)
    deletes_their_account(make_user("someone.else@example.com"))
    client.force_login(patient)
    assert set(who_column(client)) == {"Bob Carer (robert@example.org, invited as bob@example.com)"}
    assert set(AccessEvent.objects.values_list("actor_invited_as", flat=True)) == {""}


def test_naming_deleted_carers_on_the_log_costs_no_more_queries(
    client, patient, carer, django_assert_num_queries
):
    olive = make_user("olive@example.com", "Olive")
    for someone in (carer, olive):
        grant_care(patient, someone, tracker="view")
        looks_and_downloads(someone, patient)
    deletes_their_account(olive)
    link_opened(patient)
    client.force_login(patient)
    # The session with its person, the count, the page, and the carers' addresses.
    with django_assert_num_queries(4):
        response = client.get(reverse("access_log"))
    assert "A deleted account (olive@example.com)" in response.content.decode()


def test_the_download_names_a_deleted_carer_by_the_address_invited(client, patient, carer):
    grant_care(patient, carer, tracker="view")
    looks_and_downloads(carer, patient)
    link_opened(patient)
    deletes_their_account(carer)
    client.force_login(patient)
    document = json.loads(client.get(reverse("download_data")).content)
    assert [(event["who"], event["action"]) for event in document["access_log"]] == [
        ("john@example.com", "viewed"),
        ("john@example.com", "downloaded"),
        (None, "link_opened"),
        ("john@example.com", "access_changed"),
    ]

"""The patient's access log, in the words of the sharing pages: carers named as the sharing
page lists them, changes of access in the pages' words, and a run of looks in one minute at
one time."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from tests.conftest import grant_care, make_user
from tests.toolkit.test_form_pack import Page
from tests.toolkit.test_sharing import pending_invitation
from toolkit.models import AccessEvent, CareGrant


def log_rows(client) -> list[str]:
    page = Page(client.get(reverse("access_log")).content.decode())
    return [" ".join("".join(row.itertext()).split()) for row in page.all("tbody tr")]


def who_column(client) -> list[str]:
    page = Page(client.get(reverse("access_log")).content.decode())
    return ["".join(cell.itertext()) for cell in page.all("tbody td:nth-child(2) .app-user-text")]


def sharing_who(client) -> list[str]:
    page = Page(client.get(reverse("sharing")).content.decode())
    return [
        " ".join(" ".join(cell.itertext()).split())  # the name, and under it the addresses
        for cell in page.all('tbody th[scope="row"] .app-user-text')
    ]


def bob_accepts_from_his_own_address(client, patient):
    """Mary invited bob@example.com; Bob accepted, signed in as robert@example.org."""
    bob = make_user("robert@example.org", "Bob Carer")
    client.force_login(bob)
    client.post(pending_invitation(patient, "bob@example.com"))
    return bob


def test_a_carer_who_accepted_from_another_address_is_named_by_both_on_the_log_and_sharing_page(
    client, patient
):
    bob = bob_accepts_from_his_own_address(client, patient)
    AccessEvent.objects.create(patient=patient, actor=bob, action="viewed", what="tracker")
    client.force_login(patient)
    named = "Bob Carer (robert@example.org, invited as bob@example.com)"
    assert who_column(client) == [named, named]  # the look, and the acceptance
    assert sharing_who(client) == ["Bob Carer robert@example.org, invited as bob@example.com"]


def test_a_carer_accepted_at_the_address_invited_is_named_by_it_once(client, patient, carer):
    client.force_login(carer)
    client.post(pending_invitation(patient, "John@Example.com"))
    client.force_login(patient)
    assert who_column(client) == ["John (john@example.com)"]
    assert sharing_who(client) == ["John john@example.com"]


def test_a_carer_who_takes_the_patients_name_is_still_told_apart_by_both_addresses(client, patient):
    """A carer chooses their own name: the address the patient invited, which they cannot
    change, goes with it."""
    bob = bob_accepts_from_his_own_address(client, patient)
    bob.display_name = "Mary"
    bob.save()
    client.force_login(patient)
    assert who_column(client) == ["Mary (robert@example.org, invited as bob@example.com)"]


def test_after_sharing_stops_a_carers_later_address_is_not_shown_on_the_log(client, patient):
    bob = bob_accepts_from_his_own_address(client, patient)
    client.force_login(patient)
    client.post(reverse("sharing_revoke", args=[CareGrant.objects.get().pk]))
    bob.email = "bob.moved@example.net"
    bob.save()
    rows = log_rows(client)
    assert rows[-1].endswith(
        "Who Bob Carer (bob@example.com) What Changed access: "
        "robert@example.org accepted the invitation sent to bob@example.com"
    )
    assert "bob.moved@example.net" not in " ".join(rows)


def test_naming_carers_on_the_log_costs_one_query_however_many(
    client, patient, carer, django_assert_num_queries
):
    bob = bob_accepts_from_his_own_address(client, patient)
    grant_care(patient, carer, tracker="view")
    left = make_user("olive@example.com", "Olive")
    CareGrant.objects.filter(pk=grant_care(patient, left, tracker="view").pk).update(
        revoked_at=timezone.now()
    )
    for someone in (bob, carer, left):
        AccessEvent.objects.create(patient=patient, actor=someone, action="viewed", what="notes")
    client.force_login(patient)
    # The session with its person, the count, the page, and the carers' addresses.
    with django_assert_num_queries(4):
        response = client.get(reverse("access_log"))
    assert response.status_code == 200


def test_a_change_of_access_is_logged_in_the_words_of_the_sharing_page(client, patient, carer):
    grant = grant_care(patient, carer, tracker="edit", notes="view")
    client.force_login(patient)
    client.post(reverse("sharing_change", args=[grant.pk]), {"tracker": "view", "notes": "none"})
    assert log_rows(client)[0].endswith(
        "Who You What Changed access: "
        "john@example.com \u2014 My Tracker: can view; My Reminders & Notes: no access"
    )


def test_a_change_of_access_logged_in_codes_before_reads_in_the_same_words(patient_client, patient):
    AccessEvent.objects.create(
        patient=patient,
        actor=patient,
        action="access_changed",
        what="robert@example.org: tracker edit, notes view",
    )
    assert log_rows(patient_client)[0].endswith(
        "What Changed access: robert@example.org \u2014 "
        "My Tracker: can view and record; My Reminders & Notes: can view"
    )


def test_cancelling_an_invitation_is_logged_as_cancelled_not_as_stopped_sharing(
    patient_client, patient
):
    """Nobody ever had access to stop."""
    pending_invitation(patient, "carol@example.com")
    invitation = CareGrant.objects.get()
    patient_client.post(reverse("sharing_revoke", args=[invitation.pk]))
    assert log_rows(patient_client)[0].endswith(
        "Who You What Changed access: cancelled the invitation to carol@example.com"
    )


def test_stopping_sharing_with_a_carer_is_still_logged_as_stopped_sharing(
    patient_client, patient, carer
):
    grant = grant_care(patient, carer, tracker="view")
    patient_client.post(reverse("sharing_revoke", args=[grant.pk]))
    assert log_rows(patient_client)[0].endswith(
        "Who You What Changed access: stopped sharing with john@example.com"
    )


def looks_at_the_tracker(patient, carer, times: list[datetime]) -> None:
    grant_care(patient, carer, tracker="view")
    for at in times:
        AccessEvent.objects.create(
            patient=patient, actor=carer, action="viewed", what="tracker", at=at
        )


def test_a_run_of_looks_within_one_minute_shows_one_time(client, patient, carer):
    start = datetime(2026, 11, 28, 12, 45, 5, tzinfo=UTC)
    looks_at_the_tracker(patient, carer, [start + timedelta(seconds=s) for s in (0, 20, 40)])
    client.force_login(patient)
    assert log_rows(client) == [
        "When 28 November 2026, 12:45 Who John (john@example.com) What Viewed: My Tracker (3 pages)"
    ]


def test_a_run_of_looks_over_several_minutes_still_shows_when_it_began_and_ended(
    client, patient, carer
):
    start = datetime(2026, 11, 28, 12, 45, tzinfo=UTC)
    looks_at_the_tracker(patient, carer, [start + timedelta(minutes=m) for m in (0, 1, 7)])
    client.force_login(patient)
    assert log_rows(client) == [
        "When 28 November 2026, 12:45 to 12:52 Who John (john@example.com) "
        "What Viewed: My Tracker (3 pages)"
    ]

import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, grant_care, make_user, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from toolkit.lib.tokens import new_token
from toolkit.models import AccessEvent, CareGrant
from toolkit.reauth import CONFIRMED_AT
from toolkit.sharing.forms import INVITATIONS_A_DAY


def invite(client, email="john@example.com", tracker="edit", notes="none"):
    return client.post(
        reverse("sharing_invite"), {"email": email, "tracker": tracker, "notes": notes}
    )


def invitation_path():
    return re.search(r"https?://[^/\s]+(/account/invitation/\S+)", mail.outbox[-1].body).group(1)


def test_inviting_sends_a_single_use_link_stored_only_as_a_hash(patient_client, patient):
    response = invite(patient_client, "John@Example.com")
    assert response["Location"] == reverse("sharing")
    grant = CareGrant.objects.get()
    assert (grant.email, grant.tracker, grant.notes) == ("john@example.com", "edit", "none")
    assert mail.outbox[0].to == ["john@example.com"]
    token = invitation_path().rsplit("/", 1)[1]
    assert len(token) >= 22  # at least 128 bits, URL-safe
    assert token not in grant.token_hash
    assert AccessEvent.objects.filter(patient=patient, action="access_changed").exists()


def test_an_invitation_that_cannot_be_sent_says_so_and_saves_nothing(
    patient_client, settings, caplog
):
    """Kept, an invitation nobody received would stand in the way of sending it again."""
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}
    response = invite(patient_client, "john@example.com")
    assert response.status_code == 200
    assert "We could not send the invitation just now." in response.content.decode()
    assert not CareGrant.objects.exists() and not AccessEvent.objects.exists()
    assert "john@example.com" not in caplog.text


def test_an_invitation_that_shares_nothing_is_refused(patient_client):
    response = invite(patient_client, tracker="none", notes="none")
    assert b"Choose at least one part to share" in response.content
    assert not CareGrant.objects.exists()
    assert not mail.outbox


def test_inviting_asks_for_the_password_again_after_15_minutes(patient_client):
    session = patient_client.session
    session[CONFIRMED_AT] = timezone.now().timestamp() - 16 * 60
    session.save()
    response = invite(patient_client)
    assert response["Location"].startswith(reverse("confirm_password"))
    assert not CareGrant.objects.exists()
    response = patient_client.post(
        response["Location"], {"password": PASSWORD, "next": reverse("sharing_invite")}
    )
    assert response["Location"] == reverse("sharing_invite")
    assert invite(patient_client).status_code == 302
    assert CareGrant.objects.count() == 1


def test_the_carer_accepts_and_works_on_the_patients_records(client, patient, carer):
    client.force_login(patient)
    invite(client)
    path = invitation_path()
    client.force_login(carer)
    assert b"Mary invites you to help" in client.get(path).content
    response = client.post(path)
    assert response["Location"] == reverse("caring")
    grant = CareGrant.objects.get()
    assert (grant.carer, grant.token_hash) == (carer, None)
    page = client.get(reverse("caring")).content.decode()
    assert "You are working on Mary's records" in page
    # Single use: the same link accepts nothing again (tests/toolkit/test_invitation_again.py).
    assert client.post(path)["Location"] == reverse("caring")
    assert CareGrant.objects.get() == grant


def test_an_expired_invitation_shows_a_clear_page(client, patient, carer):
    client.force_login(patient)
    invite(client)
    CareGrant.objects.update(expires_at=timezone.now())
    client.force_login(carer)
    response = client.get(invitation_path())
    assert response.status_code == 410
    assert b"no longer valid" in response.content


def test_someone_not_logged_in_is_asked_to_log_in_or_sign_up_first(client, patient):
    client.force_login(patient)
    invite(client)
    client.logout()
    response = client.get(invitation_path())
    assert response.status_code == 200
    assert b"log in or create an account" in response.content


def test_the_patient_sees_who_has_access_and_when_they_last_looked(patient_client, patient, carer):
    grant_care(patient, carer, tracker="view")
    page = patient_client.get(reverse("sharing")).content.decode()
    assert "john@example.com" in page
    assert "Can view" in page
    assert "Not yet" in page


def test_changing_access_takes_effect_at_once(client, patient, carer):
    grant = grant_care(patient, carer, tracker="edit")
    client.force_login(patient)
    client.post(reverse("sharing_change", args=[grant.pk]), {"tracker": "view", "notes": "none"})
    grant.refresh_from_db()
    assert grant.tracker == "view"


def test_stopping_sharing_ends_the_carers_access(client, patient, carer):
    grant = grant_care(patient, carer, tracker="edit")
    client.force_login(patient)
    client.post(reverse("sharing_revoke", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    sign_in_as_carer(client, carer, patient)
    assert "Your access to Mary&#x27;s records has ended." in client.get(reverse("caring")).text
    assert "Mary" not in client.get(reverse("caring")).text  # said once, and not listed


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_stopping_sharing_or_cancelling_an_invitation_asks_first(
    patient_client, patient, carer, django_assert_num_queries
):
    grant = grant_care(patient, carer, tracker="view")
    pending_invitation(patient, "newcarer@example.com")
    invitation = CareGrant.objects.exclude(pk=grant.pk).get()
    with django_assert_num_queries(2):  # the session with its person; the grant with its carer
        page = patient_client.get(reverse("sharing_revoke", args=[grant.pk])).content.decode()
    assert "<h1>Stop sharing with John?</h1>" in page
    assert ">Stop sharing</button>" in page and ">Keep sharing</a>" in page
    page = patient_client.get(reverse("sharing_revoke", args=[invitation.pk])).content.decode()
    assert "<h1>Cancel this invitation?</h1>" in page and "newcarer@example.com" in page
    # Asking changes nothing.
    assert CareGrant.objects.filter(revoked_at__isnull=True).count() == 2


def test_stopping_sharing_names_the_carer_as_the_sharing_page_lists_them(patient_client, patient):
    nina = make_user("newcarer@example.com", "Nina")
    grant = grant_care(patient, nina, tracker="view")
    assert "Nina" in patient_client.get(reverse("sharing")).content.decode()
    response = patient_client.post(reverse("sharing_revoke", args=[grant.pk]), follow=True)
    assert said(response) == ["You have stopped sharing with Nina."]
    # The access log keeps the address, which stays true if they change their name.
    assert AccessEvent.objects.get().what == "stopped sharing with newcarer@example.com"


def test_pressing_stop_sharing_twice_or_going_back_to_it_shows_the_sharing_page(
    patient_client, patient
):
    """Without JavaScript nothing stops a second press of the button."""
    grant = grant_care(patient, make_user("newcarer@example.com", "Nina"), tracker="view")
    patient_client.post(reverse("sharing_revoke", args=[grant.pk]))
    again = patient_client.post(reverse("sharing_revoke", args=[grant.pk]))
    assert again.status_code == 302 and again["Location"] == reverse("sharing")
    assert AccessEvent.objects.count() == 1
    # The browser's Back, to the question the first press answered.
    back = patient_client.get(reverse("sharing_revoke", args=[grant.pk]))
    assert back.status_code == 302 and back["Location"] == reverse("sharing")


def test_cancelling_an_invitation_names_the_address_it_went_to(patient_client, patient):
    pending_invitation(patient, "newcarer@example.com")
    grant = CareGrant.objects.get()
    response = patient_client.post(reverse("sharing_revoke", args=[grant.pk]), follow=True)
    assert said(response) == ["You have cancelled the invitation to newcarer@example.com."]


def test_a_carer_can_leave(client, patient, carer):
    grant = grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    client.post(reverse("caring_leave", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert "acting_for" not in client.session


def test_leaving_asks_first_and_asking_changes_nothing(
    client, patient, carer, django_assert_num_queries
):
    grant = grant_care(patient, carer, tracker="view")
    client.force_login(carer)
    caring = client.get(reverse("caring")).content.decode()
    # The button on the list only leads to the question: one slip must not end access.
    assert f'href="{reverse("caring_leave", args=[grant.pk])}"' in caring
    assert f'action="{reverse("caring_leave", args=[grant.pk])}"' not in caring
    with django_assert_num_queries(2):  # the session with its person; the grant with its patient
        response = client.get(reverse("caring_leave", args=[grant.pk]))
    page = response.content.decode()
    assert "<h1>Stop having access to Mary&#x27;s records?</h1>" in page
    assert "You will no longer be able to see Mary&#x27;s records." in page
    assert "Only Mary can give you access again, by sending you a new invitation." in page
    assert ">Stop having access</button>" in page
    assert re.search(rf'href="{reverse("caring")}"[^>]*>Keep my access</a>', page)
    grant.refresh_from_db()
    assert grant.revoked_at is None
    assert not AccessEvent.objects.exists()


def test_leaving_says_recording_stops_too_when_the_carer_may_record(client, patient, carer):
    grant = grant_care(patient, carer, tracker="view", notes="edit")
    client.force_login(carer)
    page = client.get(reverse("caring_leave", args=[grant.pk])).content.decode()
    assert "see Mary&#x27;s records or record anything for them." in page


def test_leaving_from_the_question_says_what_was_done(client, patient, carer):
    grant = grant_care(patient, carer, tracker="view")
    client.force_login(carer)
    response = client.post(reverse("caring_leave", args=[grant.pk]), follow=True)
    assert said(response) == ["You no longer have access to Mary's records."]
    assert "Work on Mary&#x27;s records" not in response.content.decode()
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_nobody_else_is_asked_whether_to_leave_a_grant_that_is_not_theirs(
    client, patient, carer, stranger
):
    grant = grant_care(patient, carer, tracker="view")
    for someone in (stranger, patient):
        client.force_login(someone)
        assert client.get(reverse("caring_leave", args=[grant.pk])).status_code == 404
    grant.revoked_at = timezone.now()
    grant.save()
    client.force_login(carer)
    assert client.get(reverse("caring_leave", args=[grant.pk])).status_code == 404


def test_leaving_one_person_keeps_the_carer_on_the_person_they_are_working_on(
    client, patient, carer
):
    other = make_user("olive@example.com", "Olive")
    left = grant_care(patient, carer, tracker="view")
    grant_care(other, carer, tracker="view")
    sign_in_as_carer(client, carer, other)
    client.post(reverse("caring_leave", args=[left.pk]))
    assert client.session["acting_for"] == str(other.pk)


def test_working_on_someone_elses_records_and_back(client, patient, carer):
    grant = grant_care(patient, carer, notes="view")
    client.force_login(carer)
    response = client.post(reverse("caring_act", args=[grant.pk]))
    assert response["Location"] == "/my-notes"
    assert client.session["acting_for"] == str(patient.pk)
    client.post(reverse("caring_mine"))
    assert "acting_for" not in client.session


def test_the_person_being_worked_on_is_not_offered_again(client, patient, carer):
    olive = make_user("olive@example.com", "Olive")
    grant_care(patient, carer, tracker="view")
    grant_care(olive, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    page = Page(client.get(reverse("caring")).content.decode())
    cards = {
        card.find(".//h2").text: " ".join("".join(card.itertext()).split())
        for card in page.all(".nhsuk-card")
    }
    assert "Work on" not in cards["Mary"]
    assert "You are working on Mary's records now." in cards["Mary"]
    assert "Work on Olive's records" in cards["Olive"]
    assert "working on Olive" not in cards["Olive"]


def test_a_page_open_from_before_a_switch_saves_nothing_to_the_person_chosen_since(
    patient, carer, django_assert_num_queries
):
    from django.test import Client

    from tracker.models import Meal

    peter = make_user("peter@example.com", "Peter")
    marys = grant_care(patient, carer, tracker="edit")
    peters = grant_care(peter, carer, tracker="edit")
    client = Client(enforce_csrf_checks=True)
    client.force_login(carer)

    def csrf(path):
        page = client.get(path).content.decode()
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    client.post(
        reverse("caring_act", args=[marys.pk]), {"csrfmiddlewaretoken": csrf(reverse("caring"))}
    )
    marys_page = csrf("/my-tracker")  # Mary's tracker, left open in one tab
    # In another tab, John switches to Peter.
    client.post(
        reverse("caring_act", args=[peters.pk]), {"csrfmiddlewaretoken": csrf(reverse("caring"))}
    )
    # Back in the first tab: "Mary ate".
    with django_assert_num_queries(2):  # the session with its person; the grant chosen
        response = client.post(
            reverse("meal_ate"), {"csrfmiddlewaretoken": marys_page, "token": str(uuid.uuid4())}
        )
    assert response.status_code == 403
    assert "This page was out of date" in response.content.decode()
    assert not Meal.objects.exists()


def test_the_access_log_shows_who_looked(client, patient, carer):
    AccessEvent.objects.create(patient=patient, actor=carer, action="viewed", what="tracker")
    client.force_login(patient)
    page = client.get(reverse("access_log")).content.decode()
    assert "John" in page
    assert "Viewed: My Tracker" in page
    assert Page(page).text("title").startswith("Who has seen my records \u2013")  # one page


def test_the_access_log_puts_a_run_of_looks_on_one_line_and_keeps_every_entry_in_pages(
    client, patient, carer, django_assert_num_queries
):
    from toolkit.sharing.views import ACCESS_LOG_PAGE

    def event(action, what, at):
        AccessEvent.objects.create(patient=patient, actor=carer, action=action, what=what, at=at)

    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    event("access_changed", "invited john@example.com", start - timedelta(days=30))
    for minute in range(ACCESS_LOG_PAGE):  # 100 looks at the tracker, one a minute
        event("viewed", "tracker", start + timedelta(minutes=minute))
    event("changed", "tracker", start + timedelta(hours=2))
    client.force_login(patient)
    # The session with its person, the count, the page, and the addresses carers were invited at.
    with django_assert_num_queries(4):
        page = Page(client.get(reverse("access_log")).content.decode())
    # Two tabs on the log are told apart by their titles.
    assert page.text("title").startswith("Who has seen my records, page 1 of 2 \u2013")
    rows = [" ".join("".join(row.itertext()).split()) for row in page.all("tbody tr")]
    assert rows == [
        "When 2 March 2026, 11:00 Who John What Changed: My Tracker",
        "When 2 March 2026, 09:01 to 10:39 Who John What Viewed: My Tracker (99 pages)",
    ]
    # The first look and the invitation a month before are on the next page, not dropped.
    page = Page(client.get(reverse("access_log") + "?page=2").content.decode())
    assert page.text("title").startswith("Who has seen my records, page 2 of 2 \u2013")
    rows = [" ".join("".join(row.itertext()).split()) for row in page.all("tbody tr")]
    assert rows == [
        "When 2 March 2026, 09:00 Who John What Viewed: My Tracker",
        "When 31 January 2026, 09:00 Who John What Changed access: invited john@example.com",
    ]


def test_a_carer_never_reaches_the_patients_sharing_settings(client, patient, carer):
    grant = grant_care(patient, carer, tracker="edit", notes="edit")
    sign_in_as_carer(client, carer, patient)
    assert client.get(reverse("sharing_change", args=[grant.pk])).status_code == 404
    assert client.post(reverse("sharing_revoke", args=[grant.pk])).status_code == 404


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/account/email/confirm/\S+)", message.body).group(1)


def test_changing_email_is_confirmed_from_the_new_address(patient_client, patient):
    patient_client.post(reverse("change_email"), {"email": "Mary.New@Example.com"})
    patient.refresh_from_db()
    assert patient.email == "mary@example.com"
    assert mail.outbox[0].to == ["mary.new@example.com"]
    path = confirm_link(mail.outbox[0])
    patient_client.post(path)
    patient.refresh_from_db()
    assert patient.email == "mary.new@example.com"


def test_an_email_change_link_works_only_for_its_own_account(client, patient, stranger):
    client.force_login(patient)
    client.post(reverse("change_email"), {"email": "mary.new@example.com"})
    path = confirm_link(mail.outbox[0])
    client.force_login(stranger)
    assert client.post(path).status_code == 410
    stranger.refresh_from_db()
    assert stranger.email == "stranger@example.com"


def test_an_email_change_link_is_spent_once_any_change_is_made(patient_client, patient):
    patient_client.post(reverse("change_email"), {"email": "mary.typo@example.com"})
    patient_client.post(reverse("change_email"), {"email": "mary.new@example.com"})
    typo, right = (confirm_link(message) for message in mail.outbox)
    assert patient_client.post(right).status_code == 302

    for spent in (typo, right):
        assert patient_client.post(spent).status_code == 410
    patient.refresh_from_db()
    assert patient.email == "mary.new@example.com"


def test_every_page_of_a_shared_record_says_whose_it_is(client, patient, carer):
    grant_care(patient, carer, tracker="view", notes="view")
    sign_in_as_carer(client, carer, patient)
    assert b"<h1>Mary&#x27;s Tracker</h1>" in client.get("/my-tracker").content
    assert b"<h1>Mary&#x27;s Reminders &amp; Notes</h1>" in client.get("/my-notes").content
    assert b"You are working on Mary's records" in client.get("/my-tracker/episodes").content
    summary = client.get("/my-tracker/summary").content.decode()
    assert "<title>Summary for Mary&#x27;s specialist" in summary
    choose = client.get("/my-tracker/summary?days=99").content.decode()
    assert "<h1>Choose the days for Mary&#x27;s summary</h1>" in choose


@pytest.mark.parametrize(
    "name",
    ["profile", "sharing", "access_log", "change_email", "change_password", "delete_account"],
)
def test_a_carers_own_account_pages_say_they_are_not_the_patients(client, patient, carer, name):
    """Working on Mary's records, John's own sharing page must not read as Mary's: he could
    invite someone to his own records, meaning hers."""
    grant_care(patient, carer, tracker="edit", notes="edit")
    sign_in_as_carer(client, carer, patient)
    client.post(reverse("confirm_password"), {"password": PASSWORD})
    banner = Page(client.get(reverse(name)).content.decode()).text(".app-acting-for")
    assert banner.startswith("This page is about your own account, not Mary's records.")
    assert "You are working on" not in banner


def test_the_patients_own_pages_are_unchanged(patient_client):
    content = patient_client.get("/my-tracker").content
    assert b"<h1>My Tracker</h1>" in content
    assert b"You are working on" not in content


def test_a_carer_sees_the_patients_times_in_the_patients_zone(client, patient, carer):
    from datetime import UTC, datetime

    from tracker.models import Dose, Medication

    carer.time_zone = "America/New_York"
    carer.save()
    medication = Medication.objects.create(patient=patient, name="Co-careldopa")
    taken = datetime(2026, 7, 1, 12, 5, tzinfo=UTC)
    Dose.objects.create(patient=patient, medication=medication, taken_at=taken)
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    page = client.get("/my-tracker/day/2026-07-01").content.decode()
    assert "13:05" in page  # London summer time, not New York's 08:05
    assert "08:05" not in page
    # Every page of Mary's records says whose clock its times are on, as John's is another.
    for url in ("/my-tracker", "/my-tracker/episodes", "/my-tracker/diary/2026-07-01"):
        banner = Page(client.get(url).content.decode()).text(".app-acting-for")
        assert "Times are Mary's, in Europe/London." in banner.replace("\u2019", "'")


def test_a_carers_own_pages_are_on_their_own_clock(client, patient, carer, stranger):
    """Working on Mary's records (London), John's own access log is in New York's time."""
    carer.time_zone = "America/New_York"
    carer.save()
    grant_care(patient, carer, tracker="view")
    AccessEvent.objects.create(
        patient=carer,
        actor=stranger,
        action="viewed",
        what="tracker",
        at=datetime(2026, 6, 10, 12, tzinfo=UTC),
    )
    sign_in_as_carer(client, carer, patient)
    log = Page(client.get(reverse("access_log")).content.decode()).text("main table")
    assert "10 June 2026, 08:00" in log
    # Mary's pages stay on Mary's clock.
    assert "Times are Mary's" in Page(client.get("/my-tracker").content.decode()).text(
        ".app-acting-for"
    )


def test_a_carer_on_the_patients_clock_is_not_told_of_it(client, patient, carer):
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    assert "Times are" not in Page(client.get("/my-tracker").content.decode()).text(
        ".app-acting-for"
    )


def test_a_carer_never_sees_or_makes_specialist_links(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    assert client.get(reverse("summary_links")).status_code == 404
    assert client.post(reverse("summary_links"), {"days": "3"}).status_code == 404


def test_a_carer_coming_back_finds_the_people_they_help(client, patient, carer, stranger):
    grant_care(patient, carer, tracker="edit")
    CareGrant.objects.filter(pk=grant_care(stranger, carer, notes="view").pk).update(
        revoked_at=timezone.now()
    )
    client.force_login(carer)  # a new session: no one chosen yet

    for page in ("/", "/my-tracker"):
        content = client.get(page).content.decode()
        assert "Work on Mary's records" in content, page
        assert "Sam" not in content, page
    response = client.post(reverse("caring_act", args=[CareGrant.objects.get(patient=patient).pk]))
    assert response["Location"] == "/my-tracker"
    assert "<h1>Mary&#x27;s Tracker</h1>" in client.get("/my-tracker").content.decode()
    assert "Work on Mary's records" not in client.get("/").content.decode()


def test_someone_with_their_own_medicines_is_not_pointed_elsewhere_on_their_tracker(
    client, patient, carer
):
    from tracker.models import Medication

    Medication.objects.create(patient=carer, name="Madopar")
    grant_care(patient, carer, tracker="view")
    client.force_login(carer)
    assert "Work on Mary's records" not in client.get("/my-tracker").content.decode()
    assert "Work on Mary's records" in client.get("/").content.decode()


def test_a_carer_is_asked_about_the_patient_not_about_themselves(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    home = client.get("/my-tracker").content.decode()
    assert "Right now Mary is…" in home
    assert "Right now I am…" not in home
    assert "Is Mary ON or OFF?" in client.get(reverse("episode_now")).content.decode()
    assert "Was Mary ON or OFF?" in client.get(reverse("episode_new")).content.decode()
    diary_page = client.get(reverse("diary_today"), follow=True).content.decode()
    assert "Mary was" in diary_page
    assert "I was" not in diary_page


def test_a_carer_without_the_tracker_is_not_offered_the_summary_of_an_appointment(
    client, patient, carer
):
    from datetime import timedelta

    from notes.models import Appointment

    appointment = Appointment.objects.create(
        patient=patient, starts_at=timezone.now() - timedelta(days=1), role="gp"
    )
    grant = grant_care(patient, carer, notes="view")
    sign_in_as_carer(client, carer, patient)
    page = client.get(appointment.get_absolute_url()).content.decode()
    assert "/my-tracker/summary" not in page
    assert not AccessEvent.objects.filter(what="tracker").exists()

    CareGrant.objects.filter(pk=grant.pk).update(tracker="view")
    page = client.get(appointment.get_absolute_url()).content.decode()
    assert "/my-tracker/summary?start=" in page


def test_the_home_page_lists_the_people_helped_in_one_query_however_many(
    client, patient, carer, stranger, django_assert_num_queries
):
    grant_care(patient, carer, tracker="view")
    grant_care(stranger, carer, notes="view")
    client.force_login(carer)
    with django_assert_num_queries(2):  # the session with its person; the grants
        page = client.get("/").content.decode()
    assert "Work on Mary's records" in page
    assert "Work on Sam's records" in page


def test_a_second_invitation_to_someone_already_invited_waits_for_the_first_to_end(
    patient_client,
):
    invite(patient_client, "john@example.com")
    response = invite(patient_client, "John@Example.com", tracker="view", notes="edit")
    assert response.status_code == 200
    assert "You have already invited this person" in response.content.decode()
    assert "cancel that invitation on the sharing page" in response.content.decode()
    assert CareGrant.objects.count() == 1
    assert len(mail.outbox) == 1

    CareGrant.objects.update(expires_at=timezone.now())
    assert invite(patient_client)["Location"] == reverse("sharing")
    assert CareGrant.objects.pending().count() == 1


def test_someone_with_access_is_not_invited_again_at_the_address_they_were_invited_at(
    patient_client, patient, carer
):
    # They accepted signed in as john@example.com; the invitation went to their work address.
    grant = grant_care(patient, carer, tracker="view")
    CareGrant.objects.filter(pk=grant.pk).update(email="john.work@example.com")
    for address in ("JOHN@example.com", "John.Work@example.com"):
        response = invite(patient_client, address)
        assert "This person already has access" in response.content.decode(), address
    assert CareGrant.objects.count() == 1
    assert not mail.outbox


def pending_invitation(patient, email="john@example.com"):
    """The link of an invitation made directly: the form refuses a second one to the same
    person, but two sent at the same moment both pass it."""
    raw, token_hash = new_token()
    CareGrant.objects.create(
        patient=patient,
        email=email,
        token_hash=token_hash,
        expires_at=timezone.now() + timedelta(days=CareGrant.INVITATION_DAYS),
    )
    return reverse("sharing_accept", args=[raw])


def test_accepting_an_invitation_cancels_the_patients_other_invitations_to_them(
    client, patient, carer
):
    first = pending_invitation(patient)
    second = pending_invitation(patient, "JOHN@example.com")
    client.force_login(carer)
    client.post(first)

    response = client.get(second)
    assert response.status_code == 410
    assert b"no longer valid" in response.content
    assert CareGrant.objects.current().filter(patient=patient, carer=carer).count() == 1
    assert not CareGrant.objects.pending().exists()


def test_after_stopping_sharing_no_other_invitation_lets_the_carer_back_in(client, patient, carer):
    first = pending_invitation(patient)
    second = pending_invitation(patient)
    client.force_login(carer)
    client.post(first)
    client.force_login(patient)
    client.post(reverse("sharing_revoke", args=[CareGrant.objects.current().get().pk]))

    client.force_login(carer)
    assert client.get(second).status_code == 410
    assert client.post(second).status_code == 410
    assert not CareGrant.objects.current().exists()


def test_stopping_sharing_cancels_the_invitations_still_in_the_carers_mailbox(
    client, patient, carer
):
    grant = grant_care(patient, carer, tracker="edit")
    links = [
        pending_invitation(patient),
        # Sent to the address the carer's account has, under another spelling.
        pending_invitation(patient, "John@Example.com"),
    ]
    client.force_login(patient)
    client.post(reverse("sharing_revoke", args=[grant.pk]))

    client.force_login(carer)
    for link in links:
        response = client.post(link)
        assert response.status_code == 410
        assert b"no longer valid" in response.content
    assert not CareGrant.objects.current().exists()
    assert not CareGrant.objects.pending().exists()


def test_after_stopping_sharing_an_invitation_sent_before_to_another_address_lets_nobody_in(
    client, patient, carer
):
    """The carer's work address was invited first, then their own; they accepted the second.
    Stopping sharing with them cannot know the first was theirs, but it was sent before."""
    work = pending_invitation(patient, "john.work@example.com")
    client.force_login(carer)
    client.post(pending_invitation(patient))
    client.force_login(patient)
    client.post(reverse("sharing_revoke", args=[CareGrant.objects.current().get().pk]))

    client.force_login(carer)
    assert client.get(work).status_code == 410  # no button to press
    response = client.post(work)
    assert response.status_code == 410
    assert "Mary stopped sharing with you after this invitation was sent" in " ".join(
        Page(response.content.decode()).text("main").split()
    )
    assert not CareGrant.objects.current().exists()
    # An invitation sent after sharing stopped is the patient asking again.
    client.force_login(carer)
    assert client.post(pending_invitation(patient, "john.work@example.com")).status_code == 302
    assert CareGrant.objects.current().get().carer == carer


def test_cancelling_an_invitation_cancels_every_link_sent_to_that_address(patient_client, patient):
    pending_invitation(patient)
    second = pending_invitation(patient, "John@example.com")
    first = CareGrant.objects.get(email="john@example.com")
    patient_client.post(reverse("sharing_revoke", args=[first.pk]))
    assert not CareGrant.objects.pending().exists()
    assert patient_client.get(second).status_code == 410


def test_an_invitation_opened_under_another_address_says_whom_it_was_sent_to(
    client, patient, carer, stranger
):
    path = pending_invitation(patient, "qa-carer2@example.com")
    client.force_login(stranger)
    page = Page(client.get(path).content.decode())
    assert page.text(".nhsuk-warning-callout") == (
        "Important: Check this invitation is for you "
        "This invitation was sent to qa-carer2@example.com. "
        "You are logged in as stranger@example.com. "
        "Accept it only if it was meant for you: Mary will see that you accepted it."
    )
    assert page.text(f'main form[action="{path}"] button') == "Accept as stranger@example.com"
    assert not CareGrant.objects.current().exists()  # opening it accepts nothing
    # The invited address in other capitals is the same person: nothing more to ask.
    client.force_login(carer)
    page = Page(client.get(pending_invitation(patient, "John@Example.com")).content.decode())
    assert not page.all(".nhsuk-warning-callout")
    assert page.text("main form button") == "Accept the invitation"


def test_someone_logged_in_to_the_wrong_account_can_log_out_and_come_back_to_the_invitation(
    client, patient, stranger, carer
):
    path = pending_invitation(patient, "john@example.com")
    client.force_login(stranger)
    page = Page(client.get(path).content.decode())
    log_out = f'main form[action="{reverse("logout")}"]'
    assert page.text(f"{log_out} button") == "Log out to use another account"
    back_to = page.one(f'{log_out} input[name="next"]').get("value")
    response = client.post(reverse("logout"), {"next": back_to})
    assert response["Location"] == path
    page = Page(client.get(path).content.decode())
    assert "You will come back to this invitation" in page.text("main")
    log_in = page.one('main a[href^="/account/log-in"]').get("href")
    response = client.post(log_in, {"username": carer.email, "password": PASSWORD})
    assert response["Location"] == path
    assert b"Accept the invitation" in client.get(path).content


def test_accepting_an_invitation_sent_to_another_address_names_both_in_the_access_log(
    client, patient, carer, stranger
):
    path = pending_invitation(patient, "qa-carer2@example.com")
    client.force_login(stranger)
    client.post(path)
    event = AccessEvent.objects.get(action="access_changed")
    assert event.what == (
        "stranger@example.com accepted the invitation sent to qa-carer2@example.com"
    )
    client.force_login(patient)
    page = Page(client.get(reverse("access_log")).content.decode())
    assert page.text("tbody tr") == (
        f"When {timezone.localtime(event.at):%-d %B %Y, %H:%M} "
        "Who Sam (stranger@example.com, invited as qa-carer2@example.com) "
        "What Changed access: "
        "stranger@example.com accepted the invitation sent to qa-carer2@example.com"
    )
    # The sharing page lists them by the same two addresses.
    sharing = Page(client.get(reverse("sharing")).content.decode())
    (listed,) = sharing.all('tbody th[scope="row"] .app-user-text')
    assert " ".join(" ".join(listed.itertext()).split()) == (
        "Sam stranger@example.com, invited as qa-carer2@example.com"
    )
    # Still single use: the link is spent for the address it was sent to as well.
    client.force_login(make_user("qa-carer2@example.com", "Quinn"))
    assert client.get(path).status_code == 410
    # The invited address in other capitals is named once.
    olive = make_user("olive@example.com", "Olive")
    client.force_login(carer)
    client.post(pending_invitation(olive, "John@Example.com"))
    assert AccessEvent.objects.get(patient=olive).what == "john@example.com accepted"


def test_accepting_says_the_carer_is_now_working_on_the_patients_records_and_how_to_go_back(
    client, patient, carer
):
    client.force_login(carer)
    response = client.post(pending_invitation(patient), follow=True)
    assert said(response) == [
        "You can now help Mary. You are now working on Mary's records. To go back to your "
        "own, choose “Change whose records” at the top of any page."
    ]
    assert "Change whose records" in response.content.decode()


def test_an_invitation_to_the_longest_address_is_saved_and_logged_whole(patient_client, patient):
    longest = "j" * 242 + "@example.com"  # 254 characters, the most an address may have
    assert invite(patient_client, longest)["Location"] == reverse("sharing")
    entry = AccessEvent.objects.get(patient=patient)
    assert entry.what == f"invited {longest}"


def test_a_carers_looks_at_the_summary_are_one_line_naming_both_parts(client, patient, carer):
    # The summary shows the tracker and the patient's questions: an entry for each, in turn,
    # kept the log from putting a run of looks on one line.
    grant_care(patient, carer, tracker="view", notes="view")
    sign_in_as_carer(client, carer, patient)
    for _ in range(3):
        client.get("/my-tracker/summary?start=2026-03-02&days=3")
    assert AccessEvent.objects.count() == 3
    client.force_login(patient)
    page = Page(client.get(reverse("access_log")).content.decode())
    rows = [" ".join("".join(row.itertext()).split()) for row in page.all("tbody tr")]
    assert len(rows) == 1
    assert rows[0].endswith("What Viewed: My Tracker and My Reminders & Notes (3 pages)")


def test_an_account_sends_at_most_ten_invitations_a_day(patient_client, patient, frozen):
    """Each carries the sender's chosen name to any address: invite, cancel and invite again
    sent one email after another."""
    start = frozen(timezone.now())
    for n in range(INVITATIONS_A_DAY):
        assert invite(patient_client, f"carer{n}@example.com").status_code == 302
        CareGrant.objects.filter(email=f"carer{n}@example.com").update(revoked_at=start)
    response = invite(patient_client, "one.more@example.com")
    assert Page(response.content.decode()).text("#id_email-error") == (
        "Error: You have sent 10 invitations in the last 24 hours, the most we send in a day. "
        "Try again tomorrow."
    )
    assert len(mail.outbox) == INVITATIONS_A_DAY
    frozen(start + timedelta(days=1, seconds=1))
    patient_client.force_login(patient)
    assert invite(patient_client, "one.more@example.com").status_code == 302
    assert len(mail.outbox) == INVITATIONS_A_DAY + 1


def test_an_invitation_that_ran_out_shows_for_a_week_with_a_way_to_invite_again(
    patient_client, patient, frozen
):
    """Otherwise it vanished: the patient could think the carer had ignored it."""
    pending_invitation(patient, "ran.out@example.com")
    pending_invitation(patient, "long.ago@example.com")
    pending_invitation(patient, "asked.again@example.com")
    CareGrant.objects.filter(email="long.ago@example.com").update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    frozen(timezone.now() + timedelta(days=CareGrant.INVITATION_DAYS, hours=1))
    pending_invitation(patient, "asked.again@example.com")
    page = Page(patient_client.get(reverse("sharing")).content.decode())
    (ran_out,) = page.all("#ran-out + ul li")
    assert " ".join("".join(ran_out.itertext()).split()).startswith(
        "ran.out@example.com \u2014 not accepted before it stopped working on"
    )
    assert page.one("#ran-out + ul li a").get("href") == reverse("sharing_invite")
    assert "long.ago@example.com" not in page.text("main")


def test_the_patient_is_emailed_who_accepted_an_invitation(client, patient, carer):
    client.force_login(patient)
    invite(client, carer.email, tracker="edit", notes="view")
    path = invitation_path()
    client.force_login(carer)
    client.post(path)
    notice = mail.outbox[-1]
    assert notice.to == [patient.email]
    assert notice.subject == "John can now see your records in the Parkinson's Toolkit"
    assert f"John ({carer.email}) accepted your invitation" in notice.body
    assert "- View and record in My Tracker" in notice.body
    assert "- View My Reminders & Notes" in notice.body
    assert "another address" not in notice.body
    assert reverse("sharing") in notice.body


# (tracker, notes): what each email lists as shared, and the part not shared, if any.
SHARED_IN_EMAILS = [
    ("view", "none", ["View My Tracker"], "My Reminders & Notes"),
    ("edit", "view", ["View and record in My Tracker", "View My Reminders & Notes"], ""),
    ("none", "edit", ["View and record in My Reminders & Notes"], "My Tracker"),
]


def listed(message, lead_in: str) -> tuple[list[str], str, list[str], str]:
    """The list after `lead_in` and the words of the whole email, in the text part and in
    the HTML part."""
    lines = message.body.splitlines()
    start = lines.index(lead_in) + 1
    end = lines.index("", start)
    text_list = [line.removeprefix("- ") for line in lines[start:end]]
    assert all(line.startswith("- ") for line in lines[start:end])
    [(html, _)] = message.alternatives
    page = Page(html)
    html_list = [" ".join("".join(li.itertext()).split()) for li in page.all("ul li")]
    html_words = " ".join("".join(page.one("body").itertext()).split())
    return text_list, " ".join(message.body.split()), html_list, html_words


@pytest.mark.parametrize(("tracker", "notes", "can_do", "not_shared"), SHARED_IN_EMAILS)
def test_the_invitation_lists_only_what_is_shared_and_says_what_is_not(
    patient_client, tracker, notes, can_do, not_shared
):
    invite(patient_client, tracker=tracker, notes=notes)
    text_list, text, html_list, html = listed(mail.outbox[-1], "You will be able to:")
    assert text_list == html_list == can_do
    for words in (text, html):
        assert "no access" not in words.lower()
        sentence = f"Mary has not shared {not_shared} with you."
        assert (sentence in words) == bool(not_shared)
        assert words.count("has not shared") == bool(not_shared)


@pytest.mark.parametrize(("tracker", "notes", "can_do", "not_shared"), SHARED_IN_EMAILS)
def test_the_patient_told_of_an_acceptance_hears_only_what_is_shared_and_what_is_not(
    client, patient, carer, tracker, notes, can_do, not_shared
):
    client.force_login(patient)
    invite(client, carer.email, tracker=tracker, notes=notes)
    path = invitation_path()
    client.force_login(carer)
    client.post(path)
    notice = mail.outbox[-1]
    assert notice.to == [patient.email]
    text_list, text, html_list, html = listed(notice, "They can now:")
    assert text_list == html_list == can_do
    for words in (text, html):
        assert "no access" not in words.lower()
        sentence = f"You have not shared {not_shared} with them."
        assert (sentence in words) == bool(not_shared)
        assert words.count("have not shared") == bool(not_shared)


def test_an_invitation_accepted_from_another_address_is_told_to_the_patient(
    client, patient, stranger
):
    """Whoever holds the link may accept it (a carer may have an account under another
    address): a forwarded or leaked link must not let someone in without the patient hearing."""
    client.force_login(patient)
    invite(client, "john@example.com")
    path = invitation_path()
    client.force_login(stranger)
    client.post(path)
    notice = mail.outbox[-1]
    assert notice.to == [patient.email]
    assert (
        "You sent the invitation to john@example.com. It was accepted from an account with "
        f"another address, {stranger.email}."
    ) in " ".join(notice.body.split())


def test_a_carer_who_takes_another_name_is_still_known_in_the_access_log_by_the_address_invited(
    client, patient, carer
):
    grant_care(patient, carer, tracker="view")
    AccessEvent.objects.create(patient=patient, actor=carer, action="viewed", what="tracker")
    AccessEvent.objects.create(patient=patient, actor=patient, action="access_changed", what="x")
    carer.display_name = "Mary"  # the patient's own name
    carer.save()
    client.force_login(patient)
    page = Page(client.get(reverse("access_log")).content.decode())
    who = page.all("tbody td:nth-child(2) .app-user-text")
    assert sorted("".join(cell.itertext()) for cell in who) == ["Mary (john@example.com)", "You"]


@pytest.mark.parametrize("extension", ["pdf", "csv", "json"])
def test_a_carer_downloading_the_summary_is_logged_as_a_download(client, patient, carer, extension):
    """A file is a copy the carer keeps: the patient can tell it from a look at a page."""
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    client.get("/my-tracker/summary?start=2026-03-02&days=3")
    response = client.get(f"/my-tracker/summary.{extension}?start=2026-03-02&days=3")
    assert response.status_code == 200
    actions = list(AccessEvent.objects.order_by("at", "pk").values_list("action", "what"))
    assert actions == [("viewed", "tracker"), ("downloaded", "tracker")]
    client.force_login(patient)
    log = Page(client.get(reverse("access_log")).content.decode()).text("tbody")
    assert "Downloaded: My Tracker" in log

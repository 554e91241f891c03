import html
import re
import time
from datetime import UTC, datetime, timedelta
from html import escape

import pytest
from django.core import mail, signing
from django.core.signing import b62_encode
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, grant_care, make_user, sign_up_link
from tests.toolkit.test_form_pack import Page
from tests.toolkit.test_settings import settings_module
from tests.toolkit.test_sharing import confirm_link
from toolkit.models import AccessEvent, TimeZoneChange, User
from toolkit.views import EMAIL_CHANGE_MAX_AGE

NEW_PASSWORD = "a longer and newer passphrase"


def test_auth_link_from_the_content_leads_to_sign_up(client, db):
    response = client.get("/auth?mode=signup")
    assert response["Location"] == reverse("signup")


def test_logging_in_with_email_and_password(client, patient):
    response = client.post(reverse("login"), {"username": "Mary@Example.com", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(patient.pk)


def test_a_wrong_password_gets_a_clear_message(client, patient):
    response = client.post(reverse("login"), {"username": patient.email, "password": "nope"})
    assert response.status_code == 200
    said = html.unescape(response.content.decode())
    assert "The email address or the password is not right." in said
    # The email address is not case-sensitive: the message does not say it is.
    assert "case-sensitive" not in said


def test_repeated_failures_lock_the_account_even_from_other_addresses(client, patient, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": patient.email, "password": "wrong"},
            REMOTE_ADDR=f"10.0.0.{attempt}",
        )
    response = client.post(
        reverse("login"),
        {"username": patient.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.99",
    )
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_failed_log_ins_are_logged_by_address_never_by_the_email_typed(
    client, patient, settings, caplog
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": patient.email, "password": "wrong"})
    assert "AXES: Repeated login failure" in caplog.text
    assert "127.0.0.1" in caplog.text
    assert patient.email not in caplog.text


def test_repeated_failures_from_one_address_lock_that_address(client, patient, settings):
    other = make_user("other@example.com")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"nobody{attempt}@example.com", "password": "wrong"},
            REMOTE_ADDR="10.1.1.1",
        )
    response = client.post(
        reverse("login"), {"username": other.email, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 429


def behind_proxies(settings, count: int) -> None:
    for name, value in vars(settings_module(PROXY_COUNT=str(count))).items():
        if "IPWARE" in name:
            setattr(settings, name, value)


def log_in_through_proxies(forwarded_for: str, username: str, password: str):
    return Client().post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",  # the nearest proxy, the same for everyone
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_each_client_address_is_counted_on_its_own(patient, settings):
    behind_proxies(settings, 1)

    def log_in(forwarded_for: str, password: str, username: str = patient.email):
        return log_in_through_proxies(forwarded_for, username, password)

    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in("203.0.113.7", "wrong", username=f"nobody{attempt}@example.com")
    assert log_in("203.0.113.7", PASSWORD).status_code == 429
    # The proxy appends the address it was reached from: what the client sent before it
    # changes nothing.
    assert log_in("198.51.100.9, 203.0.113.7", PASSWORD).status_code == 429
    assert log_in("198.51.100.9", PASSWORD).status_code == 302
    assert log_in("203.0.113.7, 198.51.100.9", PASSWORD).status_code == 302


def test_behind_two_proxies_clients_with_private_addresses_are_counted_apart(patient, settings):
    behind_proxies(settings, 2)
    # The second address is the outer proxy's, public and the same for everyone.
    typist, neighbour = "192.168.1.9, 34.1.1.1", "192.168.1.10, 34.1.1.1"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in_through_proxies(typist, f"nobody{attempt}@example.com", "wrong")
    assert log_in_through_proxies(typist, patient.email, PASSWORD).status_code == 429
    assert log_in_through_proxies(neighbour, patient.email, PASSWORD).status_code == 302


@pytest.mark.parametrize("name", ["confirm_password", "delete_account"])
def test_wrong_passwords_to_confirm_sign_out_and_pause_log_in_like_wrong_log_ins(
    patient_client, patient, settings, name
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = patient_client.post(reverse(name), {"password": "a guess"})
        assert b"That is not your password" in response.content
    response = patient_client.post(reverse(name), {"password": "another guess"})
    assert response.status_code == 429
    assert b"You have been signed out because the password was wrong too many times" in (
        response.content
    )
    assert b"Too many attempts" in response.content
    assert "_auth_user_id" not in patient_client.session
    assert User.objects.filter(pk=patient.pk).exists()
    log_in = Client().post(
        reverse("login"), {"username": patient.email, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert log_in.status_code == 429


def confirms_and_stays_signed_in(client) -> bool:
    response = client.post(reverse("confirm_password"), {"password": PASSWORD})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_the_right_password_confirms_while_others_on_the_same_network_are_paused(
    patient_client, settings
):
    # A care home's Wi-Fi: everyone reaches the site from one address.
    neighbour = Client()
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        neighbour.post(
            reverse("login"), {"username": f"nobody{attempt}@example.com", "password": "wrong"}
        )
    assert confirms_and_stays_signed_in(patient_client)


def test_the_right_password_confirms_while_a_stranger_guessing_at_the_account_is_paused(
    patient_client, patient, settings
):
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        stranger.post(reverse("login"), {"username": patient.email, "password": "wrong"})
    assert confirms_and_stays_signed_in(patient_client)


def test_pausing_log_ins_from_ones_own_address_does_not_allow_guessing_to_confirm(
    patient_client, settings
):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        Client().post(
            reverse("login"), {"username": f"nobody{attempt}@example.com", "password": "wrong"}
        )
    response = patient_client.post(reverse("confirm_password"), {"password": "a guess"})
    assert response.status_code == 429
    assert "_auth_user_id" not in patient_client.session


def new_password_page(client, email: str) -> str:
    """The address of the page the emailed reset link opens, to choose a new password."""
    client.post(reverse("password_reset"), {"email": email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/account/password-reset/\S+)", mail.outbox[0].body).group(1)
    return client.get(link)["Location"]


def test_password_reset_sends_a_link_that_sets_a_new_password(client, patient):
    response = client.post(
        new_password_page(client, patient.email),
        {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"},
    )
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.check_password("a new long passphrase")


def test_a_reset_link_goes_to_an_account_once_in_five_minutes_whoever_asks(client, patient, frozen):
    """Anyone may ask for a link for any address: pressed twenty times, it flooded the mailbox.
    The page says the same whether a link went or not, which tells a visitor nothing."""
    start = frozen(timezone.now())
    pages = [client.post(reverse("password_reset"), {"email": patient.email}) for _ in range(20)]
    assert len(mail.outbox) == 1
    assert {page["Location"] for page in pages} == {reverse("password_reset_done")}
    frozen(start + timedelta(minutes=4, seconds=59))
    client.post(reverse("password_reset"), {"email": patient.email})
    assert len(mail.outbox) == 1
    frozen(start + timedelta(minutes=5))
    client.post(reverse("password_reset"), {"email": patient.email})
    assert len(mail.outbox) == 2


def test_a_reset_link_that_could_not_go_may_be_asked_for_again_at_once(client, patient, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}
    client.post(reverse("password_reset"), {"email": patient.email})
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    client.post(reverse("password_reset"), {"email": patient.email})
    assert len(mail.outbox) == 1


def test_a_reset_for_an_address_with_no_account_sends_a_link_to_create_one(client, db, frozen):
    """Sending nothing made the page come back sooner for such an address: how soon told
    whether it has an account. It is sent what sign-up would send it, as often."""
    start = frozen(timezone.now())
    for _ in range(3):
        response = client.post(reverse("password_reset"), {"email": "Nobody@Example.com"})
        assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["nobody@example.com"]
    assert message.subject == "Reset your password for the Parkinson's Toolkit"
    assert "but no account uses it" in message.body
    link = re.search(r"/account/sign-up/\S+", message.body).group()
    frozen(start + timedelta(minutes=1))
    client.post(reverse("signup"), {"email": "nobody@example.com"})  # within the same 5 minutes
    assert len(mail.outbox) == 1
    assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 302
    assert User.objects.get().email == "nobody@example.com"


def test_a_reset_takes_the_same_queries_whether_or_not_the_address_has_an_account(
    client, patient, django_assert_num_queries
):
    for email in (patient.email, "nobody@example.com"):
        # The sender's allowance (the old requests deleted, this one, the counts), the
        # address's claim (the run-out ones deleted, the claim, its savepoint), then whose
        # address: the same, in the same order, whether or not it has an account.
        with django_assert_num_queries(9):
            client.post(reverse("password_reset"), {"email": email})
    assert len(mail.outbox) == 2


def lock_out(client, email: str, limit: int) -> None:
    for _ in range(limit):
        client.post(reverse("login"), {"username": email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 429


def test_resetting_the_password_ends_the_pause_on_logging_in(client, patient, settings):
    lock_out(client, patient.email, settings.AXES_FAILURE_LIMIT)
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(new_password_page(client, patient.email), new)
    response = client.post(reverse("login"), {"username": patient.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(patient.pk)


def test_resetting_the_password_leaves_an_address_paused_for_guessing_at_other_accounts(
    client, patient, settings
):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": f"nobody{attempt}@example.com", "password": "x"})
    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    client.post(new_password_page(client, patient.email), new)
    # The emailed link proved Mary's mailbox is this browser's: it may log in to her account,
    # but guessing at others from its address is still paused.
    response = client.post(reverse("login"), {"username": patient.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "nobody9@example.com", "password": "x"})
    assert response.status_code == 429


def test_changing_the_time_zone_on_the_profile(patient_client, patient):
    response = patient_client.post(
        reverse("profile"), {"display_name": "Mary J", "time_zone": "America/New_York"}, follow=True
    )
    said = (
        "Your name is shown as Mary J, and your time zone is "
        "United States \u2013 New York (Eastern, most areas)."
    )
    assert said in response.content.decode()
    patient.refresh_from_db()
    assert (patient.display_name, patient.time_zone) == ("Mary J", "America/New_York")
    # Kept, so the summary can say the days before were lived on another clock.
    patient_client.post(
        reverse("profile"), {"display_name": "Mary", "time_zone": "America/New_York"}
    )
    changes = TimeZoneChange.objects.filter(person=patient)
    assert [change.earlier for change in changes] == ["Europe/London"]


def test_an_unknown_time_zone_is_refused(patient_client, patient):
    response = patient_client.post(
        reverse("profile"), {"display_name": "", "time_zone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    patient.refresh_from_db()
    assert patient.time_zone == "Europe/London"


def test_the_delete_page_offers_the_download_first_and_says_who_loses_access(patient_client):
    page = Page(patient_client.get(reverse("delete_account")).content.decode())
    assert page.text('main a[href="/account/my-data.json"]') == "download your data"
    assert "links you made for your specialist will stop working" in page.text(
        ".nhsuk-warning-callout"
    )


def test_a_carer_deleting_their_account_is_told_and_each_patient_sees_it_in_their_log(
    client, patient, carer
):
    grant_care(patient, carer, tracker="edit")
    client.force_login(carer)
    warning = Page(client.get(reverse("delete_account")).content.decode()).text(
        ".nhsuk-warning-callout"
    )
    assert (
        "You help Mary. What you recorded for them stays in their records, without your name"
    ) in " ".join(warning.split())
    client.post(reverse("delete_account"), {"password": PASSWORD})
    (event,) = AccessEvent.objects.filter(patient=patient, action="access_changed")
    assert event.what == "john@example.com deleted their account: their access has ended"


def test_a_carer_deleting_their_account_is_named_by_the_address_the_patient_invited(
    client, patient, carer
):
    grant_care(patient, carer, tracker="edit")
    User.objects.filter(pk=carer.pk).update(email="john.private@example.org")
    client.force_login(carer)
    client.post(reverse("delete_account"), {"password": PASSWORD})
    (event,) = AccessEvent.objects.filter(patient=patient, action="access_changed")
    assert "john.private" not in event.what
    assert event.what.startswith("john@example.com deleted their account")


def test_deleting_the_account_needs_the_password(patient_client, patient):
    response = patient_client.post(reverse("delete_account"), {"password": "wrong"})
    assert response.status_code == 200
    assert b"That is not your password" in response.content
    assert User.objects.filter(pk=patient.pk).exists()


def test_deleting_the_account_removes_the_person_and_signs_out(patient_client, patient):
    response = patient_client.post(reverse("delete_account"), {"password": PASSWORD})
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=patient.pk).exists()
    assert "_auth_user_id" not in patient_client.session


def test_deleting_the_account_leaves_no_record_of_its_log_ins(client, patient):
    from axes.models import AccessAttempt, AccessLog

    client.post(reverse("login"), {"username": patient.email, "password": "wrong"})
    client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    # A mistyped log-in from elsewhere after that one.
    Client().post(reverse("login"), {"username": patient.email.upper(), "password": "nope"})
    assert AccessAttempt.objects.exists()
    client.post(reverse("delete_account"), {"password": PASSWORD})
    assert not AccessAttempt.objects.exists()
    assert not AccessLog.objects.exists()  # successful log-ins are never logged


def test_personal_pages_send_anonymous_people_to_log_in(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_deleting_the_account_removes_every_record_of_that_person(patient_client, patient):
    from datetime import date

    from django.apps import apps

    from notes.models import Note
    from tests.tracker import make
    from tests.tracker.make import utc

    medication = make.medication(patient)
    make.dose(patient, medication, utc(2026, 3, 2, 8))
    make.episode(patient, utc(2026, 3, 2, 9))
    make.meal(patient, utc(2026, 3, 2, 12))
    Note.objects.create(patient=patient, written_on=date(2026, 3, 2), title="For Dr Shah", text="")
    record_models = [
        model
        for model in apps.get_models()
        if any(field.name == "patient" for field in model._meta.get_fields())
    ]
    assert sum(m.objects.filter(patient=patient).count() for m in record_models) >= 5
    patient_client.post(reverse("delete_account"), {"password": PASSWORD})
    assert sum(m.objects.filter(patient_id=patient.pk).count() for m in record_models) == 0


def test_the_profile_lists_every_zone_with_the_persons_own_chosen(patient_client, patient):
    patient.time_zone = "America/New_York"
    patient.save()
    html = patient_client.get(reverse("profile")).content.decode()
    select = re.search(r'<select [^>]*name="time_zone"[^>]*>(.*?)</select>', html, re.S)
    assert 'id="id_time_zone"' in select.group(0) and 'class="nhsuk-select"' in select.group(0)
    options = re.findall(r'<option value="([^"]+)"( selected)?>([^<]+)</option>', select.group(1))
    assert len(options) > 300 and ("Europe/London", "", "United Kingdom \u2013 London") in options
    assert [value for value, chosen, _ in options if chosen] == ["America/New_York"]
    new_york = "United States \u2013 New York (Eastern, most areas)"
    assert ("America/New_York", " selected", new_york) in options


def test_the_log_in_page_is_named_after_the_site_not_its_host(client, db, settings):
    page = client.get(reverse("login")).text
    assert f"<title>Log in \N{EN DASH} {escape(settings.SITE_NAME)}</title>" in page
    assert "testserver" not in page


def test_saving_the_profile_keeps_a_zone_set_under_another_name(patient_client, patient):
    patient.time_zone = "US/Eastern"  # as an import may set it
    patient.save()
    page = patient_client.get(reverse("profile")).content.decode()
    assert '<option value="US/Eastern" selected>' in page
    patient_client.post(reverse("profile"), {"display_name": "Mary J", "time_zone": "US/Eastern"})
    patient.refresh_from_db()
    assert (patient.display_name, patient.time_zone) == ("Mary J", "US/Eastern")
    assert not TimeZoneChange.objects.exists()


def test_a_signed_in_person_changes_their_password_and_stays_signed_in_only_here(
    patient_client, patient, django_assert_num_queries
):
    elsewhere = Client()
    elsewhere.force_login(patient)
    with django_assert_num_queries(1):  # the session with its person
        assert patient_client.get(reverse("change_password")).status_code == 200
    page = Page(patient_client.get(reverse("profile")).content.decode())
    assert page.text('a[href="/account/password"]') == "Change your password"
    response = patient_client.post(
        reverse("change_password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("profile")
    assert "Your password has been changed." in response.content.decode()
    patient.refresh_from_db()
    assert patient.check_password(NEW_PASSWORD)
    assert patient_client.get(reverse("profile")).status_code == 200
    assert elsewhere.get(reverse("profile")).status_code == 302  # sent to log in


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"old_password": "a guess"}, "That is not your current password."),
        ({"new_password2": "something else entirely"}, "The two password fields didn"),
        ({"new_password1": "short", "new_password2": "short"}, "This password is too short."),
    ],
)
def test_a_password_change_that_is_not_right_changes_nothing(patient_client, patient, data, said):
    form = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    response = patient_client.post(reverse("change_password"), {**form, **data})
    assert response.status_code == 200
    assert said in html.unescape(response.content.decode())
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)
    assert not mail.outbox


def test_wrong_current_passwords_count_as_wrong_log_ins(patient_client, patient, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = patient_client.post(
            reverse("change_password"),
            {
                "old_password": "a guess",
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
    assert response.status_code == 429
    assert "_auth_user_id" not in patient_client.session
    patient.refresh_from_db()
    assert patient.check_password(PASSWORD)
    assert not mail.outbox


def test_changing_the_password_ends_the_pause_on_logging_in_elsewhere(
    patient_client, patient, settings
):
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    lock_out(stranger, patient.email, settings.AXES_FAILURE_LIMIT)
    patient_client.post(
        reverse("change_password"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    on_the_phone = Client(REMOTE_ADDR="198.51.100.4")
    log_in = {"username": patient.email, "password": NEW_PASSWORD}
    assert on_the_phone.post(reverse("login"), log_in).status_code == 302


@pytest.mark.parametrize("form", ["signup", "change_password", "password_reset"])
def test_a_weak_new_password_is_reported_under_the_field_it_was_typed_in(client, patient, form):
    if form == "signup":
        first, second = "password1", "password2"
        url, data = sign_up_link(client, "new@example.com"), {}
    elif form == "change_password":
        first, second = "new_password1", "new_password2"
        client.force_login(patient)
        url, data = reverse("change_password"), {"old_password": PASSWORD}
    else:
        first, second = "new_password1", "new_password2"
        url, data = new_password_page(client, patient.email), {}
    response = client.post(url, {**data, first: "password", second: "password"})
    page = Page(response.content.decode())
    said = "This password is too common."
    assert page.text(".nhsuk-error-summary__list") == said
    assert page.one(".nhsuk-error-summary__list a").get("href") == f"#id_{first}"
    assert page.text(f"#id_{first}-error") == f"Error: {said}"
    assert not page.all(f"#id_{second}-error")


def link(page: Page, text: str) -> str:
    (found,) = [a.get("href") for a in page.all("main a") if "".join(a.itertext()) == text]
    return found


def test_following_a_tracker_link_while_logged_out_leads_through_sign_up_to_the_tracker(client, db):
    log_in = client.get("/my-tracker", follow=True)
    page = Page(log_in.content.decode())
    assert page.text("h1 + p") == "Log in, or create a free account, to continue."
    sign_up_page = link(page, "Create an account")
    assert sign_up_page == f"{reverse('signup')}?next=/my-tracker"
    page = Page(client.get(sign_up_page).content.decode())
    assert link(page, "Log in") == f"{reverse('login')}?next=/my-tracker"
    client.post(sign_up_page, {"email": "new@example.com"})
    finish = re.search(r"/account/sign-up/\S+", mail.outbox[-1].body).group()
    data = {"password1": PASSWORD, "password2": PASSWORD}
    assert client.post(finish, data)["Location"] == "/my-tracker"


def test_the_log_in_page_passes_on_no_address_outside_the_site(client, db):
    page = Page(client.get(f"{reverse('login')}?next=https://example.org/").content.decode())
    assert link(page, "Create an account") == reverse("signup")
    assert not page.all("h1 + p")


# Notices of a change to the account, so that its owner hears of one they did not make.

CHANGED_AT = datetime(2026, 7, 1, 12, 5, tzinfo=UTC)
CHANGED_AT_IN_NEW_YORK = "Wednesday 1 July 2026 at 08:05 (America/New_York time)"
CHANGE = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
NEW = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
PASSWORD_CHANGED = "Your password for the Parkinson's Toolkit has been changed"
MAIL_SERVER_DOWN = {"default": {"BACKEND": "tests.notes.test_delivery.FailingBackend"}}


@pytest.fixture
def in_new_york(patient):
    patient.time_zone = "America/New_York"
    patient.save()
    return patient


def ask_to_change_email(client) -> str:
    """The path of the link sent to the new address, mary.new@example.com, to confirm it."""
    client.post(reverse("change_email"), {"email": "mary.new@example.com"})
    return confirm_link(mail.outbox[-1])


def test_confirming_a_new_email_address_tells_the_old_one(
    patient_client, in_new_york, frozen, settings
):
    frozen(CHANGED_AT)
    patient_client.post(ask_to_change_email(patient_client))
    confirmation, notice = mail.outbox
    assert confirmation.to == ["mary.new@example.com"]
    assert notice.to == ["mary@example.com"]
    assert notice.subject == "Your email address for the Parkinson's Toolkit has been changed"
    assert (
        "The email address of your Parkinson's Toolkit account was changed from "
        f"mary@example.com to mary.new@example.com on {CHANGED_AT_IN_NEW_YORK}."
    ) in notice.body
    said = "This address can no longer be used to log in or to reset the password."
    assert said in notice.body
    assert "1. Change your password: this signs out everyone else" in notice.body
    assert "2. Change your email address back to this one." in notice.body
    assert f"Your profile: {settings.SITE_URL}{reverse('profile')}" in notice.body


def test_opening_an_email_change_link_without_confirming_tells_nobody(patient_client):
    assert patient_client.get(ask_to_change_email(patient_client)).status_code == 200
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("link", ["tampered with", "spent", "for another account"])
def test_an_email_change_link_that_does_not_work_tells_nobody(patient_client, stranger, link):
    path = ask_to_change_email(patient_client)
    if link == "tampered with":
        path = path[:-2]
    elif link == "spent":
        patient_client.post(path)
    else:
        patient_client.force_login(stranger)
    sent = len(mail.outbox)
    assert patient_client.post(path).status_code == 410
    assert len(mail.outbox) == sent


def test_an_expired_email_change_link_tells_nobody(patient_client, patient, monkeypatch):
    over_a_day_ago = int(time.time()) - EMAIL_CHANGE_MAX_AGE - 1
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda _: b62_encode(over_a_day_ago))
    path = ask_to_change_email(patient_client)
    monkeypatch.undo()
    assert patient_client.post(path).status_code == 410
    assert len(mail.outbox) == 1
    patient.refresh_from_db()
    assert patient.email == "mary@example.com"


def test_asking_for_an_address_another_account_uses_says_nothing_of_that_account(
    patient_client, stranger
):
    said = {}
    for email in (stranger.email, "nobody.yet@example.com"):
        response = patient_client.post(reverse("change_email"), {"email": email}, follow=True)
        said[email] = Page(response.content.decode()).text("main")
    assert (
        said[stranger.email].replace(stranger.email, "nobody.yet@example.com")
        == said["nobody.yet@example.com"]
    )
    assert [message.to for message in mail.outbox] == [[stranger.email], ["nobody.yet@example.com"]]
    # Only whoever has that mailbox learns, on opening the link, that it has an account.
    response = patient_client.post(confirm_link(mail.outbox[0]), follow=True)
    assert "Another account now uses that address." in html.unescape(response.content.decode())


def test_asking_to_change_to_the_address_the_account_has_is_said_on_the_form(patient_client):
    response = patient_client.post(reverse("change_email"), {"email": "Mary@Example.com"})
    page = Page(response.content.decode())
    assert page.text("#id_email-error") == "Error: This is already your email address."
    assert not mail.outbox


def test_an_email_change_refused_because_another_account_took_the_address_tells_nobody(
    patient_client,
):
    path = ask_to_change_email(patient_client)
    make_user("mary.new@example.com")
    response = patient_client.post(path, follow=True)
    said = "Another account now uses that address. Nothing was changed."
    assert said in html.unescape(response.content.decode())
    assert len(mail.outbox) == 1


def test_an_email_change_is_made_and_said_while_the_mail_server_is_down(
    patient_client, patient, settings, caplog
):
    path = ask_to_change_email(patient_client)
    settings.MAILERS = MAIL_SERVER_DOWN
    response = patient_client.post(path, follow=True)
    assert response.status_code == 200
    assert "You now log in as mary.new@example.com." in response.content.decode()
    patient.refresh_from_db()
    assert patient.email == "mary.new@example.com"
    assert f"Failed to send email_changed email to {patient.pk}: SMTPException" in caplog.text
    assert "example.com" not in caplog.text


def test_asking_for_a_new_email_address_while_the_mail_server_is_down_says_so(
    patient_client, patient, settings, caplog
):
    settings.MAILERS = MAIL_SERVER_DOWN
    response = patient_client.post(reverse("change_email"), {"email": "mary.new@example.com"})
    assert response.status_code == 200
    assert "We could not send the link just now. Try again in a few minutes." in response.text
    assert f"Failed to send email_change email to {patient.pk}: SMTPException" in caplog.text
    assert "example.com" not in caplog.text


def test_a_new_email_address_longer_than_an_account_can_keep_is_refused(patient_client):
    too_long = "x" * 250 + "@example.com"
    response = patient_client.post(reverse("change_email"), {"email": too_long})
    assert response.status_code == 200
    assert "New email address must be 254 characters or fewer." in html.unescape(response.text)
    assert not mail.outbox


def test_changing_the_password_tells_the_accounts_address(
    patient_client, in_new_york, frozen, settings
):
    frozen(CHANGED_AT)
    patient_client.post(reverse("change_password"), CHANGE)
    [notice] = mail.outbox
    assert notice.to == ["mary@example.com"]
    assert notice.subject == PASSWORD_CHANGED
    assert (
        "The password for the Parkinson's Toolkit account mary@example.com was changed on "
        f"{CHANGED_AT_IN_NEW_YORK}."
    ) in notice.body
    said = "If it was not you, someone else may be using your account. Reset your password"
    assert said in notice.body
    link = f"open this link, and we will email a link to this address:\n{settings.SITE_URL}"
    assert f"{link}{reverse('password_reset')}\n" in notice.body


def test_setting_a_password_from_a_reset_link_tells_the_accounts_address(
    client, in_new_york, frozen
):
    frozen(CHANGED_AT)
    client.post(new_password_page(client, "mary@example.com"), NEW)
    _, notice = mail.outbox
    assert notice.to == ["mary@example.com"]
    assert notice.subject == PASSWORD_CHANGED
    assert f"was changed on {CHANGED_AT_IN_NEW_YORK}." in notice.body


@pytest.mark.parametrize("link", ["tampered with", "spent", "expired"])
def test_a_reset_link_that_does_not_work_tells_nobody(client, patient, settings, link):
    page = new_password_page(client, patient.email)
    if link == "tampered with":
        page = page.replace("/set-password", "x/set-password")
    elif link == "spent":
        client.post(page, NEW)
    else:
        settings.PASSWORD_RESET_TIMEOUT = -1
    sent = len(mail.outbox)
    response = client.post(page, {"new_password1": "another one", "new_password2": "another one"})
    assert "<h1>This link has expired</h1>" in response.content.decode()
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("how", ["changed while signed in", "set from a reset link"])
def test_a_password_is_changed_and_said_while_the_mail_server_is_down(
    client, patient, settings, caplog, how
):
    if how == "changed while signed in":
        client.force_login(patient)
        settings.MAILERS = MAIL_SERVER_DOWN
        response = client.post(reverse("change_password"), CHANGE, follow=True)
        said = "Your password has been changed. Anywhere else you were signed in"
    else:
        page = new_password_page(client, patient.email)
        settings.MAILERS = MAIL_SERVER_DOWN
        response = client.post(page, NEW, follow=True)
        said = "<h1>Your password has been changed</h1>"
    assert response.status_code == 200
    assert said in response.content.decode()
    patient.refresh_from_db()
    assert patient.check_password(NEW_PASSWORD)
    assert f"Failed to send password_changed email to {patient.pk}: SMTPException" in caplog.text
    assert "example.com" not in caplog.text


def test_the_name_fields_let_the_browser_offer_the_persons_name(patient_client):
    profile = Page(patient_client.get(reverse("profile")).content.decode())
    assert profile.one("#id_display_name").get("autocomplete") == "name"
    finish = Page(Client().get(sign_up_link(Client(), "new@example.com")).content.decode())
    assert finish.one("#id_display_name").get("autocomplete") == "name"

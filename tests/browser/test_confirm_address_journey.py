import re

from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import RECORD_CSP_VIOLATIONS
from tests.conftest import PASSWORD, grant_care
from toolkit.address_confirmation import address_link_sent
from toolkit.models import CareGrant, User

NEW_PASSWORD = "a longer and newer passphrase"


def unconfirmed_account(page: Page, email: str) -> None:
    """Sign in, in the browser, to an account as sign-up made one before it began from the
    address: its address unconfirmed, and the link to confirm it sent."""
    person = User.objects.create_user(email, PASSWORD, email_unconfirmed=True)
    address_link_sent(person)
    page.goto("/account/log-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def link_in(message, path: str) -> str:
    return re.search(rf"https?://[^/\s]+({path}\S+)", message.body).group(1)


def test_a_newcomer_confirms_their_address_from_the_link_on_another_device(
    page: Page, browser, base_url
):
    unconfirmed_account(page, "ann@example.com")
    page.goto("/account/profile")
    notice = page.locator(".app-confirm-address")
    expect(notice).to_contain_text("Confirm your email address")
    assert_accessible(page)

    # Pressed again at once: nothing more is sent, and the page says when it may be.
    notice.get_by_role("button", name="Send the link again").click()
    expect(page.get_by_role("status")).to_contain_text("You can ask for another in 5 minutes.")
    assert len(mail.outbox) == 1

    page.goto("/account/sharing")
    expect(page.get_by_role("link", name="Invite someone")).to_have_count(0)
    expect(page.locator(".app-confirm-address")).to_contain_text("You can invite someone once")
    assert_accessible(page)

    # The phone's mail app opens the link in a browser not signed in.
    phone = browser.new_context(base_url=base_url)
    phone.add_init_script(RECORD_CSP_VIOLATIONS)
    phone_page = phone.new_page()
    phone_page.goto(link_in(mail.outbox[0], "/account/address/confirm/"))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    assert_accessible(phone_page)
    phone_page.get_by_role("button", name="Confirm my email address").click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(phone_page.get_by_role("status")).to_contain_text(
        "Your email address, ann@example.com, is confirmed."
    )
    assert_accessible(phone_page)
    phone.close()

    page.reload()
    expect(page.get_by_role("link", name="Invite someone")).to_be_visible()
    expect(page.locator(".app-confirm-address")).to_have_count(0)
    assert not User.objects.get(email="ann@example.com").email_unconfirmed


def test_the_owner_of_an_address_takes_over_an_account_someone_else_made_with_it(
    page: Page, patient, carer
):
    # Someone signed up as Mary's address, and left a carer of their own in the account.
    User.objects.filter(pk=patient.pk).update(email_unconfirmed=True)
    grant_care(patient, carer, tracker="edit", notes="edit")

    page.goto("/account/password-reset")
    page.get_by_label("Email").fill(patient.email)
    page.get_by_role("button").filter(has_text=re.compile("reset|send", re.I)).click()
    page.goto(link_in(mail.outbox[-1], "/account/password-reset/"))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button").filter(has_text=re.compile("password", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")
    expect(page.get_by_role("status")).to_contain_text(
        "Nobody else can see or record in its records any more"
    )
    assert_accessible(page)
    assert not CareGrant.objects.current().exists()

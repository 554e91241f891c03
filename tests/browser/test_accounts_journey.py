import re

from django.core import mail
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import RECORD_CSP_VIOLATIONS
from tests.conftest import PASSWORD
from toolkit.models import User


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/account/log-in")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def emailed_link() -> str:
    """The link to create an account, from the email just sent."""
    return re.search(r"/account/sign-up/\S+", mail.outbox[-1].body).group()


def test_a_newcomer_signs_up_sets_their_time_zone_logs_out_and_back_in(page: Page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Create an account"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    assert_accessible(page)

    page.get_by_label("Email address").fill("ann@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text("We have sent an email to ann@example.com.")
    assert_accessible(page)

    page.goto(emailed_link())
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    expect(page.locator("main")).to_contain_text("Your email address: ann@example.com")
    assert_accessible(page)
    # A mistyped confirmation: the form comes back with an error summary that axe also checks.
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD + "!")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    expect(page.get_by_role("status")).to_contain_text("Your account has been created")
    assert_accessible(page)

    page.get_by_label("Time zone").select_option("America/New_York")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Your profile has been saved")
    assert_accessible(page)
    assert User.objects.get(email="ann@example.com").time_zone == "America/New_York"

    page.get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in")
    ).to_be_visible()
    assert_accessible(page)

    log_in(page, "ann@example.com", PASSWORD)
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Your profile: ann")).to_be_visible()
    expect(account.get_by_role("button", name="Log out")).to_be_visible()
    assert_accessible(page)


def test_a_wrong_password_is_explained_on_an_accessible_page(page: Page, patient):
    log_in(page, patient.email, "not the password")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)


def test_someone_who_forgot_their_password_can_ask_for_a_reset_link(page, patient, mailoutbox):
    page.goto("/account/log-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill(patient.email)
    page.get_by_role("button").filter(has_text=re.compile("reset|send", re.I)).click()
    expect(page).to_have_url(re.compile("/account/password-reset/sent$"))
    assert_accessible(page)
    assert [m.to for m in mailoutbox] == [[patient.email]]


def test_keyboard_users_can_see_where_focus_is(page: Page):
    page.goto("/account/log-in")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    # The design system shows focus as a yellow background with a thick underline.
    focused = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.backgroundColor, s.boxShadow]; }"
    )
    assert focused[0] == "rgb(255, 235, 59)", focused
    assert focused[1] != "none", focused
    page.keyboard.press("Enter")
    # Focus itself moves to the page's main part, for screen readers as for the next Tab.
    expect(page.locator("main#maincontent")).to_be_focused()
    page.keyboard.press("Tab")
    field = page.get_by_label("Email address")
    expect(field).to_be_focused()
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_the_header_fits_a_320px_screen_without_scrolling_sideways(signed_in_page: Page):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/account/profile"):
        page.goto(path)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls {overflow}px sideways at 320px"
        assert_accessible(page)
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()


def test_signing_out_everywhere_else_from_the_profile(signed_in_page: Page, patient):
    page = signed_in_page
    phone = Client()
    phone.force_login(patient)
    page.goto("/account/profile")
    expect(page.get_by_text("You are also signed in on 1 other device or browser.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out everywhere else").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Signed out on 1 other device or browser")
    expect(page.get_by_text("You are not signed in anywhere else.")).to_be_visible()
    assert_accessible(page)
    assert phone.get("/account/profile").status_code == 302


def test_a_new_accounts_time_zone_starts_as_the_browsers(browser, base_url):
    context = browser.new_context(timezone_id="America/Chicago", base_url=base_url)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    page = context.new_page()
    page.goto(reverse("signup"))
    page.get_by_label("Email address").fill("ann@example.com")
    page.get_by_role("button", name="Send the link").click()
    page.goto(emailed_link())
    zone = page.get_by_label("Your time zone")
    expect(zone).to_have_value("America/Chicago")
    # Once chosen, the person's choice stands, through an error on another field too.
    zone.select_option("America/Denver")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD + "!")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(zone).to_have_value("America/Denver")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile")
    assert User.objects.get(email="ann@example.com").time_zone == "America/Denver"
    context.close()


def test_an_address_that_has_an_account_sees_the_same_page_and_is_emailed_to_log_in(
    page: Page, patient
):
    page.goto(reverse("signup"))
    page.get_by_label("Email address").fill(patient.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.locator("main")).to_contain_text(f"We have sent an email to {patient.email}.")
    (message,) = mail.outbox
    assert message.subject == "You already have an account with the Parkinson's Toolkit"


def test_a_link_to_create_an_account_used_already_says_so(page: Page, client):
    client.post(reverse("signup"), {"email": "ann@example.com"})
    link = emailed_link()
    client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")

"""axe on every page the foundation serves, and on the pages reached from a reset email."""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.conftest import PASSWORD, make_user
from tests.toolkit.test_pages import NOT_PAGES, url_names_without_arguments
from toolkit.models import EmailChange


def toolkit_page_names() -> list[str]:
    """Pages the foundation serves itself: the feature apps' includes are left to their journeys."""
    own = [
        pattern
        for pattern in get_resolver().url_patterns
        # An included app's urlconf is its module; the account URLs are a plain list.
        if getattr(getattr(pattern, "urlconf_name", None), "__name__", "toolkit").startswith(
            "toolkit"
        )
    ]
    names = []
    for pattern in own:
        if isinstance(pattern, URLResolver):
            names += url_names_without_arguments(pattern)
        elif pattern.name and not pattern.pattern.regex.groups:
            names.append(pattern.name)
    return sorted(set(names) - NOT_PAGES)


@pytest.mark.parametrize("name", toolkit_page_names())
def test_every_account_page_is_accessible(signed_in_page: Page, name):
    signed_in_page.goto(reverse(name))
    assert_accessible(signed_in_page)


def test_a_reset_link_from_the_email_leads_to_accessible_pages(page: Page, patient, mailoutbox):
    page.goto(reverse("password_reset"))
    page.get_by_label("Email").fill(patient.email)
    page.get_by_role("button").filter(has_text=re.compile("reset|send", re.I)).click()
    expect(page).to_have_url(re.compile(reverse("password_reset_done") + "$"))
    link = re.search(r"https?://\S+/account/password-reset/\S+", mailoutbox[0].body).group(0)
    page.goto(reverse("password_reset_confirm", args=link.rstrip("/").split("/")[-2:]))
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(PASSWORD + " again")
    page.get_by_label("New password confirmation").fill(PASSWORD + " again")
    page.get_by_role("button").click()
    expect(page).to_have_url(re.compile(reverse("password_reset_complete") + "$"))
    assert_accessible(page)


def test_the_locked_out_page_is_accessible(page: Page, patient, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(reverse("login"))
        page.get_by_label("Email address").fill(patient.email)
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile("locked|too many", re.I)
    )
    assert_accessible(page)


def test_the_link_that_puts_an_address_back_leads_to_accessible_pages(page: Page, patient):
    earlier = patient.email
    patient.email = "someone.else@example.org"
    patient.save()
    change = EmailChange.objects.create(person=patient, earlier=earlier)
    page.goto(reverse("undo_email_change", args=[change.pk]))
    assert_accessible(page)
    page.get_by_role("button", name="It was not me: put my address back").click()
    expect(page).to_have_url(re.compile(reverse("email_change_undone") + "$"))
    assert_accessible(page)
    EmailChange.objects.update(changed_at=change.changed_at - EmailChange.UNDO_FOR)
    page.goto(reverse("undo_email_change", args=[change.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    assert_accessible(page)


def test_the_link_with_the_old_address_taken_leads_to_accessible_pages(page: Page, patient):
    earlier = patient.email
    patient.email = "someone.else@example.org"
    patient.save()
    make_user(earlier)
    change = EmailChange.objects.create(person=patient, earlier=earlier)
    page.goto(reverse("undo_email_change", args=[change.pk]))
    assert_accessible(page)
    page.get_by_role("button", name="Sign everyone out of my account").click()
    expect(page.get_by_text("Everyone has been signed out of your account")).to_be_visible()
    assert_accessible(page)


def test_escape_closes_the_more_menu_and_focus_goes_back_to_its_button(signed_in_page: Page):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/information/")
    more = page.get_by_role("button", name="Browse More")
    more.focus()
    page.keyboard.press("Enter")
    expect(more).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(more).to_have_attribute("aria-expanded", "false")
    expect(more).to_be_focused()

"""The address people write to for help, when the operator sets one (SUPPORT_EMAIL): in every
page's footer, and on the pages of an account someone else has got into."""

import uuid

from django.test import Client
from django.urls import reverse

from tests.toolkit.test_form_pack import Page

HELP = "help@toolkit.example.org"


def footer_links(response) -> dict[str, str]:
    return {
        " ".join(link.itertext()).strip(): link.get("href")
        for link in Page(response.content.decode()).all("footer a")
    }


def test_the_footer_says_where_to_write_for_help(client, db, settings):
    settings.SUPPORT_EMAIL = HELP
    assert footer_links(client.get(reverse("login")))["Contact us"] == f"mailto:{HELP}"


def test_with_no_address_set_the_footer_offers_none(client, db, settings):
    settings.SUPPORT_EMAIL = ""
    links = footer_links(client.get(reverse("login")))
    assert "Contact us" not in links
    assert not any(href.startswith("mailto:") for href in links.values())


def test_an_expired_link_to_put_an_address_back_says_where_to_write(db, settings):
    # Signed in nowhere, with the link expired, the owner has no other way back in.
    settings.SUPPORT_EMAIL = HELP
    response = Client().get(f"/account/email/undo/{uuid.uuid4()}")
    text = " ".join(Page(response.content.decode()).text("main").split())
    assert f"If you need help with your account, email {HELP}." in text

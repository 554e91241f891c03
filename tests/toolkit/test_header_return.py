"""The header's "Log in" and "Create an account" bring the person back to the page they
were on (an invitation, most of all), but not to a page there is no sense returning to."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.urls import resolve, reverse

from tests.conftest import PASSWORD
from tests.toolkit.test_sharing import invitation_path, invite
from toolkit.context_processors import return_to


def header_links(page: str) -> dict[str, str]:
    header = page.split("</header>")[0]
    links = re.findall(r'class="nhsuk-header__account-link" href="([^"]*)">([^<]*)<', header)
    return {text: href for href, text in links}


def test_the_header_links_carry_the_page_the_person_is_on(client, db):
    links = header_links(client.get("/information/").text)
    assert links["Log in"] == f"{reverse('login')}?next=/information/"
    assert links["Create an account"] == f"{reverse('signup')}?next=/information/"


def test_creating_an_account_from_the_header_comes_back_to_the_invitation(client, patient):
    client.force_login(patient)
    invite(client)
    path = invitation_path()
    client.logout()
    signup = header_links(client.get(path).text)["Create an account"]
    client.post(signup, {"email": "john@example.com"})
    link = re.search(r"/account/sign-up/\S+", mail.outbox[-1].body).group()
    response = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert response["Location"] == path


@pytest.mark.parametrize(
    "page", ["home", "login", "signup", "password_reset", "password_reset_done"]
)
def test_no_way_back_to_a_page_there_is_no_sense_returning_to(client, db, page):
    links = header_links(client.get(reverse(page)).text)
    assert links == {"Log in": reverse("login"), "Create an account": reverse("signup")}


def test_only_a_path_on_this_site_is_carried(rf):
    request = rf.get("/information/")
    request.user = AnonymousUser()
    request.resolver_match = resolve("/information/")
    request.path = "//elsewhere.example/information/"  # as a request line may have it
    assert return_to(request) == ""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse


def url_names_without_arguments(resolver=None) -> list[str]:
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            names += url_names_without_arguments(pattern)
        elif isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.regex.groups:
            names.append(pattern.name)
    return sorted(set(names))


# Views that answer with a redirect or take only POST by design.
NOT_PAGES = {
    "auth",
    "logout",
    "sign_out_elsewhere",
    "send_address_link",
    "caring_mine",
    "healthz",
    "tracker_right_now",
    "dose_take",
    "meal_ate",
    "download_data",
    "notes_questions_from_page",
    "notes_contact_from_page",
}
# The summary's downloads are files, not pages (tests/tracker/test_summary.py).
NOT_PAGES |= {"summary_pdf", "summary_csv", "summary_json"}


@pytest.mark.parametrize("name", [n for n in url_names_without_arguments() if n not in NOT_PAGES])
def test_every_page_answers_with_exactly_one_h1(patient_client, name):
    response = patient_client.get(reverse(name), follow=True)
    assert response.status_code == 200
    assert len(re.findall(rb"<h1[\s>]", response.content)) == 1


def test_pages_carry_a_content_security_policy_with_a_script_nonce(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert f'nonce="{nonce}"'.encode() in response.content


def test_no_page_loads_anything_from_another_site(client, db):
    content = client.get(reverse("home")).content.decode()
    for url in re.findall(r'(?:src|href)="([^"]+)"', content):
        assert not url.startswith(("http:", "https:", "//")), url


def test_home_page_explains_the_toolkit_and_links_to_each_part(client, db):
    content = client.get(reverse("home")).content.decode()
    for href in ('href="/information/"', 'href="/my-tracker"', "my-reminders-and-notes"):
        assert href in content


@pytest.mark.parametrize(
    "typed, address",
    [
        ("/my-tracker/", "/my-tracker"),
        ("/my-notes/", "/my-notes"),
        ("/account/profile/", "/account/profile"),
        ("/my-tracker/summary/?days=5", "/my-tracker/summary?days=5"),
    ],
)
def test_an_address_typed_with_a_slash_at_the_end_leads_to_the_page(client, typed, address):
    response = client.get(typed)
    assert (response.status_code, response["Location"]) == (301, address)


@pytest.mark.parametrize(
    "typed",
    ["/no-such-page/", "/%2Fexample.com/", "/my-tracker/x/", "/information/no-such-page/"],
)
def test_an_address_with_a_slash_at_the_end_that_names_nothing_is_not_found(client, db, typed):
    assert client.get(typed).status_code == 404


def test_a_slash_at_the_end_never_sends_anyone_to_another_site(client, db):
    response = client.get("/", PATH_INFO="//example.com/")
    assert response.status_code == 404

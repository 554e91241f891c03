"""Security headers and cookies with the production settings the tests run under."""

import re

import pytest
from django.conf import settings as django_settings
from hypothesis import given
from hypothesis import strategies as st

from notes.models import CalendarFeed
from tests.conftest import PASSWORD
from tests.hostile.conftest import HOSTILE
from tests.notes.test_calendar_address import feed_url
from tests.toolkit.test_sharing import pending_invitation
from tests.tracker.test_summary_links import make_link

FORGED_SESSION_KEYS = ["' OR '1'='1", "x' UNION SELECT * FROM toolkit_user --", "%00", "a" * 5000]


def test_the_tests_run_with_production_settings():
    assert django_settings.DEBUG is False
    assert django_settings.SESSION_COOKIE_SECURE and django_settings.CSRF_COOKIE_SECURE


@pytest.mark.parametrize(
    "url", ["/", "/information/", "/account/profile", "/my-tracker", "/my-tracker/summary"]
)
def test_every_page_sends_the_security_headers(client, patient, url):
    client.force_login(patient)
    response = client.get(url, secure=True)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"script-src 'self' 'nonce-([^']+)'", csp).group(1)
    for rule in ("default-src 'self'", "style-src 'self'", "object-src 'none'"):
        assert rule in csp
    assert "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    # Every inline script carries this response's nonce, and the nonce changes each time.
    for attributes in re.findall(r"<script\b([^>]*)>", response.content.decode()):
        assert "src=" in attributes or f'nonce="{nonce}"' in attributes
    for attributes in re.findall(r"<style\b([^>]*)>", response.content.decode()):
        assert f'nonce="{nonce}"' in attributes
    assert nonce not in client.get(url, secure=True)["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/information/",
        "/account/profile",
        "/account/my-data.json",
        "/my-tracker/day/2026-03-02",
        "/my-tracker/summary.pdf",
    ],
)
def test_nothing_a_signed_in_person_is_sent_may_be_stored(client, patient, url):
    client.force_login(patient)
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_page_opened_by_a_link_with_a_token_may_not_be_stored(client, patient):
    feed = CalendarFeed.objects.create(patient=patient)
    raw, _ = make_link(patient)
    for url in (pending_invitation(patient), feed_url(feed), f"/s/{raw}"):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


@pytest.mark.parametrize("url", ["/", "/information/"])
def test_information_pages_read_without_signing_in_keep_their_caching(client, db, url):
    for _ in range(2):  # rendered, then kept
        response = client.get(url, secure=True)
        assert response.status_code == 200
        assert not response.has_header("Cache-Control")


def test_a_view_that_sets_its_own_caching_keeps_it(client, patient, settings, tmp_path):
    (tmp_path / "hand.jpg").write_bytes(b"\xff\xd8\xff")
    settings.CONTENT_IMAGES_DIR = tmp_path
    client.force_login(patient)
    response = client.get("/information/images/hand.jpg", secure=True)
    response.close()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public, max-age=")


def test_https_pages_tell_browsers_to_keep_to_https(client, db):
    response = client.get("/information/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert not client.get("/information/").has_header("Strict-Transport-Security")


def test_plain_http_is_redirected_to_https_when_the_redirect_is_on(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/my-tracker?x=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/my-tracker?x=1"
    assert client.get("/information/", secure=True).status_code == 200


def test_the_session_and_csrf_cookies_are_secure(client, patient):
    client.get("/account/log-in", secure=True)
    csrf = client.cookies["csrftoken"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    response = client.post(
        "/account/log-in",
        {"username": patient.email, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


@HOSTILE
@given(
    value=st.one_of(
        # A header carries bytes: WSGI hands each over as one latin-1 character.
        st.text(st.characters(max_codepoint=255), max_size=300),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=8, max_size=40),
        st.sampled_from(
            ["' OR '1'='1", "x' UNION SELECT * FROM toolkit_user --", "%00", "a" * 5000]
        ),
    )
)
def test_made_up_cookies_sign_nobody_in_and_break_nothing(client, patient, value):
    for name in ("sessionid", "csrftoken", "messages"):
        client.cookies[name] = value
    response = client.get("/my-tracker", secure=True)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/log-in")
    assert client.get("/account/log-in", secure=True).status_code == 200

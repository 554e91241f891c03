"""Anonymous readers are served whole pages from memory; nobody else ever is."""

import json
import logging
import re

import pytest
from django.contrib.messages import constants, get_messages
from django.test import Client

from content import pages

NONCE = re.compile(r'<script nonce="([^"]+)">')


@pytest.fixture
def renders(monkeypatch):
    """How many times a page view built its page rather than serving the kept one."""
    calls = []
    real = pages.breadcrumbs
    monkeypatch.setattr(pages, "breadcrumbs", lambda *a: calls.append(a) or real(*a))
    return calls


def test_each_anonymous_reader_gets_the_kept_page_with_their_own_nonce(
    client, content, settings, renders
):
    settings.CONTENT_RECHECK_SECONDS = 60
    content.write("tremor", "# Tremor\n\nShaking.\n")
    nonces = []
    for _ in range(3):
        response = Client().get("/information/tremor")
        assert response.status_code == 200 and b"Shaking." in response.content
        (nonce,) = NONCE.findall(response.content.decode())
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert len(set(nonces)) == 3
    assert len(renders) == 1


def test_an_edited_page_shows_once_the_content_is_looked_at_again(
    client, content, settings, monkeypatch
):
    settings.CONTENT_RECHECK_SECONDS = 60
    file = content.write("tremor", "# Tremor\n\nFirst edition.\n")
    now = [1000.0]
    monkeypatch.setattr(pages.time, "monotonic", lambda: now[0])
    assert b"First edition." in client.get("/information/tremor").content
    file.write_text("# Tremor\n\nSecond edition, longer.\n", encoding="utf-8")
    now[0] += 59
    assert b"First edition." in client.get("/information/tremor").content
    now[0] += 1
    assert b"Second edition, longer." in client.get("/information/tremor").content


def test_the_index_follows_pages_added_and_removed(client, content):
    content.write("tremor", "# Tremor\n")
    assert b"Tremor" in client.get("/information/").content
    content.write("sleep", "# Sleep\n")
    assert b"Sleep" in client.get("/information/").content
    (content.root / "sleep.md").unlink()
    assert b"Sleep" not in client.get("/information/").content
    assert client.get("/information/sleep").status_code == 404


def test_signed_in_readers_get_their_own_page_after_an_anonymous_one(
    client, patient_client, settings, renders
):
    url = "/information/managing-symptoms/cramps-and-spasms"
    anonymous = Client().get(url).content.decode()
    assert "/my-notes/questions/from-page" not in anonymous
    for _ in range(2):
        signed_in = patient_client.get(url).content.decode()
        assert "/my-notes/questions/from-page" in signed_in
        assert "csrfmiddlewaretoken" in signed_in
    assert len(renders) == 3
    assert "/my-notes/" not in Client().get(url).content.decode()


def test_a_waiting_message_is_shown_and_not_kept(client, content):
    content.write("tremor", "# Tremor\n")
    response = client.get("/information/tremor")
    request = response.wsgi_request
    get_messages(request).add(constants.INFO, "You have signed out.")
    # The message travels in a cookie to the next request, as after signing out.
    request._messages.update(response)
    client.cookies.update(response.cookies)
    assert b"You have signed out." in client.get("/information/tremor").content
    assert b"You have signed out." not in Client().get("/information/tremor").content


def test_a_query_string_is_served_the_ordinary_way(client, content, renders):
    content.write("tremor", "# Tremor\n")
    for _ in range(2):
        assert client.get("/information/tremor?from=leaflet").status_code == 200
    assert len(renders) == 2


def test_a_kept_page_has_every_header_of_a_made_one_and_is_logged_by_its_route(
    content, renders, caplog
):
    content.write("tremor", "# Tremor\n")
    made = Client().get("/information/tremor")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="toolkit.requests"):
        kept = Client().get("/information/tremor")
    assert len(renders) == 1
    assert set(kept.headers) == set(made.headers)
    for name in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Vary"):
        assert kept[name] == made[name]
    (line,) = [r.getMessage() for r in caplog.records if r.name == "toolkit.requests"]
    assert json.loads(line)["route"] == "information/<page_path:path>"

import json
import logging

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse


def test_health_check_reports_the_database(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_check_says_when_the_database_is_unreachable(client, db, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_a_database_outage_gives_a_friendly_503_without_details(db, monkeypatch, patient):
    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server at 10.0.0.5 password=secret")

    client = Client(raise_request_exception=False)
    client.force_login(patient)
    with monkeypatch.context() as patch:
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
        response = client.get(reverse("profile"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"try again in a few minutes" in response.content
    assert b"10.0.0.5" not in response.content
    assert b"Traceback" not in response.content


def test_request_logs_name_the_route_not_the_path(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="toolkit.requests"):
        client.get("/account/password-reset/Mg/some-token")
    entry = json.loads(caplog.records[-1].getMessage())
    assert entry["route"] == "account/password-reset/<uidb64>/<token>"
    assert "some-token" not in caplog.text
    assert set(entry) == {"method", "route", "view", "status", "ms"}


@pytest.mark.parametrize("path", ["/nothing-here", "/account/../etc/passwd"])
def test_unknown_pages_are_a_friendly_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content

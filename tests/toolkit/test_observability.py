import json
import logging

import django.urls
import pytest
from django.db import DataError, IntegrityError, InterfaceError, OperationalError, ProgrammingError
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


# Refused or dropped connections, which trying again mends.
outages = pytest.mark.parametrize("outage", [OperationalError, InterfaceError])


@outages
def test_a_database_outage_gives_a_friendly_503_without_details(db, monkeypatch, patient, outage):
    def unreachable(*args, **kwargs):
        raise outage("could not connect to server at 10.0.0.5 password=secret")

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


def test_a_load_balancer_probing_by_address_over_http_gets_the_health_check(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["toolkit.example.org"]
    response = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    # Every other address still needs the site's own host, over https.
    assert client.get("/information/", HTTP_HOST="10.0.0.7", secure=True).status_code == 400
    assert client.get("/information/", HTTP_HOST="toolkit.example.org").status_code == 301


def test_the_health_check_is_logged_by_its_route(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="toolkit.requests"):
        client.get("/healthz")
    assert json.loads(caplog.records[-1].getMessage())["route"] == "healthz"


@outages
def test_a_database_outage_logs_one_line_without_the_path_or_a_traceback(
    db, monkeypatch, patient, caplog, outage
):
    def unreachable(*args, **kwargs):
        raise outage("connection refused")

    client = Client(raise_request_exception=False)
    client.force_login(patient)
    with monkeypatch.context() as patch, caplog.at_level(logging.INFO):
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
        response = client.get("/my-tracker/day/2026-11-03")
    assert response.status_code == 503
    assert "2026-11-03" not in caplog.text
    assert not [record for record in caplog.records if record.exc_info]
    assert f"Service Unavailable: my-tracker/day/<isodate:day> ({outage.__name__})" in (
        caplog.messages
    )


def test_a_server_error_keeps_its_traceback_under_the_route(db, monkeypatch, patient, caplog):
    def bug(request):
        raise RuntimeError("a bug")

    client = Client(raise_request_exception=False)
    client.force_login(patient)
    monkeypatch.setattr("toolkit.middleware.acting_for", bug)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/my-tracker/day/2026-11-03")
    assert response.status_code == 500
    [record] = [record for record in caplog.records if record.name == "django.request"]
    assert record.getMessage() == "Internal Server Error: my-tracker/day/<isodate:day>"
    assert record.exc_info[0] is RuntimeError
    assert "2026-11-03" not in caplog.text


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError('duplicate key value violates unique constraint "one_per_day"'),
        DataError("value too long for type character varying(80)"),
        ProgrammingError('column "time_zone" does not exist'),  # an upgrade half done
    ],
    ids=lambda error: type(error).__name__,
)
def test_a_database_error_that_is_a_bug_is_a_server_error_with_its_traceback(
    db, monkeypatch, patient, caplog, error
):
    def fails(*args, **kwargs):
        raise error

    client = Client(raise_request_exception=False)
    client.force_login(patient)
    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR, logger="django.request"):
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", fails)
        response = client.get("/my-tracker/day/2026-11-03")
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content
    [record] = [record for record in caplog.records if record.name == "django.request"]
    assert record.getMessage() == "Internal Server Error: my-tracker/day/<isodate:day>"
    assert record.exc_info[1] is error
    assert "2026-11-03" not in caplog.text


def test_a_refused_form_is_logged_by_its_route_not_the_token_in_its_address(db, caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.INFO):
        response = client.post("/account/invitation/a-one-time-token", {"accept": "1"})
    assert response.status_code == 403
    assert "a-one-time-token" not in caplog.text
    assert "Forbidden (CSRF cookie not set.): account/invitation/<str:token>" in caplog.messages


def test_request_logs_name_the_route_not_the_path(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="toolkit.requests"):
        client.get("/account/password-reset/Mg/some-token")
    entry = json.loads(caplog.records[-1].getMessage())
    assert entry["route"] == "account/password-reset/<uidb64>/<token>"
    assert "some-token" not in caplog.text
    assert set(entry) == {"method", "route", "view", "status", "ms"}


def test_request_logs_name_the_route_of_what_a_middleware_answered_before_resolving(
    client, patient, monkeypatch, settings, caplog
):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    def logged_route(**extra) -> tuple[int, str]:
        client.get("/my-tracker/day/2026-11-03", **extra)
        entry = json.loads(caplog.records[-1].getMessage())
        return entry["status"], entry["route"]

    settings.SECURE_SSL_REDIRECT = True
    with caplog.at_level(logging.INFO, logger="toolkit.requests"):
        assert logged_route() == (301, "my-tracker/day/<isodate:day>")
        client.raise_request_exception = False
        client.force_login(patient)  # the session is read before the URL is resolved
        with monkeypatch.context() as patch:
            patch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
            assert logged_route(secure=True) == (503, "my-tracker/day/<isodate:day>")


def test_static_files_and_unknown_pages_are_logged_without_resolving_them_again(
    client, db, settings, tmp_path, monkeypatch, caplog
):
    (tmp_path / "app.css").write_text("body {}")
    settings.STATIC_ROOT = tmp_path  # read by WhiteNoise when the client's first request starts
    looked_up = []

    def resolve(path, urlconf=None):
        looked_up.append(path)
        return django.urls.resolve(path, urlconf)

    monkeypatch.setattr("toolkit.observability.resolve", resolve)
    with caplog.at_level(logging.INFO, logger="toolkit.requests"):
        client.get("/static/app.css").close()
        client.get("/nothing-here")
    entries = [
        json.loads(record.getMessage())
        for record in caplog.records
        if record.name == "toolkit.requests"
    ]
    assert [(entry["status"], entry["route"]) for entry in entries] == [(200, None), (404, None)]
    assert "/static/app.css" not in looked_up
    assert "/nothing-here" not in looked_up


@pytest.mark.parametrize("path", ["/nothing-here", "/account/../etc/passwd"])
def test_unknown_pages_are_a_friendly_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content

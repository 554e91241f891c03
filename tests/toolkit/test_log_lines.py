"""What the logs say about log-ins, refused hosts and outages: one line each, naming what an
operator needs and nothing about the people using the site."""

import logging

from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

ADDRESS = "198.51.100.77"


def one_line(record: logging.LogRecord) -> str:
    """The record as the console handler writes it, traceback and all."""
    return logging.Formatter().format(record)


def test_a_successful_log_in_is_not_logged(client, patient, caplog):
    with caplog.at_level(logging.INFO):
        response = client.post(
            reverse("login"), {"username": patient.email, "password": PASSWORD}, REMOTE_ADDR=ADDRESS
        )
        client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 302
    assert [
        record.getMessage() for record in caplog.records if record.name.startswith("axes")
    ] == []
    assert ADDRESS not in caplog.text


def test_failed_log_ins_and_the_lockout_are_still_logged_by_address(
    client, patient, settings, caplog
):
    with caplog.at_level(logging.INFO):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("login"),
                {"username": patient.email, "password": "wrong"},
                REMOTE_ADDR=ADDRESS,
            )
    said = [record.getMessage() for record in caplog.records if record.name.startswith("axes")]
    client_str = f'{{ip_address: "{ADDRESS}"}}'
    assert f"AXES: New login failure by {client_str}. Created new record in the database." in said
    assert f"AXES: Locking out {client_str} after repeated login failures." in said
    assert patient.email not in caplog.text


def test_a_host_not_allowed_is_one_line_without_a_traceback(client, db, caplog):
    with caplog.at_level(logging.INFO):
        response = client.get("/information/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    [record] = [
        record for record in caplog.records if record.name == "django.security.DisallowedHost"
    ]
    assert one_line(record) == (
        "Invalid HTTP_HOST header: 'evil.example'. You may need to add 'evil.example' to "
        "ALLOWED_HOSTS."
    )


def outage_lines(caplog) -> list[str]:
    return [one_line(record) for record in caplog.records if record.name == "django.request"]


def test_an_outage_on_the_home_page_names_its_route(db, patient, caplog, monkeypatch):
    client = Client(raise_request_exception=False)
    client.force_login(patient)

    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch, caplog.at_level(logging.INFO):
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
        response = client.get("/")
    assert response.status_code == 503
    assert outage_lines(caplog) == ["Service Unavailable: / (OperationalError)"]


def test_a_failing_health_check_names_the_error(client, db, caplog, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch, caplog.at_level(logging.INFO):
        patch.setattr("django.db.backends.utils.CursorWrapper.execute", unreachable)
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert outage_lines(caplog) == ["Service Unavailable: healthz (OperationalError)"]

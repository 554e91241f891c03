"""Faults: files vanishing under the content pages, a PDF that fails, the mail server and
the database going away and coming back."""

import io
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from aiosmtpd.controller import Controller
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client

from content import pages, search
from notes.models import Delivery, Reminder
from tests.notes.smtp import Collector, free_port
from tests.tracker import make
from toolkit.lib.env import smtp_mailer

# Content


@pytest.fixture
def content(settings, tmp_path):
    """A content folder with a section, its landing page, a page and an image."""
    root, images = tmp_path / "pages", tmp_path / "images"
    (root / "symptoms").mkdir(parents=True)
    images.mkdir()
    (root / "symptoms" / "symptoms.md").write_text("# Symptoms\n")
    (root / "symptoms" / "tremor.md").write_text("# Tremor\n\nShaking.\n")
    (root / "research.md").write_text("# Research\n")
    (images / "hand.jpg").write_bytes(b"\xff\xd8\xff")
    settings.CONTENT_DIR, settings.CONTENT_IMAGES_DIR = root, images
    pages._cache.clear()
    pages._titles.clear()
    pages._catalogue = ((), None)
    search._index = ((), [])
    return root


@pytest.fixture
def unreadable(monkeypatch):
    """Make files with these names raise PermissionError when read (tests run as root,
    for whom chmod 000 changes nothing)."""
    names = set()
    real_read_text, real_open = Path.read_text, Path.open

    def check(path):
        if path.name in names:
            raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(
        Path, "read_text", lambda self, *a, **k: check(self) or real_read_text(self, *a, **k)
    )
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: check(self) or real_open(self, *a, **k))
    return names


@pytest.fixture
def vanishing(monkeypatch):
    """Files with these names are listed by the directory walk but gone when opened."""
    names = []
    real_walk = pages.os.walk

    def walk(top, *args, **kwargs):
        for folder, folders, files in real_walk(top, *args, **kwargs):
            if folder == str(top):
                files = [*files, *names]
            yield folder, folders, files

    monkeypatch.setattr(pages.os, "walk", walk)
    return names


PAGES = [
    "/information/",
    "/information/search?q=tremor",
    "/information/symptoms",
    "/information/symptoms/tremor",
    "/information/research",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_page_deleted_between_listing_and_reading_is_left_out(client, content, vanishing, url):
    vanishing.append("ghost.md")
    assert client.get(url).status_code == 200
    assert client.get("/information/ghost").status_code == 404


# (unreadable file, the address that shows it): a section whose landing page cannot be
# read still lists its other pages.
UNREADABLE = [
    ("tremor.md", "/information/symptoms/tremor"),
    ("research.md", "/information/research"),
    ("symptoms.md", None),
]


@pytest.mark.parametrize("name,shown", UNREADABLE)
@pytest.mark.parametrize("url", PAGES)
def test_an_unreadable_page_is_a_404_and_every_other_page_still_works(
    client, content, unreadable, url, name, shown
):
    unreadable.add(name)
    assert client.get(url).status_code == (404 if url == shown else 200)


def test_a_page_deleted_after_it_was_found_is_a_404(client, content, monkeypatch):
    found = pages.page_file

    def then_deleted(path, root=None):
        file = found(path, root)
        if file is not None:
            file.unlink()
        return file

    monkeypatch.setattr(pages, "page_file", then_deleted)
    assert client.get("/information/research").status_code == 404


def test_an_image_deleted_after_it_was_found_is_a_404(client, content, monkeypatch):
    found = pages.image_file

    def then_deleted(name, root=None):
        file = found(name, root)
        if file is not None:
            file.unlink()
        return file

    monkeypatch.setattr(pages, "image_file", then_deleted)
    assert client.get("/information/images/hand.jpg").status_code == 404


def test_an_unreadable_image_is_a_404(client, content, unreadable):
    unreadable.add("hand.jpg")
    assert client.get("/information/images/hand.jpg").status_code == 404


# The summary PDF


@pytest.fixture
def pdf_fails(monkeypatch):
    def fail(self, *args, **kwargs):
        raise RuntimeError("cairo: out of memory while drawing Mary's episode of 07:05")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", fail)


def test_a_pdf_that_fails_to_render_gives_a_clear_page_and_one_log_line(patient, pdf_fails, caplog):
    client = Client(raise_request_exception=False)
    client.force_login(patient)
    with caplog.at_level(logging.ERROR):
        response = client.get("/my-tracker/summary.pdf")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"The PDF could not be made" in response.content
    assert b"Traceback" not in response.content and b"cairo" not in response.content
    # One line of ours with the traceback; its message says nothing of the summary.
    [line] = [r for r in caplog.records if r.name.startswith("tracker")]
    assert line.levelno == logging.ERROR and line.exc_info
    assert line.getMessage() == "The summary PDF could not be made"


def test_a_specialist_link_whose_pdf_fails_gives_the_same_page(client, patient, pdf_fails):
    client.force_login(patient)
    client.post(
        "/my-tracker/summary/links",
        {"start": str(patient.local_today() - timedelta(days=3)), "days": 3, "valid_days": 7},
    )
    link = client.get("/my-tracker/summary/links").context["new_link"]
    client.logout()
    response = client.get(link.removeprefix("http://testserver") + ".pdf")
    assert response.status_code == 503
    assert b"The PDF could not be made" in response.content


# The mail server


def test_reminders_wait_while_the_mail_server_is_down_and_go_out_once_when_it_is_back(
    patient, settings
):
    port = free_port()  # nothing listens here yet: connections are refused
    settings.MAILERS = {
        "default": smtp_mailer(
            host="127.0.0.1", port=port, username="", password="", use_tls=False, use_ssl=False
        )
    }
    eight = datetime(2025, 6, 2, 7, tzinfo=UTC)  # 08:00 in London
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.CUSTOM,
        message="Stretch",
        times=["08:00"],
        counts_from=eight - timedelta(hours=2),
    )

    def send(at: datetime) -> str:
        out = io.StringIO()
        call_command("sendreminders", "--now", at.isoformat(), stdout=out)
        return out.getvalue()

    assert "failed 1" in send(eight)
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.PENDING and delivery.error

    collector = Collector()
    server = Controller(collector, hostname="127.0.0.1", port=port)
    server.start()
    try:
        nothing = "sent 0, failed 0, missed 0"
        assert nothing in send(eight + timedelta(seconds=30))  # not due for a retry yet
        assert "sent 1" in send(eight + timedelta(minutes=1))
        for minutes in (2, 5, 30):
            assert nothing in send(eight + timedelta(minutes=minutes))
    finally:
        server.stop()
    assert len(collector.messages) == 1
    assert collector.messages[0]["To"] == patient.email
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (Delivery.SENT, 2)


# The database


def serve(path: str, cookie: str) -> tuple[int, bytes]:
    """One request through Django's WSGI handler, as a server makes it: unlike the test
    client, it checks the database connection before the request and after it."""
    environ = {}
    setup_testing_defaults(environ)
    environ.update(PATH_INFO=path, HTTP_HOST="testserver", HTTP_COOKIE=cookie)
    status = []
    response = WSGIHandler()(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        body = b"".join(response)
    finally:
        response.close()
    return int(status[0].split()[0]), body


@pytest.mark.django_db(transaction=True)
def test_the_app_reconnects_by_itself_when_the_database_drops_its_connection(patient):
    if connection.vendor != "postgresql":
        pytest.skip("terminating a server-side connection needs PostgreSQL")
    make.medication(patient)
    client = Client()
    client.force_login(patient)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    assert serve("/my-tracker", cookie)[0] == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()

    status, body = serve("/my-tracker", cookie)
    assert status in (200, 503)
    if status == 503:
        assert b"try again in a few minutes" in body
    status, body = serve("/my-tracker", cookie)
    assert status == 200 and b"Co-careldopa" in body


@pytest.mark.django_db(transaction=True)
def test_a_request_asks_the_database_only_what_the_page_needs(patient, monkeypatch):
    """No health check before each request: it was a round trip on every page."""
    make.medication(patient)
    client = Client()
    client.force_login(patient)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    assert serve("/my-tracker", cookie)[0] == 200  # the worker's connection is open
    checks = []
    backend = type(connections["default"])
    is_usable = backend.is_usable
    monkeypatch.setattr(backend, "is_usable", lambda self: checks.append(1) or is_usable(self))
    assert serve("/my-tracker", cookie)[0] == 200
    assert serve("/my-tracker", cookie)[0] == 200
    assert checks == []

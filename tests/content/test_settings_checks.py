"""The content folders named in the settings are checked by `manage.py check --deploy`, which
every installation and upgrade runs; the commands that need no content run without them."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from content.apps import content_folders
from tests.notes.test_delivery import EIGHT, reminder
from toolkit.models import Session
from toolkit.sessions import SessionStore


def ids() -> list[str]:
    return [message.id for message in content_folders(None)]


@pytest.fixture
def content_gone(settings, tmp_path):
    """The content folder as after a restart that lost it: not there."""
    settings.CONTENT_DIR = tmp_path / "pages-content"
    settings.CONTENT_IMAGES_DIR = tmp_path / "images"


@pytest.fixture
def repository(settings, tmp_path):
    """The content repository's layout: pages in pages-content, images beside them."""
    pages = tmp_path / "current" / "pages-content"
    (pages / "symptoms").mkdir(parents=True)
    (pages / "symptoms" / "tremor.md").write_text("# Tremor\n", encoding="utf-8")
    (tmp_path / "current" / "images").mkdir()
    settings.CONTENT_DIR = pages
    settings.CONTENT_IMAGES_DIR = pages / "images"  # as when CONTENT_IMAGES_DIR is left out
    return tmp_path / "current"


def test_the_projects_own_pages_pass(settings):
    assert ids() == []


def test_a_content_dir_that_is_not_there_stops_the_deploy_checks(settings, tmp_path, db):
    settings.CONTENT_DIR = tmp_path / "pages-contnet"
    settings.CONTENT_IMAGES_DIR = settings.CONTENT_DIR / "images"
    assert ids() == ["content.E001"]
    with pytest.raises(SystemCheckError, match=r"content\.E001\) CONTENT_DIR \(.*pages-contnet\)"):
        call_command("check", "--deploy")


def test_a_folder_with_no_pages_in_it_is_refused_too(settings, tmp_path):
    settings.CONTENT_DIR = tmp_path
    settings.CONTENT_IMAGES_DIR = tmp_path / "images"
    assert ids() == ["content.E001"]


def test_an_images_folder_set_apart_that_is_not_there_is_warned_of(settings, tmp_path):
    settings.CONTENT_IMAGES_DIR = tmp_path / "imgaes"
    assert ids() == ["content.W001"]


def test_images_left_to_their_default_that_is_not_there_are_warned_of_naming_the_folder_beside(
    repository,
):
    [warning] = content_folders(None)
    assert warning.id == "content.W002"
    assert "every image will show as its description" in warning.msg
    assert warning.hint == (
        f"Set CONTENT_IMAGES_DIR={repository / 'images'}, the images folder beside the pages."
    )


def test_the_deploy_checks_fail_on_images_left_to_a_default_that_is_not_there(repository, db):
    with pytest.raises(SystemCheckError, match=r"content\.W002"):
        call_command("check", "--deploy", "--fail-level", "WARNING")


def test_images_set_to_the_folder_beside_the_pages_pass(repository, settings):
    settings.CONTENT_IMAGES_DIR = repository / "images"
    assert ids() == []


def test_without_the_content_folder_reminders_are_still_sent(content_gone, patient, mailoutbox):
    reminder(patient, "08:00")
    out = StringIO()
    call_command("sendreminders", "--now", EIGHT.isoformat(), skip_checks=False, stdout=out)
    assert len(mailoutbox) == 1
    assert "sent 1, failed 0, missed 0" in out.getvalue()


def test_without_the_content_folder_expired_sessions_are_still_cleared(content_gone, db):
    session = SessionStore()
    session["seen"] = True
    session.create()
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    call_command("clearsessions", skip_checks=False)
    assert not Session.objects.exists()


def test_without_the_content_folder_migrate_and_the_plain_checks_still_run(content_gone, db):
    call_command("check")
    call_command("migrate", "--check", skip_checks=False, verbosity=0)

"""The content folders named in the settings are checked by `manage.py check` and `migrate`."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from content.apps import content_folders


def ids() -> list[str]:
    return [message.id for message in content_folders(None)]


def test_the_projects_own_pages_pass(settings):
    assert ids() == []


def test_a_content_dir_that_is_not_there_stops_the_checks(settings, tmp_path, db):
    settings.CONTENT_DIR = tmp_path / "pages-contnet"
    settings.CONTENT_IMAGES_DIR = settings.CONTENT_DIR / "images"
    assert ids() == ["content.E001"]
    with pytest.raises(SystemCheckError, match=r"CONTENT_DIR \(.*pages-contnet\)"):
        call_command("check")


def test_a_folder_with_no_pages_in_it_is_refused_too(settings, tmp_path):
    settings.CONTENT_DIR = tmp_path
    settings.CONTENT_IMAGES_DIR = tmp_path / "images"
    assert ids() == ["content.E001"]


def test_an_images_folder_set_apart_that_is_not_there_is_warned_of(settings, tmp_path):
    settings.CONTENT_IMAGES_DIR = tmp_path / "imgaes"
    assert ids() == ["content.W001"]


def test_migrate_still_stops_on_a_content_dir_that_is_not_there(settings, tmp_path, db):
    settings.CONTENT_DIR = tmp_path / "pages-contnet"
    settings.CONTENT_IMAGES_DIR = settings.CONTENT_DIR / "images"
    with pytest.raises(SystemCheckError, match=r"content\.E001"):
        call_command("migrate", "--no-input", skip_checks=False, verbosity=0)

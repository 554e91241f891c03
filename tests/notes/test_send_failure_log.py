"""The line a failed reminder send leaves in the log: what failed, by its name, and nothing about
the person, their reminder or their health."""

import logging

import pytest

from notes.delivery import run_pass
from notes.models import Reminder
from tests.notes.test_delivery import EIGHT, reminder
from tests.toolkit.test_log_format import as_the_console_writes


class RefusingBackend:
    """A mail server that refuses the connection."""

    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def mail_server_refusing(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notes.test_send_failure_log.RefusingBackend"}}


def test_a_failed_send_names_the_error_and_not_the_person(patient, mail_server_refusing, caplog):
    stretches = reminder(patient, "08:00", kind=Reminder.CUSTOM, message="Take the blue pills")
    with caplog.at_level(logging.INFO):
        assert run_pass(EIGHT).failed == 1
    [record] = [record for record in caplog.records if record.name == "notes.delivery"]
    line = as_the_console_writes(record)
    assert line == (
        f"WARNING notes.delivery: reminder {stretches.id} at {EIGHT}: send failed "
        "(ConnectionRefusedError)"
    )
    assert patient.email not in caplog.text
    assert "blue pills" not in caplog.text

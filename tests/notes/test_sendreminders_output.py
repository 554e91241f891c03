"""What `sendreminders` says reaches its output at once, a pass asked for by hand always says what
it did, and a wrong --now or --interval is a usage error.

Under systemd its output is a pipe, which Python fills without passing anything on until the
buffer is full or the process ends cleanly; a service stopped with SIGTERM never does.
"""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tests.notes.test_delivery import EIGHT, loop_with, reminder


class Pipe:
    """A pipe as a service's standard output: buffered as Python buffers one, not a terminal."""

    def __init__(self):
        read_end, write_end = os.pipe()
        os.set_blocking(read_end, False)
        self.read_end = read_end
        self.writer = open(write_end, "w")  # noqa: SIM115 - closed by the fixture

    def arrived(self) -> str:
        """What has reached the other end, as the journal would read it."""
        try:
            return os.read(self.read_end, 65536).decode()
        except BlockingIOError:
            return ""


def sendreminders(*arguments: str) -> subprocess.CompletedProcess:
    """The command run as an operator runs it, in a process of its own."""
    return subprocess.run(
        [sys.executable, "manage.py", "sendreminders", *arguments],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def pipe():
    pipe = Pipe()
    yield pipe
    pipe.writer.close()
    os.close(pipe.read_end)


def test_a_single_pass_says_what_it_sent_at_once(patient, mailoutbox, pipe):
    reminder(patient, "08:00")
    call_command("sendreminders", "--now", EIGHT.isoformat(), stdout=pipe.writer)
    assert len(mailoutbox) == 1
    assert "sent 1, failed 0, missed 0" in pipe.arrived()


def test_a_pass_asked_for_with_nothing_due_says_it_sent_nothing_and_only_that(
    patient, mailoutbox, pipe
):
    reminder(patient, "09:00")
    call_command("sendreminders", "--now", "2025-06-02T08:00:00+01:00", stdout=pipe.writer)
    assert mailoutbox == []
    assert pipe.arrived() == "2025-06-02 07:00:00 UTC: sent 0, failed 0, missed 0\n"


def test_a_single_pass_with_once_says_what_it_did_too(db, frozen, pipe):
    frozen(EIGHT)
    call_command("sendreminders", "--once", stdout=pipe.writer)
    assert pipe.arrived() == "2025-06-02 07:00:00 UTC: sent 0, failed 0, missed 0\n"


def test_the_loop_says_it_started_and_what_each_pass_sent_before_it_is_stopped(
    patient, mailoutbox, monkeypatch, frozen, pipe
):
    from notes.delivery import run_pass

    reminder(patient, "08:00")
    frozen(EIGHT)

    def stopped(seconds):
        raise KeyboardInterrupt  # as systemd stops it, between passes

    loop_with(monkeypatch, run_pass, stopped)
    with pytest.raises(KeyboardInterrupt):
        call_command("sendreminders", stdout=pipe.writer)
    arrived = pipe.arrived()
    assert "Sending reminders" in arrived
    assert "sent 1, failed 0, missed 0" in arrived


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("2026-11-28T17:24:10", "needs an offset or Z, for example 2025-03-30T08:00:00Z"),
        ("yesterday", "must be an ISO-8601 date and time, not 'yesterday'"),
    ],
)
def test_an_instant_it_cannot_place_is_a_usage_error_not_a_traceback(value, said):
    result = sendreminders("--now", value)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("usage: manage.py sendreminders")
    assert result.stderr.rstrip().endswith(f"error: argument --now: {said}")


@pytest.mark.parametrize("value", ["-1", "0", "half a minute"])
def test_an_interval_below_one_second_is_refused_before_any_pass(value, monkeypatch):
    def no_pass(*args):
        raise AssertionError("a pass was made")

    loop_with(monkeypatch, no_pass, no_pass)
    said = f"argument --interval: must be a whole number of seconds, 1 or more, not '{value}'"
    with pytest.raises(CommandError, match=said):
        call_command("sendreminders", "--interval", value)


def test_a_negative_interval_is_a_usage_error_not_a_traceback():
    result = sendreminders("--interval", "-1")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith(
        "error: argument --interval: must be a whole number of seconds, 1 or more, not '-1'"
    )

"""Send reminder emails as they fall due. Safe to run on several machines at once."""

import argparse
import logging
import time
from datetime import UTC, datetime

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from notes.delivery import run_pass
from toolkit.lib.env import require_secret_key
from toolkit.observability import OUTAGES

log = logging.getLogger(__name__)


def instant(value: str) -> datetime:
    """The --now argument. argparse turns only ArgumentTypeError into a usage error; anything
    else it raises from here reaches the operator as a traceback."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be an ISO-8601 date and time, not {value!r}"
        ) from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError("needs an offset or Z, for example 2025-03-30T08:00:00Z")
    return parsed.astimezone(UTC)


def seconds(value: str) -> int:
    """The --interval argument: a pass every so many whole seconds, at least one. Below that,
    time.sleep refused a negative number with a traceback, and 0 made passes without a pause."""
    try:
        parsed = int(value)
    except ValueError:
        parsed = 0
    if parsed < 1:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of seconds, 1 or more, not {value!r}"
        )
    return parsed


class Command(BaseCommand):
    help = "Send due reminders: a pass every --interval seconds, or one pass with --once."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Make one pass and stop.")
        parser.add_argument(
            "--now",
            type=instant,
            help=(
                "Make one pass as if it were this instant (ISO-8601), to test delivery. It "
                "sends and records for real: use a copy of the database."
            ),
        )
        parser.add_argument(
            "--interval", type=seconds, default=30, help="Seconds between passes (1 or more)."
        )

    def handle(self, *args, once=False, now=None, interval=30, **options):
        # Every email signs its stop link: without a key each send would fail and be retried.
        require_secret_key()
        if once or now:
            # Asked for by a person, who is told what it did, nothing included.
            at = now or timezone.now()
            self.report(at, run_pass(at), always=True)
            return
        self.say("Sending reminders; stop with Ctrl+C.")
        while True:
            # Between passes the database may have restarted: never reuse a dead connection.
            close_old_connections()
            at = timezone.now()
            try:
                self.report(at, run_pass(at))
            except OUTAGES as error:  # the database away mid-pass: the next pass retries
                log.error("reminder pass stopped (%s); trying again", type(error).__name__)
            time.sleep(interval)

    def report(self, at: datetime, result, always: bool = False):
        """One line of counts: never a reminder's title, a person or an address."""
        if always or result.sent or result.failed or result.missed:
            self.say(
                f"{at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC: sent {result.sent}, "
                f"failed {result.failed}, missed {result.missed}"
            )

    def say(self, line: str) -> None:
        # Under systemd stdout is a pipe, whose buffer Python writes out only when it is full
        # or the process ends cleanly, which a service stopped with SIGTERM never does.
        self.stdout.write(line)
        self.stdout.flush()

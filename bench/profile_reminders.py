"""Time one pass of the reminder sender with nothing due, in-process.

Every pass, on every machine running `sendreminders`, reads every active reminder to find
what has fallen due, so its cost grows with the reminders of the whole site, not with the
machines. People with ten daily reminders each (--people, default 2,000: 20,000
reminders) in a throwaway test database, SQLite in memory by default or PostgreSQL with
DATABASE_URL (Django creates and drops `test_<name>`). A first pass gives every
occurrence of the last day its row, as a sender running all along has; then passes a
minute apart, each with nothing due, are timed. Prints best and median (wall clock and
CPU) and the pass's peak of Python memory.

    .venv/bin/python -m bench.profile_reminders [--people 2000] [--repeat 7]
"""

import argparse
import os
import random
import statistics
import tracemalloc
from datetime import UTC, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.settings")
os.environ.setdefault("SECRET_KEY", "profile-only-secret-key-" + "x" * 40)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django

django.setup()

from django.db import connection  # noqa: E402

from bench.timing import timed  # noqa: E402
from notes.delivery import run_pass  # noqa: E402
from notes.models import Reminder  # noqa: E402
from toolkit.models import User  # noqa: E402

SET_UP = datetime(2026, 3, 1, tzinfo=UTC)
NOW = datetime(2026, 3, 3, 12, 0, 30, tzinfo=UTC)  # a pass between two half-hours
ZONES = ["Europe/London", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]


def seed(people: int, rng: random.Random) -> None:
    User.objects.bulk_create(
        User(email=f"p{n}@example.com", display_name=f"P{n}", time_zone=rng.choice(ZONES))
        for n in range(people)
    )
    Reminder.objects.bulk_create(
        Reminder(
            patient=person,
            kind=Reminder.CUSTOM,
            message="Stretch",
            times=[f"{rng.randrange(6, 22):02d}:{rng.choice([0, 30]):02d}"],
            counts_from=SET_UP,
        )
        for person in User.objects.all()
        for _ in range(10)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        seed(args.people, random.Random(5))  # noqa: S311 - a repeatable record, not a secret
        run_pass(NOW - timedelta(minutes=1))  # every occurrence of the last day has its row
        pass_now = lambda: run_pass(NOW)  # noqa: E731
        wall, cpu = timed(pass_now, args.repeat)
        tracemalloc.start()
        pass_now()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"{Reminder.objects.count():,} reminders on {connection.vendor}, a pass with "
            f"nothing due (ms): best {min(wall):.0f}  median {statistics.median(wall):.0f}  "
            f"CPU best {min(cpu):.0f}  median {statistics.median(cpu):.0f}  "
            f"peak Python memory {peak / 2**20:.0f} MiB"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

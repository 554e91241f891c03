"""Several senders at once, each with its own database connection, on PostgreSQL (as CI runs)."""

import os
import re
import subprocess
import sys
import threading
from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection, connections

from notes.delivery import run_pass
from notes.models import Delivery, Reminder
from tests.conftest import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="runs on PostgreSQL, as CI does"),
]

EIGHT = datetime(2025, 6, 2, 7, tzinfo=UTC)
PATIENTS = 10
REMINDERS_EACH = 6
SENDERS = 4


def test_senders_running_at_once_send_each_occurrence_exactly_once(mailoutbox):
    for n in range(PATIENTS):
        patient = make_user(f"patient{n}@example.com")
        for m in range(REMINDERS_EACH):
            # Due at 07:30, 07:35, … 07:55 London time: all within the catch-up window at 08:00.
            Reminder.objects.create(
                patient=patient,
                kind=Reminder.CUSTOM,
                message=f"Reminder {m}",
                times=[f"07:{m * 5 + 30:02d}"],
                counts_from=datetime(2025, 6, 1, tzinfo=UTC),
            )
    expected = PATIENTS * REMINDERS_EACH
    start = threading.Barrier(SENDERS)
    results = []

    def sender():
        try:
            start.wait()
            results.append(run_pass(EIGHT))
        finally:
            connections.close_all()  # each thread had a connection of its own

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(results) == SENDERS
    assert sum(result.sent for result in results) == expected
    assert len(mailoutbox) == expected
    assert len({(m.to[0], m.subject) for m in mailoutbox}) == expected  # none twice
    assert Delivery.objects.filter(status=Delivery.SENT).count() == expected


def test_two_sendreminders_processes_at_once_send_each_occurrence_exactly_once():
    patient = make_user("patient@example.com")
    for m in range(REMINDERS_EACH):
        Reminder.objects.create(
            patient=patient,
            kind=Reminder.CUSTOM,
            message=f"Reminder {m}",
            times=[f"07:{m * 5 + 30:02d}"],
            counts_from=datetime(2025, 6, 1, tzinfo=UTC),
        )
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}"
        f":{db['PORT'] or 5432}/{db['NAME']}",
        "EMAIL_URL": "console://",  # each process prints what it sends
    }
    command = [sys.executable, "manage.py", "sendreminders", "--now", EIGHT.isoformat()]
    processes = [
        subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    printed = "".join(process.communicate(timeout=120)[0] for process in processes)
    assert all(process.returncode == 0 for process in processes)
    subjects = re.findall(r"^Subject: (.*)$", printed, re.MULTILINE)
    assert len(subjects) == REMINDERS_EACH
    assert Delivery.objects.filter(status=Delivery.SENT).count() == REMINDERS_EACH

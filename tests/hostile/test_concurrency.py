"""Presses that arrive at the same moment, each on its own connection (PostgreSQL only:
SQLite lets one writer in at a time, so nothing there can race)."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from tests.conftest import confirmed, grant_care, sign_in_as_carer
from tests.tracker import make
from toolkit.lib.tokens import new_token
from toolkit.models import AccessEvent, CareGrant
from tracker.models import Dose, Meal
from tracker.schedule import day_schedule

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need concurrent connections: run with DATABASE_URL=postgres://…",
    ),
]


def at_once(requests: list[tuple[Client, str, dict]]) -> list[int]:
    """Post every request from its own thread and connection, released together."""
    start = threading.Barrier(len(requests))
    statuses: list[int | Exception] = [0] * len(requests)

    def press(n, client, url, data):
        try:
            start.wait()
            statuses[n] = client.post(url, data).status_code
        except Exception as error:  # reported below, with the others
            statuses[n] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=press, args=(n, *request)) for n, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def clients(user, count: int) -> list[Client]:
    made = []
    for _ in range(count):
        client = Client()
        client.force_login(user)
        made.append(client)
    return made


def test_fifty_taken_presses_at_once_for_different_doses_record_fifty(patient):
    # One press a medicine: presses of one medicine within 2 minutes are one dose sent again
    # (tests/toolkit/test_back_and_send_again.py), not different doses.
    medications = [
        make.medication(patient, name=f"Medicine {n}", as_needed=True) for n in range(50)
    ]
    presses = [
        (client, "/my-tracker/doses/taken", {"medication": medication.pk, "token": uuid.uuid4()})
        for medication, client in zip(medications, clients(patient, 50), strict=True)
    ]
    assert at_once(presses) == [302] * 50
    assert Dose.objects.filter(patient=patient).count() == 50
    for medication in medications:
        assert Dose.objects.filter(medication=medication).count() == 1


def test_one_row_pressed_on_several_devices_at_once_records_one_dose(patient, carer):
    grant_care(patient, carer, tracker="edit")
    medication = make.medication(patient, schedule=["08:00"])
    [row] = day_schedule([medication], patient.local_today(), patient.zone)
    carers = [sign_in_as_carer(Client(), carer, patient) for _ in range(4)]
    # Confirmed, as "Yes, I took it now" sends it: 08:00 may be hours from when this runs.
    data = {"medication": medication.pk, "scheduled_for": row.at.isoformat(), **confirmed()}
    presses = [
        (client, "/my-tracker/doses/taken", {**data, "token": uuid.uuid4()})
        for client in [*clients(patient, 4), *carers]
    ]
    assert at_once(presses) == [302] * 8
    assert Dose.objects.filter(patient=patient).count() == 1


@pytest.mark.parametrize(
    "url,data,model",
    [
        ("/my-tracker/doses/taken", {"medication": None}, Dose),
        ("/my-tracker/meals/ate", {"protein_rich": "on"}, Meal),
    ],
    ids=["Taken", "I ate"],
)
def test_the_same_press_arriving_several_times_at_once_records_one(patient, url, data, model):
    medication = make.medication(patient, as_needed=True)
    token = uuid.uuid4()
    data = {**data, "token": token} | (
        {"medication": medication.pk} if "medication" in data else {}
    )
    assert at_once([(client, url, data) for client in clients(patient, 8)]) == [302] * 8
    assert model.objects.filter(patient=patient, token=token).count() == 1


def test_an_invitation_accepted_twice_at_once_is_accepted_once(patient, carer):
    raw, token_hash = new_token()
    grant = CareGrant.objects.create(
        patient=patient,
        email=carer.email,
        token_hash=token_hash,
        expires_at=timezone.now() + timedelta(days=7),
    )
    statuses = at_once([(c, f"/account/invitation/{raw}", {}) for c in clients(carer, 4)])
    assert sorted(statuses)[0] == 302 and set(statuses) <= {302, 410}
    grant.refresh_from_db()
    assert grant.carer == carer and grant.revoked_at is None and grant.token_hash is None
    assert CareGrant.objects.current().filter(patient=patient, carer=carer).count() == 1
    accepted = AccessEvent.objects.filter(patient=patient, what=f"{carer.email} accepted")
    assert accepted.count() == 1

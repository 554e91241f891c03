"""Invitations accepted at the same moment, each on its own connection (PostgreSQL only, as
in tests/hostile/test_concurrency.py)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.hostile.test_concurrency import at_once, clients
from toolkit.lib.tokens import new_token
from toolkit.models import CareGrant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="races need concurrent connections: run with DATABASE_URL=postgres://…",
    ),
]


def invitation(patient, email="john@example.com") -> str:
    raw, token_hash = new_token()
    CareGrant.objects.create(
        patient=patient,
        email=email,
        token_hash=token_hash,
        expires_at=timezone.now() + timedelta(days=7),
    )
    return f"/account/invitation/{raw}"


def test_two_invitations_to_one_person_accepted_at_once_let_one_person_in(patient, carer, stranger):
    # The second link forwarded to someone else, both pressed at the same moment.
    first, second = invitation(patient), invitation(patient)
    [client] = clients(carer, 1)
    [other] = clients(stranger, 1)
    statuses = at_once([(client, first, {}), (other, second, {})])
    assert sorted(statuses) == [302, 410]
    assert CareGrant.objects.current().filter(patient=patient).count() == 1
    assert not CareGrant.objects.pending().exists()

"""The benchmark's seeded records are records the app reads as its own: a column the seed
leaves out, or fills differently from the app, would measure pages no patient sees."""

from datetime import timedelta

import pytest
from django.db import connection

from bench.seed import measured_patient, seed
from tracker.models import Dose, Medication
from tracker.summary import Summary

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the seed uses PostgreSQL's COPY: run with DATABASE_URL=postgres://…",
    ),
]


def test_every_seeded_dose_fills_its_scheduled_time_on_the_summary():
    seed(patients=2, days=3)
    patient = measured_patient()
    Medication.objects.get(patient=patient).full_clean()
    yesterday = patient.local_today() - timedelta(days=1)
    summary = Summary.build(patient, yesterday - timedelta(days=2), yesterday, with_notes=False)
    cells = [cell for row in summary.schedule_rows for cell in row.cells]
    assert len(cells) == 3 * 10
    assert all(cells)
    assert not summary.unscheduled_doses
    assert Dose.objects.filter(patient=patient).count() == 3 * 10


def test_the_signed_in_pages_measured_answer_for_the_seeded_patient(client):
    seed(patients=1, days=2)
    client.force_login(measured_patient())
    for path in ["/my-tracker", "/my-tracker/summary?days=5", "/my-tracker/summary.pdf?days=5"]:
        assert client.get(path).status_code == 200, path

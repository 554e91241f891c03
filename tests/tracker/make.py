"""Small makers for tracker records in tests; times are given in UTC."""

from datetime import UTC, datetime

from tracker.models import Dose, Meal, Medication, SymptomEpisode


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def medication(patient, name="Co-careldopa", schedule=("07:00", "11:00", "15:00", "19:00"), **kw):
    return Medication.objects.create(
        patient=patient, name=name, dose="1 tablet", schedule=list(schedule), **kw
    )


def dose(patient, med, taken_at, scheduled_for=None):
    return Dose.objects.create(
        patient=patient, medication=med, taken_at=taken_at, scheduled_for=scheduled_for
    )


def episode(patient, started_at, ended_at=None, **kw):
    fields = {"severity": "moderate", "motor_state": "off", "body_sites": ["foot"], **kw}
    return SymptomEpisode.objects.create(
        patient=patient, started_at=started_at, ended_at=ended_at, **fields
    )


def meal(patient, eaten_at, protein_rich=False):
    return Meal.objects.create(patient=patient, eaten_at=eaten_at, protein_rich=protein_rich)

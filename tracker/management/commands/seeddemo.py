"""Five days of realistic records for the demo account, ending yesterday (used by `make run`)."""

import random
from datetime import date, datetime, time, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from toolkit.lib.local_time import instant_at
from toolkit.management.commands.demoaccount import DEMO_EMAIL
from toolkit.models import User
from toolkit.records_version import records_changed
from tracker import schedule, slots
from tracker.models import DiaryEntry, Dose, Meal, Medication, SymptomEpisode

DAYS = 5
LEVODOPA_TIMES = ("07:00", "11:00", "15:00", "19:00")
# A day of a person whose levodopa wears off before each dose: (local from, state).
DAY_PLAN = [
    ("00:00", "asleep"),
    ("06:00", "off"),
    ("07:30", "on"),
    ("09:00", "on_nontroublesome"),
    ("10:00", "on"),
    ("10:30", "off"),
    ("11:30", "on"),
    ("13:00", "on_nontroublesome"),
    ("14:00", "on"),
    ("14:30", "off"),
    ("15:30", "on_troublesome"),
    ("16:00", "on"),
    ("18:30", "off"),
    ("19:30", "on"),
    ("22:30", "asleep"),
]


class Command(BaseCommand):
    help = "Give the demo account five days of records ending yesterday, replacing earlier ones."

    def handle(self, *args, **options):
        call_command("demoaccount", stdout=self.stdout)
        patient = User.objects.get(email=DEMO_EMAIL)
        today = patient.local_today()
        with transaction.atomic():
            # The medicines it replaces are gone: their reminders stop, as when one is stopped.
            for medication in Medication.objects.filter(patient=patient, stopped_at=None):
                medication.stopped_at = timezone.now()
                medication.tell_reminders()
            for model in (
                Medication,
                DiaryEntry,
                SymptomEpisode,
                Meal,
            ):  # doses go with medications
                model.objects.filter(patient=patient).delete()
            seed(patient, [today - timedelta(days=n) for n in range(DAYS, 0, -1)])
            records_changed(patient.pk)
        self.stdout.write(f"Seeded {DAYS} days of records for {DEMO_EMAIL}, ending yesterday.")


def seed(patient: User, days: list[date]) -> None:
    zone = patient.zone
    first = days[0]
    start = slots.day_start(first, zone) - timedelta(days=1)
    levodopa = Medication.objects.create(
        patient=patient,
        name="Co-careldopa (Sinemet)",
        dose="1 tablet of 25 mg / 100 mg",
        schedule=list(LEVODOPA_TIMES),
        recorded_by=patient,
        recorded_at=start,
    )
    rasagiline = Medication.objects.create(
        patient=patient,
        name="Rasagiline",
        dose="1 mg",
        schedule=["08:00"],
        recorded_by=patient,
        recorded_at=start,
    )
    # As the medication pages do: reminders learn each schedule, so the demo can set one.
    levodopa.tell_reminders()
    rasagiline.tell_reminders()
    doses, episodes, meals, entries = [], [], [], []
    for day in days:
        rng = random.Random(day.toordinal())  # the same demo every run  # noqa: S311

        def at(clock: str, jitter: int = 0, day=day, rng=rng) -> datetime:
            moment = instant_at(day, time.fromisoformat(clock), zone)
            return moment + timedelta(minutes=rng.randint(-jitter, jitter))

        for medication, times in ((levodopa, LEVODOPA_TIMES), (rasagiline, ("08:00",))):
            for clock in times:
                taken_at = at(clock, 25)
                doses.append(
                    record(
                        Dose,
                        patient,
                        taken_at,
                        medication=medication,
                        taken_at=taken_at,
                        scheduled_for=schedule.match(medication, taken_at, zone),
                    )
                )
        started = at("06:10", 15)
        episodes.append(
            record(
                SymptomEpisode,
                patient,
                started,
                started_at=started,
                ended_at=started + timedelta(minutes=rng.randint(20, 45)),
                body_sites=["toes", "foot"],
                side="left",
                severity=rng.choice(["moderate", "severe"]),
                pain=rng.randint(4, 8),
                motor_state="off",
                relief=["stretching", "medication"],
            )
        )
        if rng.random() < 0.6:
            started = at("14:40", 10)
            episodes.append(
                record(
                    SymptomEpisode,
                    patient,
                    started,
                    started_at=started,
                    ended_at=started + timedelta(minutes=rng.randint(10, 30)),
                    body_sites=["foot"],
                    side="left",
                    severity="mild",
                    pain=2,
                    motor_state="wearing_off",
                    relief=["moving"],
                )
            )
        for clock, protein in (("08:15", False), ("12:45", True), ("18:45", True)):
            eaten_at = at(clock, 15)
            meals.append(record(Meal, patient, eaten_at, eaten_at=eaten_at, protein_rich=protein))
        entries += diary_day(patient, day)
    Dose.objects.bulk_create(doses)
    SymptomEpisode.objects.bulk_create(episodes)
    Meal.objects.bulk_create(meals)
    DiaryEntry.objects.bulk_create(entries)


def record(model, patient: User, happened: datetime, **fields):
    """A record entered a few minutes after it happened, by the patient."""
    return model(
        patient=patient, recorded_by=patient, recorded_at=happened + timedelta(minutes=4), **fields
    )


def diary_day(patient: User, day: date) -> list[DiaryEntry]:
    zone = patient.zone
    plan = [(instant_at(day, time.fromisoformat(clock), zone), state) for clock, state in DAY_PLAN]
    entries = []
    for slot in slots.day_slots(day, zone):
        state = [state for begin, state in plan if begin <= slot.start][-1]
        entries.append(
            DiaryEntry(
                patient=patient,
                slot_start=slot.start,
                state=state,
                recorded_by=patient,
                recorded_at=slot.end + timedelta(minutes=10),
            )
        )
    return entries

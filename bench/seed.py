"""Seed the benchmark database: many patients, each with months of dense records.

Dense means every diary slot filled, 10 doses, 10 episodes and 3 meals a day. People go in with
PostgreSQL's COPY; their records are generated inside PostgreSQL, millions of rows
in a minute or two where the ORM would take far longer.

    python -m bench.seed --patients 1000 --days 90
"""

import argparse
import json
import os
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from toolkit.models import User  # noqa: E402
from tracker.models import Dose, Medication  # noqa: E402

PASSWORD = "bench-password"  # noqa: S105 - throwaway accounts in a throwaway database
ZONE = ZoneInfo("Europe/London")
DOSE_TIMES = [
    "06:30",
    "08:00",
    "09:30",
    "11:00",
    "12:30",
    "14:00",
    "15:30",
    "17:00",
    "18:30",
    "20:00",
]


def email(n: int) -> str:
    return f"bench-{n:05d}@example.com"


def measured_patient() -> User | None:
    """The seeded patient every signed-in row and profile measures (the last), without any
    dose pressed for them (seeded doses carry no token): until the "Taken" rows pressed for a
    patient of their own, they pressed for this one, and a database seeded then may hold
    thousands of such doses on one day, which no patient has."""
    patient = User.objects.filter(email__startswith="bench-").order_by("email").last()
    if patient is not None:
        Dose.objects.filter(patient=patient, token__isnull=False).delete()
    return patient


# The "Taken" rows press for a patient of their own, a different medicine each time: doses of
# one medicine within 2 minutes of each other are one dose sent twice, so hundreds of presses
# a second for one medicine would record one dose and time "already recorded" for the rest.
# More medicines than the fastest machine presses in a row and its warm-up; what a patient of
# this many medicines costs is not what is measured (the home page is another patient's).
PRESSES_EMAIL = "presses@bench.example.com"
PRESS_MEDICINES = 20_000


def press_patient() -> tuple[User, list[str]]:
    """The patient the "Taken" rows press for, and their medicines' ids, each with the seeded
    times; doses an earlier run pressed are cleared away, so none is a twin of a new one."""
    patient, _ = User.objects.get_or_create(
        email=PRESSES_EMAIL, defaults={"display_name": "Presses", "time_zone": ZONE.key}
    )
    Dose.objects.filter(patient=patient).delete()
    have = Medication.objects.filter(patient=patient).count()
    Medication.objects.bulk_create(
        Medication(
            patient=patient,
            recorded_by=patient,
            name=f"Medicine {n:05d}",
            dose="25 mg / 100 mg",
            schedule=DOSE_TIMES,
        )
        for n in range(have, PRESS_MEDICINES)
    )
    ids = Medication.objects.filter(patient=patient).order_by("name").values_list("id", flat=True)
    return patient, [str(pk) for pk in ids]


def copy_rows(model, columns: list[str], rows) -> int:
    table = model._meta.db_table
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.connection.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def seed(patients: int, days: int) -> None:
    password = make_password(PASSWORD)
    now = datetime.now(UTC)
    end = now.astimezone(ZONE).date()  # today: records run up to yesterday
    first = end - timedelta(days=days)
    people = [uuid.uuid4() for _ in range(patients)]
    medications = {p: uuid.uuid4() for p in people}

    copy_rows(
        User,
        [
            "id",
            "password",
            "email",
            "display_name",
            "time_zone",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
        ],
        (
            (p, password, email(n), f"Patient {n}", ZONE.key, True, False, False, now)
            for n, p in enumerate(people)
        ),
    )
    copy_rows(
        Medication,
        [
            "id",
            "patient_id",
            "recorded_at",
            "recorded_by_id",
            "name",
            "dose",
            "schedule",
            "earlier_schedules",
            "as_needed",
        ],
        (
            (
                medications[p],
                p,
                now,
                p,
                "Co-careldopa",
                "25 mg / 100 mg",
                json.dumps(DOSE_TIMES),
                # No earlier schedule: these times have held on every seeded day.
                "[]",
                False,
            )
            for p in people
        ),
    )

    # The records themselves are generated inside PostgreSQL: far faster than sending rows.
    params = {"first": first, "end": end, "zone": ZONE.key, "now": now, "times": DOSE_TIMES}
    counts = {what: run(sql, params) for what, sql in RECORDS.items()}
    print(
        f"seeded {patients} patients x {days} days: "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
    )


def run(sql: str, params: dict) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# Each local day, in the patient's zone, of the seeded range.
DAYS = """
    SELECT u.id AS patient_id, d::date AS day
    FROM toolkit_user u, generate_series(%(first)s::date, %(end)s::date - 1, '1 day') d
    WHERE u.email LIKE 'bench-%%'
"""
# Each dose time of each day, as a UTC instant.
DOSE_INSTANTS = f"""
    SELECT days.patient_id, m.id AS medication_id,
           ((days.day + t::time) AT TIME ZONE %(zone)s) AS scheduled
    FROM ({DAYS}) days
    JOIN tracker_medication m ON m.patient_id = days.patient_id,
    unnest(%(times)s::text[]) t
"""
RECORDS = {
    "diary slots": f"""
        INSERT INTO tracker_diaryentry
            (id, patient_id, recorded_at, recorded_by_id, slot_start, state)
        SELECT gen_random_uuid(), days.patient_id, s, days.patient_id, s,
               CASE WHEN extract(hour FROM s AT TIME ZONE %(zone)s) < 7
                      OR extract(hour FROM s AT TIME ZONE %(zone)s) >= 23 THEN 'asleep'
                    ELSE (ARRAY['off', 'on', 'on', 'on', 'on_nontroublesome', 'on_troublesome'])
                         [1 + floor(random() * 6)::int] END
        FROM ({DAYS}) days,
        generate_series((days.day::timestamp AT TIME ZONE %(zone)s),
                        ((days.day + 1)::timestamp AT TIME ZONE %(zone)s) - interval '30 minutes',
                        interval '30 minutes') s
    """,
    "doses": f"""
        INSERT INTO tracker_dose (id, patient_id, recorded_at, recorded_by_id, medication_id,
                                  taken_at, scheduled_for)
        SELECT gen_random_uuid(), patient_id, taken, patient_id, medication_id, taken, scheduled
        FROM (SELECT *, scheduled + (floor(random() * 60) - 10) * interval '1 minute' AS taken
              FROM ({DOSE_INSTANTS}) i) doses
    """,
    "episodes": f"""
        INSERT INTO tracker_symptomepisode (id, patient_id, recorded_at, recorded_by_id, symptom,
            started_at, ended_at, severity, motor_state, body_sites, side, pain, relief, note)
        SELECT gen_random_uuid(), patient_id, started, patient_id, 'dystonia', started,
               started + (5 + floor(random() * 35)) * interval '1 minute',
               (ARRAY['mild', 'moderate', 'severe'])[1 + floor(random() * 3)::int],
               (ARRAY['on', 'off', 'wearing_off'])[1 + floor(random() * 3)::int],
               '["foot", "toes"]'::jsonb, 'left', floor(random() * 11)::int,
               '["stretching"]'::jsonb, ''
        FROM (SELECT *, scheduled + (60 + floor(random() * 20)) * interval '1 minute' AS started
              FROM ({DOSE_INSTANTS}) i) episodes
    """,
    "meals": f"""
        INSERT INTO tracker_meal
            (id, patient_id, recorded_at, recorded_by_id, eaten_at, protein_rich)
        SELECT gen_random_uuid(), days.patient_id, eaten, days.patient_id, eaten, t = '18:45'
        FROM ({DAYS}) days, unnest(ARRAY['08:15', '12:45', '18:45']) t,
        LATERAL (SELECT (days.day + t::time) AT TIME ZONE %(zone)s AS eaten) e
    """,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=1000)
    parser.add_argument("--days", type=int, default=90)
    args = parser.parse_args()
    if User.objects.filter(email=email(args.patients - 1)).exists():
        print("already seeded")
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Skip per-row foreign-key triggers: the rows are consistent by construction,
            # and checking them would triple the time. Needs a superuser, as in `make bench`.
            cursor.execute("SET LOCAL session_replication_role = replica")
        seed(args.patients, args.days)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()

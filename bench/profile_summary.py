"""Time the clinician summary in-process: Summary.build, the HTML page and the PDF.

One patient with 5 dense days (every diary slot, 10 doses, 10 episodes and 3 meals a
day, as `bench.seed` makes them) in a throwaway test database, SQLite in memory by
default or PostgreSQL with DATABASE_URL (Django creates and drops `test_<name>`).
Prints best and median of each over --repeat runs (wall clock and CPU), the number
of Python function calls in one run (steady however busy the machine is), then the
top functions of one run under cProfile.

    .venv/bin/python -m bench.profile_summary [--repeat 15] [--profile html|pdf|build|none]

"html" and "pdf" are made from scratch each time, as on the first request after a change
to the records; the "kept" rows are the requests after that.

The budgets (HTML p99 < 150 ms, PDF < 1.5 s) are checked under load by `make bench`;
this script is for finding where the time goes, one request at a time.
"""

import argparse
import cProfile
import os
import pstats
import random
import statistics
from datetime import UTC, date, datetime, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toolkit.settings")
os.environ.setdefault("SECRET_KEY", "profile-only-secret-key-" + "x" * 40)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from bench.timing import timed  # noqa: E402
from toolkit.models import User  # noqa: E402
from tracker import slots  # noqa: E402
from tracker.models import DiaryEntry, Dose, Meal, Medication, SymptomEpisode  # noqa: E402
from tracker.summary import Summary  # noqa: E402
from tracker.summary_formats import as_pdf  # noqa: E402

DAYS = 5
FIRST = date(2026, 3, 2)
DOSE_TIMES = ["06:30", "08:00", "09:30", "11:00", "12:30", "14:00", "15:30", "17:00", "18:30"]
DOSE_TIMES += ["20:00"]
AWAKE_STATES = ["off", "on", "on", "on", "on_nontroublesome", "on_troublesome"]


def seed(rng: random.Random) -> User:
    """The densest record the summary is budgeted for, like one `bench.seed` patient."""
    patient = User.objects.create_user("profile@example.com", "x", display_name="Patient")
    zone = patient.zone
    med = Medication.objects.create(
        patient=patient, name="Co-careldopa", dose="25 mg / 100 mg", schedule=DOSE_TIMES
    )
    entries, doses, episodes, meals = [], [], [], []

    def by(instant):
        # Recorded by the patient as it happened: nothing recalled.
        return {"patient": patient, "recorded_at": instant, "recorded_by": patient}

    for n in range(DAYS):
        day = FIRST + timedelta(days=n)
        for slot in slots.day_slots(day, zone):
            hour = slot.local_start.hour
            state = "asleep" if hour < 7 or hour >= 23 else rng.choice(AWAKE_STATES)
            entries.append(DiaryEntry(slot_start=slot.start, state=state, **by(slot.start)))
        for wall in med.schedule_times:
            scheduled = datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)
            taken = scheduled + timedelta(minutes=rng.randrange(-10, 50))
            started = scheduled + timedelta(minutes=60 + rng.randrange(20))
            doses.append(Dose(medication=med, taken_at=taken, scheduled_for=scheduled, **by(taken)))
            episodes.append(
                SymptomEpisode(
                    started_at=started,
                    ended_at=started + timedelta(minutes=5 + rng.randrange(35)),
                    severity=rng.choice(["mild", "moderate", "severe"]),
                    motor_state=rng.choice(["on", "off", "wearing_off"]),
                    body_sites=["foot", "toes"],
                    side="left",
                    pain=rng.randrange(11),
                    relief=["stretching"],
                    **by(started),
                )
            )
        for wall in ("08:15", "12:45", "18:45"):
            eaten = datetime.combine(day, datetime.strptime(wall, "%H:%M").time(), tzinfo=zone)
            meals.append(Meal(eaten_at=eaten, protein_rich=wall == "18:45", **by(eaten)))
    for model, rows in ((DiaryEntry, entries), (Dose, doses), (SymptomEpisode, episodes)):
        model.objects.bulk_create(rows)
    Meal.objects.bulk_create(meals)
    return patient


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", choices=["html", "pdf", "build", "none"], default="html")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        with override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ):
            run(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(args) -> None:
    patient = seed(random.Random(5))  # noqa: S311 - a repeatable record, not a secret
    client = Client()
    client.force_login(patient)
    query = f"start={FIRST}&days={DAYS}"
    last = FIRST + timedelta(days=DAYS - 1)

    def get(path, kept=False):
        def action():
            if not kept:  # as on the first request after a change to the records
                caches["summaries"].clear()
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        return action

    html_page = get(f"/my-tracker/summary?{query}")
    pdf_page = get(f"/my-tracker/summary.pdf?{query}")
    print_html = pdf_html(patient, last)
    actions = {
        "build": lambda: Summary.build(patient, FIRST, last),
        "html": html_page,
        "html, kept": get(f"/my-tracker/summary?{query}", kept=True),
        "pdf": pdf_page,
        "pdf, kept": get(f"/my-tracker/summary.pdf?{query}", kept=True),
        "weasyprint alone": lambda: as_pdf(print_html),
    }
    print(f"{DAYS} dense days on {connection.vendor}, {args.repeat} runs each (ms):")
    for name, action in actions.items():
        quick = name in ("build", "html") or "kept" in name
        repeat = args.repeat if quick else max(3, args.repeat // 3)
        wall, cpu = timed(action, repeat)
        print(
            f"  {name:17} best {min(wall):7.1f}  median {statistics.median(wall):7.1f}"
            f"  CPU best {min(cpu):7.1f}  median {statistics.median(cpu):7.1f}"
            f"  calls {python_calls(action):>9,}"
        )
    sizes = (len(html_page().content) // 1024, len(pdf_page().content) // 1024)
    print("  HTML {} KiB, PDF {} KiB".format(*sizes))

    if args.profile != "none":
        profiler = cProfile.Profile()
        profiler.runcall(actions[args.profile])
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


def python_calls(action) -> int:
    """Python function calls in one run: a measure of work that other load cannot disturb."""
    profiler = cProfile.Profile()
    profiler.runcall(action)
    return pstats.Stats(profiler).total_calls


def pdf_html(patient: User, last: date) -> str:
    """The print page the PDF view hands to WeasyPrint, to time WeasyPrint by itself."""
    from django.template.loader import render_to_string

    summary = Summary.build(patient, FIRST, last)
    return render_to_string("tracker/summary_pdf.html", {"summary": summary})


if __name__ == "__main__":
    main()

"""Time the most-visited pages in-process, as `make bench` configures the app.

The anonymous information page, the trivial view signed in, the tracker home, yesterday's
day view, the "Taken" POST and the summary (as kept after its first request), each requested
--repeat times with Django's test client against the benchmark database (`make bench`
seeds it; `python -m bench.seed` does the same), signed in as the patient
`bench.session` uses. Prints best and median wall-clock
and CPU milliseconds, queries per request, and the number of Python function calls
in one request (steady however busy the machine is), then each page's mean CPU time
split into building SQL, running it, rendering templates and the rest (`bench.cpu_split`);
--profile PAGE adds cProfile's top functions for that page.

    .venv/bin/python -m bench.profile_pages [--repeat 30] [--profile PAGE]

Doses the "Taken" requests make are deleted again at the end.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import uuid
from datetime import timedelta

from bench.run import endpoints, environment

os.environ.update(environment())
os.environ["ALLOWED_HOSTS"] += ",testserver"
os.environ.setdefault("REQUEST_LOG_LEVEL", "WARNING")  # one line per request, not worth reading

import django

django.setup()

from django.contrib.messages.storage.cookie import CookieStorage  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.cpu_split import PARTS, CpuSplit, split  # noqa: E402
from bench.seed import measured_patient  # noqa: E402
from bench.timing import timed  # noqa: E402
from toolkit.models import User  # noqa: E402
from tracker.models import Dose, Medication  # noqa: E402


def pages(patient: User, medication: Medication, tokens: list[str]) -> dict:
    paths = {e.name: e.path for e in endpoints()}
    yesterday = patient.local_today() - timedelta(days=1)

    def taken():
        token = str(uuid.uuid4())
        tokens.append(token)
        # Confirmed, as `make bench` sends it (bench/post_dose.lua): each press records a dose.
        return {"medication": str(medication.pk), "token": token, "confirmed": "yes"}

    return {
        "trivial": ("get", paths["trivial Django view (ceiling)"], None, False),
        "information": ("get", paths["information page (anonymous)"], None, False),
        # What every signed-in request pays before its page does anything.
        "signed in": ("get", paths["trivial Django view, signed in"], None, True),
        "empty page": ("get", paths["empty page, signed in"], None, True),
        "home": ("get", "/my-tracker", None, True),
        "day": ("get", f"/my-tracker/day/{yesterday}", None, True),
        "taken": ("post", "/my-tracker/doses/taken", taken, True),
        "summary": ("get", paths["summary HTML (5 days)"], None, True),
    }


def request(client: Client, method: str, path: str, data) -> None:
    response = getattr(client, method)(path, data() if data else None)
    if response.status_code != (302 if method == "post" else 200):
        raise SystemExit(f"{method.upper()} {path} answered {response.status_code}")
    # A browser shows the message a "Taken" leaves on the page it goes to next. Never shown
    # here, the messages would pile up in the cookie, and each request would carry them all.
    client.cookies.pop(CookieStorage.cookie_name, None)


def count_queries(action) -> int:
    """Counted as they run: Django empties connection.queries as each request starts."""
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        action()
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--profile",
        choices=["signed in", "empty page", "home", "day", "taken", "information", "summary"],
    )
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()

    patient = measured_patient()
    if patient is None:
        raise SystemExit("no bench patients: run `python -m bench.seed --patients 50` first")
    medication = Medication.objects.filter(patient=patient).first()
    signed_in, anonymous = Client(), Client()
    signed_in.force_login(patient)
    tokens: list[str] = []
    cpu_split = CpuSplit()
    cpu_split.install()
    splits = {}
    try:
        print(f"{connection.vendor}, {args.repeat} requests each (ms):")
        for name, (method, path, data, needs_login) in pages(patient, medication, tokens).items():
            client = signed_in if needs_login else anonymous

            def action(client=client, method=method, path=path, data=data):
                request(client, method, path, data)

            wall, cpu = timed(action, args.repeat)
            queries = count_queries(action)
            profiler = cProfile.Profile()
            profiler.runcall(action)
            print(
                f"  {name:12} best {min(wall):6.1f}  median {statistics.median(wall):6.1f}"
                f"  CPU best {min(cpu):6.1f}  median {statistics.median(cpu):6.1f}"
                f"  queries {queries:2}  calls {pstats.Stats(profiler).total_calls:>7,}"
            )
            splits[name] = split(action, args.repeat, cpu_split)
            if name == args.profile:
                stats = pstats.Stats(profiler)
                stats.sort_stats("cumulative").print_stats(args.top)
                stats.sort_stats("tottime").print_stats(args.top)
        columns = (*PARTS, "the rest", "total")
        print("\nmean CPU ms per request, by part:")
        print(f"  {'':12}" + "".join(f"{column:>14}" for column in columns))
        for name, means in splits.items():
            print(f"  {name:12}" + "".join(f"{means[column]:14.2f}" for column in columns))
    finally:
        Dose.objects.filter(patient=patient, token__in=tokens).delete()


if __name__ == "__main__":
    main()

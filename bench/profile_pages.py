"""Time the most-visited pages in-process, as `make bench` configures the app.

The anonymous information page, the trivial view signed in, the tracker home, yesterday's
day view, the "Taken" POST and the summary (as kept after its first request), each requested
--repeat times with Django's test client against the benchmark database (`make bench`
seeds it; `python -m bench.seed` does the same), signed in as the patient
`bench.session` uses ("Taken" as the patient it presses for, a first dose of a medicine each
time). Prints best and median wall-clock
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
from collections.abc import Iterator
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
from bench.seed import measured_patient, press_patient  # noqa: E402
from bench.timing import timed  # noqa: E402
from toolkit.models import User  # noqa: E402
from tracker.models import Dose  # noqa: E402


def pages(patient: User, medicines: Iterator[str], pressed: list[str]) -> dict:
    paths = {e.name: e.path for e in endpoints()}
    yesterday = patient.local_today() - timedelta(days=1)

    def taken():
        # As `make bench` presses (bench/post_dose.lua): a first "Taken" of a medicine.
        pressed.append(next(medicines))
        return {"medication": pressed[-1], "token": str(uuid.uuid4())}

    return {
        "trivial": ("get", paths["trivial Django view (ceiling)"], None, None),
        "information": ("get", paths["information page (anonymous)"], None, None),
        # What every signed-in request pays before its page does anything.
        "signed in": ("get", paths["trivial Django view, signed in"], None, "patient"),
        "empty page": ("get", paths["empty page, signed in"], None, "patient"),
        "home": ("get", "/my-tracker", None, "patient"),
        "day": ("get", f"/my-tracker/day/{yesterday}", None, "patient"),
        "taken": ("post", "/my-tracker/doses/taken", taken, "presses"),
        "summary": ("get", paths["summary HTML (5 days)"], None, "patient"),
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
    presses, medicines = press_patient()
    clients = {None: Client(), "patient": Client(), "presses": Client()}
    clients["patient"].force_login(patient)
    clients["presses"].force_login(presses)
    pressed: list[str] = []
    cpu_split = CpuSplit()
    cpu_split.install()
    splits = {}
    try:
        print(f"{connection.vendor}, {args.repeat} requests each (ms):")
        for name, (method, path, data, who) in pages(patient, iter(medicines), pressed).items():
            client = clients[who]

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
        # A press answered "already recorded" redirects too: each must have recorded a dose.
        if (recorded := Dose.objects.filter(patient=presses).count()) < len(pressed):
            missing = len(pressed) - recorded
            raise SystemExit(f"{missing} of {len(pressed)} presses recorded nothing")
    finally:
        Dose.objects.filter(patient=presses).delete()


if __name__ == "__main__":
    main()

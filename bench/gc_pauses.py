"""Time the garbage collector's pauses in a worker making summaries afresh.

Loads the app as gunicorn's workers do (`bench.wsgi`, whose warm-up freezes what it made out
of the collector's reach), then asks for --count summaries of 5 random earlier days of the
patient `bench.session` uses, as the "made afresh" row of `make bench` does, and prints the
collections of each generation (count, slowest, total ms) and the requests' p50 and p99.
--unfrozen undoes the freeze first, to see what it saves. Needs the benchmark database
(`make bench` seeds it).

    .venv/bin/python -m bench.gc_pauses [--count 150] [--unfrozen]
"""

import argparse
import gc
import os
import random
import time
from datetime import timedelta

from bench.run import environment

os.environ.update(environment())
os.environ["ALLOWED_HOSTS"] += ",testserver"
os.environ["REQUEST_LOG_LEVEL"] = "WARNING"

from django.test import Client

import bench.wsgi  # noqa: F401 - the app loaded and warmed up, as in a worker
from bench.seed import measured_patient


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--unfrozen", action="store_true")
    args = parser.parse_args()
    if args.unfrozen:
        gc.unfreeze()

    patient = measured_patient()
    client = Client()
    client.force_login(patient)
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    began = []

    def timed(phase, info):
        if phase == "start":
            began.append(time.perf_counter())
        else:
            pauses[info["generation"]].append((time.perf_counter() - began.pop()) * 1000)

    gc.callbacks.append(timed)
    today = patient.local_today()
    rng = random.Random(8)  # noqa: S311 - a repeatable choice of days, not a secret
    wall = []
    for _ in range(args.count):
        start = today - timedelta(days=rng.randint(6, 89))
        begin = time.perf_counter()
        response = client.get(f"/my-tracker/summary?start={start}&days=5")
        wall.append((time.perf_counter() - begin) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"the summary answered {response.status_code}")
    gc.callbacks.remove(timed)

    frozen = "unfrozen" if args.unfrozen else f"{gc.get_freeze_count():,} objects frozen"
    print(f"{args.count} summaries of 5 days, {frozen}:")
    for generation, times in pauses.items():
        print(
            f"  generation {generation}: {len(times):4} collections, slowest "
            f"{max(times, default=0):6.1f} ms, {sum(times):7.1f} ms in all"
        )
    wall.sort()
    p50, p99 = wall[len(wall) // 2], wall[int(len(wall) * 0.99)]
    print(f"  requests: p50 {p50:.1f} ms, p99 {p99:.1f} ms")


if __name__ == "__main__":
    main()

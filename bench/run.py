"""`make bench`: the app under gunicorn with production settings on PostgreSQL, measured with wrk.

Prints one table (requests/s, p50, p99, errors, ratio to a trivial Django view) and
writes it to bench/results.md with the date, the commit and the machine.
"""

import json
import os
import platform
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
ADDRESS = "127.0.0.1:8765"
CONNECTIONS = 32
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
CORPUS = ROOT.parent / "shared" / "content-corpus"
RESULTS = ROOT / "bench" / "results.md"
PRESS_MEDICINES = ROOT / "bench" / "out" / "press_medicines.txt"  # one id a line, for post_dose.lua
SIGNED_IN_TRIVIAL = "trivial Django view, signed in"


@dataclass
class Endpoint:
    name: str
    path: str
    signed_in: bool = False
    script: str | None = None
    min_ratio: float | None = None
    max_p99_ms: float | None = None
    connections: int = CONNECTIONS
    # Presses "Taken" (bench/post_dose.lua), for the patient of the presses (bench/seed.py).
    presses: bool = False


def endpoints() -> list[Endpoint]:
    yesterday = datetime.now(ZoneInfo("Europe/London")).date() - timedelta(days=1)
    page = "/information/managing-symptoms/cramps-and-spasms"
    return [
        Endpoint("trivial Django view (ceiling)", "/bench/trivial"),
        Endpoint("information page (anonymous)", page, min_ratio=0.8),
        Endpoint("information index (anonymous)", "/information/", min_ratio=0.5),
        Endpoint("search", "/information/search?q=tremor"),
        # One person's request on its own: the latency a single reader sees.
        Endpoint(
            "search, 1 connection", "/information/search?q=tremor", max_p99_ms=50, connections=1
        ),
        # The same trivial view for a signed-in person: what their session and account
        # cost on every request before any page does anything.
        Endpoint(SIGNED_IN_TRIVIAL, "/bench/trivial", signed_in=True),
        # The floor under every page of someone's records: signed in, plus one query.
        Endpoint("one query, signed in", "/bench/one-query", signed_in=True),
        # And the site's page around nothing: the least any page of someone's records costs.
        Endpoint("empty page, signed in", "/bench/empty-page", signed_in=True),
        Endpoint("tracker home", "/my-tracker", signed_in=True, min_ratio=0.3),
        Endpoint("day view", f"/my-tracker/day/{yesterday}", signed_in=True, min_ratio=0.3),
        Endpoint("summary HTML (5 days)", "/my-tracker/summary?days=5", True, max_p99_ms=150),
        Endpoint("summary PDF (5 days)", "/my-tracker/summary.pdf?days=5", True, max_p99_ms=1500),
        Endpoint(
            "log a dose (POST)",
            "/my-tracker/doses/taken",
            True,
            "post_dose.lua",
            min_ratio=0.3,
            presses=True,
        ),
        Endpoint(
            "summary HTML, 1 connection",
            "/my-tracker/summary?days=5",
            True,
            max_p99_ms=150,
            connections=1,
        ),
        Endpoint(
            "summary PDF, 1 connection",
            "/my-tracker/summary.pdf?days=5",
            True,
            max_p99_ms=1500,
            connections=1,
        ),
        # A different range each time: what the first request after a change costs.
        Endpoint(
            "summary HTML made afresh, 1 connection",
            "/my-tracker/summary",
            True,
            "summary_afresh.lua",
            max_p99_ms=150,
            connections=1,
        ),
        Endpoint(
            "summary PDF made afresh, 1 connection",
            "/my-tracker/summary.pdf",
            True,
            "summary_afresh.lua",
            max_p99_ms=1500,
            connections=1,
        ),
    ]


def environment() -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/toolkit_bench"
        ),
        "LOG_LEVEL": "WARNING",
    }
    if (CORPUS / "pages-content").is_dir():
        env["CONTENT_DIR"] = str(CORPUS / "pages-content")
        env["CONTENT_IMAGES_DIR"] = str(CORPUS / "images")
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(url: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own loopback server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not answer at {url}")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wait_until_idle(url: str, seconds: float = 300) -> None:
    """Let the server finish what an earlier row left queued (a backlog of PDFs, say)."""
    deadline = time.monotonic() + seconds
    fast = 0
    while time.monotonic() < deadline and fast < 3:
        started = time.monotonic()
        with urllib.request.urlopen(url, timeout=60):  # noqa: S310 - our own loopback server
            pass
        fast = fast + 1 if time.monotonic() - started < 0.05 else 0
        time.sleep(0.2)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check_page(endpoint: Endpoint, session: dict) -> None:
    """A page measured must be the page: a signed-in row sent to the login page, or one
    answering with an error, would be timed as if it were, so the run stops instead. (A
    POST row's answers are checked as they come, by its script.)"""
    if endpoint.presses:
        return
    cookie = {"Cookie": session["cookie"]} if endpoint.signed_in else {}
    request = urllib.request.Request(f"http://{ADDRESS}{endpoint.path}", headers=cookie)
    try:
        with urllib.request.build_opener(NoRedirects).open(request, timeout=60) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{endpoint.name} answered {status}, not 200: nothing to measure")


def wrk(endpoint: Endpoint, session: dict, seconds: int = SECONDS) -> dict:
    threads = min(2, endpoint.connections)
    command = ["wrk", f"-c{endpoint.connections}", f"-t{threads}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", "10s"]
    env = dict(os.environ)
    if endpoint.signed_in:
        cookie = session["press_cookie"] if endpoint.presses else session["cookie"]
        command += ["-H", f"Cookie: {cookie}"]
        env |= {
            "BENCH_CSRF": session["csrf"],
            "BENCH_MEDICINES": str(PRESS_MEDICINES),
            "BENCH_THREADS": str(threads),
        }
    if endpoint.script:
        command += ["-s", str(ROOT / "bench" / endpoint.script)]
    command.append(f"http://{ADDRESS}{endpoint.path}")
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    if set(latency) != {"50", "99"}:
        raise SystemExit(f"could not read wrk's output for {endpoint.name}:\n{out}")
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    errors += int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1])
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(latency["50"]),
        "p99": to_ms(latency["99"]),
        "errors": errors,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
    }


def doses_recorded(env: dict, patient: str) -> int:
    with psycopg.connect(env["DATABASE_URL"]) as connection:
        query = "select count(*) from tracker_dose where patient_id = %s"
        return connection.execute(query, [patient]).fetchone()[0]


def clear_doses(env: dict, patient: str) -> None:
    """So that no press of the next run is a twin of one before (bench/post_dose.lua)."""
    with psycopg.connect(env["DATABASE_URL"]) as connection:
        connection.execute("delete from tracker_dose where patient_id = %s", [patient])


def verdict(endpoint: Endpoint, result: dict, ratio: float) -> str:
    failures = []
    if result["errors"]:
        failures.append("errors")
    if endpoint.min_ratio is not None and ratio < endpoint.min_ratio:
        failures.append(f"ratio < {endpoint.min_ratio}")
    if endpoint.max_p99_ms is not None and result["p99"] >= endpoint.max_p99_ms:
        failures.append(f"p99 ≥ {endpoint.max_p99_ms:.0f} ms")
    budget = [f"≥ {endpoint.min_ratio}×" if endpoint.min_ratio else ""]
    budget += [f"p99 < {endpoint.max_p99_ms:.0f} ms" if endpoint.max_p99_ms else ""]
    budget_text = ", ".join(b for b in budget if b) or "no errors"
    return f"{budget_text}: {'MISSED (' + '; '.join(failures) + ')' if failures else 'met'}"


def times(rps: float, ceiling: float, comparable: bool) -> str:
    """A row's throughput as a multiple of a ceiling measured at the same concurrency."""
    return f"{rps / ceiling:.2f}" if comparable else "–"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB, {platform.platform()}"
    )


def record(table: str) -> None:
    """Replace the last run's table in bench/results.md."""
    RESULTS.write_text(f"# Latest `make bench` results\n\nWritten by `make bench`.\n\n{table}\n")


def main() -> int:
    env = environment()
    patients = os.environ.get("BENCH_PATIENTS", "1000")
    days = os.environ.get("BENCH_DAYS", "90")
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    subprocess.run(
        [PYTHON, "-m", "bench.seed", "--patients", patients, "--days", days],
        cwd=ROOT,
        env=env,
        check=True,
    )
    session = json.loads(
        subprocess.run(
            [PYTHON, "-m", "bench.session"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    PRESS_MEDICINES.write_text("\n".join(session["press_medicines"]) + "\n")
    server_log = (ROOT / "bench" / "out" / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            ROOT / ".venv" / "bin" / "gunicorn",
            "bench.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            ADDRESS,
            "--log-level",
            "warning",
            "--preload",  # as docs/deploying.md runs it
        ],
        cwd=ROOT,
        env=env,
        stderr=server_log,
    )
    try:
        wait_until_up(f"http://{ADDRESS}/healthz")
        rows = []
        ceiling = None
        for endpoint in endpoints():
            # Every worker has compiled its templates, opened its connection and kept what
            # it keeps by now, as on a server that has been up a while; then the queue it
            # left is drained. The warm-up uses every connection even for a one-connection
            # row: one connection may reach only some workers, and a worker that first meets
            # the page during the row would time making it afresh (a kept summary is made
            # again after the "Taken" row changed the records).
            wait_until_idle(f"http://{ADDRESS}/healthz")
            check_page(endpoint, session)
            wrk(replace(endpoint, connections=CONNECTIONS), session, seconds=3)
            wait_until_idle(f"http://{ADDRESS}/healthz")
            if endpoint.presses:
                # Every press must record a dose: one answered with a question, or with "already
                # recorded", is a success to wrk but saved nothing. (Presses still in flight when
                # wrk stops may add doses it did not count, never take any away.)
                clear_doses(env, session["press_patient"])
                result = wrk(endpoint, session)
                recorded = doses_recorded(env, session["press_patient"])
                result["errors"] += max(0, result["requests"] - recorded)
            else:
                result = wrk(endpoint, session)
            ceiling = ceiling or result["rps"]
            ratio = result["rps"] / ceiling
            rows.append((endpoint, result, ratio))
            print(
                f"{endpoint.name}: {result['rps']:.0f} req/s, p99 {result['p99']:.1f} ms",
                file=sys.stderr,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {commit} on {machine()}.",
        f"gunicorn with {WORKERS} sync workers, PostgreSQL, {patients} patients × {days} days of "
        f"dense records; wrk for {SECONDS} s per row.",
        "",
        "| endpoint | connections | requests/s | p50 ms | p99 ms | errors | × ceiling "
        "| × signed-in trivial | budget |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    signed_in_ceiling = next(r["rps"] for e, r, _ in rows if e.name == SIGNED_IN_TRIVIAL)
    lines += [
        f"| {e.name} | {e.connections} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | "
        f"{r['errors']} | {times(r['rps'], ceiling, e.connections == CONNECTIONS)} | "
        f"{times(r['rps'], signed_in_ceiling, e.signed_in and e.connections == CONNECTIONS)} | "
        f"{verdict(e, r, ratio)} |"
        for e, r, ratio in rows
    ]
    table = "\n".join(lines)
    print(table)
    record(table)
    return 0 if all("MISSED" not in verdict(e, r, ratio) for e, r, ratio in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

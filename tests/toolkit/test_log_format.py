"""Log lines as the operator reads them: each names its level, so that the journal can be
filtered by it; the request log's lines stay JSON; and DEBUG does not drown the log in the
markdown parser's narration."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from toolkit.observability import LogLine

ROOT = Path(settings.BASE_DIR)


def as_the_console_writes(record: logging.LogRecord) -> str:
    """The record as the handler LOGGING sets up writes it."""
    [console] = [
        handler
        for handler in logging.getLogger().handlers
        if isinstance(handler.formatter, LogLine)
    ]
    return console.format(record)


def logged(code: str, tmp_path, journal: bool = False, **env) -> str:
    """What a fresh process with the app's settings writes to stderr, as it runs `code`; under
    systemd's journal when `journal`, which tells a service so by $JOURNAL_STREAM."""
    written = tmp_path / "stderr"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "toolkit.settings", **env}
    environment.pop("JOURNAL_STREAM", None)
    with written.open("w") as stderr:
        if journal:
            stream = os.fstat(stderr.fileno())
            environment["JOURNAL_STREAM"] = f"{stream.st_dev}:{stream.st_ino}"
        subprocess.run(
            [sys.executable, "-W", "ignore", "-c", f"import django; django.setup()\n{code}"],
            cwd=ROOT,
            env=environment,
            stderr=stderr,
            check=True,
        )
    return written.read_text()


WARN_AND_FAIL = """
import logging
logging.getLogger("notes.delivery").warning("reminder %s: send failed (%s)", 7, "TimeoutError")
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").exception("Internal Server Error: %s", "/")
"""


def test_a_line_starts_with_its_level_and_the_part_of_the_app_that_wrote_it(tmp_path):
    lines = logged(WARN_AND_FAIL, tmp_path).splitlines()
    assert lines[0] == "WARNING notes.delivery: reminder 7: send failed (TimeoutError)"
    assert lines[1] == "ERROR django.request: Internal Server Error: /"
    assert lines[2] == "Traceback (most recent call last):"


def test_under_systemd_every_line_carries_its_priority_for_journalctl_p(tmp_path):
    lines = logged(WARN_AND_FAIL, tmp_path, journal=True).splitlines()
    # journald files each line under the priority it starts with, and takes it off.
    assert lines[0] == "<4>WARNING notes.delivery: reminder 7: send failed (TimeoutError)"
    assert lines[1] == "<3>ERROR django.request: Internal Server Error: /"
    assert all(line.startswith("<3>") for line in lines[1:])
    assert lines[-1] == "<3>ZeroDivisionError: division by zero"


def test_a_request_line_is_json_and_nothing_else(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="toolkit.requests"):
        client.get("/healthz")
    [record] = [record for record in caplog.records if record.name == "toolkit.requests"]
    line = as_the_console_writes(record)
    assert json.loads(line)["route"] == "healthz"


def test_a_request_line_under_systemd_is_json_once_journald_takes_its_priority_off(tmp_path):
    code = (
        "import logging; "
        'logging.getLogger("toolkit.requests").info(\'{"route": "healthz", "status": 200}\')'
    )
    [line] = logged(code, tmp_path, journal=True).splitlines()
    assert line.startswith("<6>{")
    assert json.loads(line.removeprefix("<6>")) == {"route": "healthz", "status": 200}


def test_debug_logging_leaves_out_the_markdown_parsers_every_step(tmp_path):
    code = """
import logging
from content.pages import get_page
logging.getLogger("toolkit").debug("debugging")
assert get_page("managing-symptoms/cramps-and-spasms") is not None
"""
    written = logged(code, tmp_path, LOG_LEVEL="DEBUG")
    assert "DEBUG toolkit: debugging" in written
    assert "markdown_it" not in written

"""The backup and the restore test that docs/deploying.md gives operators, run as written on
a database with records in it: everything comes back, and the app's own checks accept it."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from psycopg import sql

ROOT = Path(settings.BASE_DIR)
COUNT = sql.SQL("SELECT count(*) FROM {}")
pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees only what is committed


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore back up PostgreSQL; CI runs this on it")
    database = connection.settings_dict
    return {
        "PGHOST": database["HOST"] or "",
        "PGPORT": str(database["PORT"] or ""),
        "PGUSER": database["USER"] or "",
        "PGPASSWORD": database["PASSWORD"] or "",
    }


def run(command: list, env: dict) -> None:
    done = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert done.returncode == 0, f"{' '.join(command[:2])} failed: {done.stderr}"


def counts(dbname: str, env: dict) -> dict[str, int]:
    """Rows in each of the app's tables."""
    tables = sorted({model._meta.db_table for model in apps.get_models()})
    params = {key.removeprefix("PG").lower(): value for key, value in env.items() if value}
    with psycopg.connect(dbname=dbname, **params) as database:
        return {
            table: database.execute(COUNT.format(sql.Identifier(table))).fetchone()[0]
            for table in tables
        }


def test_a_nightly_backup_restores_whole_and_passes_the_apps_checks(postgres, records, tmp_path):
    live = connection.settings_dict["NAME"]
    dump = tmp_path / "toolkit.dump"
    run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", live], postgres)

    scratch = f"{live}_restore_test"
    run(["dropdb", "--if-exists", scratch], postgres)
    run(["createdb", scratch], postgres)
    try:
        run(["pg_restore", "--no-owner", f"--dbname={scratch}", str(dump)], postgres)
        restored = counts(scratch, postgres)
        assert restored == counts(live, postgres)
        assert restored["tracker_dose"] and restored["notes_note"] and restored["toolkit_user"]

        host = f"{postgres['PGUSER']}:{postgres['PGPASSWORD']}@{postgres['PGHOST']}"
        url = f"postgres://{host}:{postgres['PGPORT'] or 5432}/{scratch}"
        # Exits non-zero if the restored schema lacks any of the app's migrations.
        run([sys.executable, "manage.py", "migrate", "--check"], {"DATABASE_URL": url})
    finally:
        run(["dropdb", "--if-exists", scratch], postgres)

"""The real databases: SQLite's durability settings, and backup/restore on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.postgres_available import reachable


def _run(args, env, check=True):
    result = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False, timeout=180
    )
    if check and result.returncode != 0:
        raise AssertionError(result.stdout + result.stderr)
    return result


def _clean_env(tmp_path, **extra):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["TOWARD_DATA_DIR"] = str(tmp_path / "data")
    env.update(extra)
    return env


def _with_a_cursor(body: str) -> str:
    """A `python -c` script: Django set up with the base settings, `c` a cursor, then `body`."""
    return (
        "import django, json, os;"
        "os.environ['DJANGO_SETTINGS_MODULE']='toward.settings.base';"
        "django.setup();"
        "from django.db import connection;"
        "c=connection.cursor();" + body
    )


def test_sqlite_runs_in_wal_mode_with_full_sync_and_foreign_keys(tmp_path):
    script = _with_a_cursor(
        "print(json.dumps([c.execute(f'PRAGMA {p}').fetchone()[0] for p in "
        "('journal_mode','synchronous','foreign_keys')]+[connection.transaction_mode]))"
    )
    out = _run(["-c", script], _clean_env(tmp_path)).stdout
    assert json.loads(out) == ["wal", 2, 1, "IMMEDIATE"]


@pytest.fixture
def scratch_postgres():
    if not reachable():
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not reachable at 127.0.0.1:5432, and CI requires it")
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    # One name per test process, so parallel workers (pytest -n) never share a scratch database.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"toward_cli_scratch_{worker}"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc"]
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True, capture_output=True)
    yield f"postgres://postgres@127.0.0.1:5432/{name}"
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)


def test_backup_and_restore_on_postgresql(tmp_path, scratch_postgres):
    env = _clean_env(tmp_path, DATABASE_URL=scratch_postgres)
    cli = ["-m", "toward.cli"]
    _run([*cli, "migrate"], env)
    _run([*cli, "demo"], env)
    before = json.loads(_run([*cli, "export", "sam@demo.toward.local", "-"], env).stdout)
    dump = tmp_path / "toward.dump"
    _run([*cli, "backup", str(dump)], env)
    assert dump.stat().st_size > 1000
    _run([*cli, "demo"], env)  # new space, new passwords
    _run([*cli, "restore", str(dump), "--yes"], env)
    after = json.loads(_run([*cli, "export", "sam@demo.toward.local", "-"], env).stdout)
    assert after["spaces"] == before["spaces"]


@pytest.mark.parametrize(("setting", "prepared"), [(None, True), ("false", False)])
def test_postgresql_keeps_a_repeated_query_prepared_unless_told_not_to(
    tmp_path, scratch_postgres, setting, prepared
):
    # docs/CONFIGURATION.md, TOWARD_DATABASE_PREPARED: the server parses and plans a query
    # the app asks again and again once per connection, not on every request.
    script = _with_a_cursor(
        "[c.execute('SELECT %s::int + 1', [i]) for i in range(7)];"
        "c.execute('SELECT count(*) FROM pg_prepared_statements');"
        "print(json.dumps(c.fetchone()[0]))"
    )
    env = _clean_env(tmp_path, DATABASE_URL=scratch_postgres)
    env.pop("TOWARD_DATABASE_PREPARED", None)
    if setting is not None:
        env["TOWARD_DATABASE_PREPARED"] = setting
    count = json.loads(_run(["-c", script], env).stdout)
    assert (count >= 1) is prepared

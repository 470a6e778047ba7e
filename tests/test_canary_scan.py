"""Encrypted at rest, byte for byte (SAFETY-CHECKLIST item 35, issue #9): private text planted
through the real pages is found nowhere in the raw database files — the SQLite file, its -wal and
-shm, the data folder, the `toward backup` copy — nor in a plain-text pg_dump of PostgreSQL.

(tests/test_vault.py scans every row as values; this reads the bytes a thief would copy.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.test_database import scratch_postgres  # noqa: F401  (fixture)

# Each run makes its own database; the suite's PostgreSQL pass would only repeat it.
pytestmark = pytest.mark.skipif(
    os.environ.get("TOWARD_TEST_DATABASE") == "postgres",
    reason="runs its own SQLite and PostgreSQL databases in the first pass",
)


def _plant(tmp_path, database_url: str | None = None) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["TOWARD_DATA_DIR"] = str(tmp_path / "data")
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run(
        [sys.executable, "-m", "tests.canary_plant", str(tmp_path / "backup.bin")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["planted"]["read_back"], report["planted"]  # the canaries really were stored
    statuses = {k: v for k, v in report["planted"].items() if type(v) is int}
    assert set(statuses.values()) <= {200, 302}, statuses
    return report


def test_no_private_text_in_the_sqlite_file_wal_shm_or_backup(tmp_path):
    report = _plant(tmp_path)
    names = {os.path.basename(p) for p in report["files"]}
    assert {"toward.sqlite3", "toward.sqlite3-wal", "toward.sqlite3-shm", "backup.bin"} <= names
    assert report["control_found"]
    wal = next(size for path, size in report["sizes"].items() if path.endswith("-wal"))
    assert wal > 0  # the writes are still in the WAL, not yet folded into the main file
    assert {p: found for p, found in report["files"].items() if found} == {}


def test_no_private_text_in_a_postgresql_dump(tmp_path, scratch_postgres):  # noqa: F811
    report = _plant(tmp_path, scratch_postgres)
    assert {p: found for p, found in report["files"].items() if found} == {}
    dump = subprocess.run(
        ["pg_dump", "--format=plain", "--data-only", scratch_postgres],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    assert b"canary-a@example.com" in dump  # the dump is real and readable
    for prefix in (b"canary-note-", b"canary-repair-", b"canary-exercise-", b"canary-reflection-"):
        assert prefix not in dump

"""Backups that can be taken while Toward runs, and restored into a fresh or running instance.

SQLite uses the online backup API (a consistent snapshot even mid-write) and checks the copy with
`PRAGMA integrity_check`; PostgreSQL uses pg_dump's custom format and pg_restore.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def _integrity_ok(path: Path) -> bool:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            row = conn.execute("PRAGMA integrity_check").fetchone()
            has_tables = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name='django_migrations'"
            ).fetchone()[0]
        return row is not None and row[0] == "ok" and has_tables == 1
    except sqlite3.DatabaseError:
        return False


def _pg_env() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if settings.get(key):
            env[var] = str(settings[key])
    env["PGDATABASE"] = str(settings["NAME"])
    return env


def _run(args: list[str]) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed; install the PostgreSQL client tools")
    result = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip().splitlines()[-1:]}")


def backup(path: Path) -> str:
    path = path.expanduser().resolve()
    if not path.parent.is_dir():
        raise BackupError(f"the folder {path.parent} does not exist")
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}"])
        return "the PostgreSQL database"
    connection.ensure_connection()
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as tmp:
        tmp_path = Path(tmp.name)
    try:
        target = sqlite3.connect(tmp_path)
        with target:
            connection.connection.backup(target)
        target.close()
        if not _integrity_ok(tmp_path):
            raise BackupError("the backup copy failed its integrity check; nothing was written")
        tmp_path.replace(path)
    finally:
        tmp_path.unlink(missing_ok=True)
    return "the SQLite database"


def restore(path: Path) -> str:
    path = path.expanduser().resolve()
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ]
        )
        return "the PostgreSQL database"
    if not _integrity_ok(path):
        raise BackupError(f"{path} is not a readable Toward SQLite backup")
    connection.ensure_connection()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    return "the SQLite database"

"""Backups that can be taken while Toward runs, and restored into a fresh or running instance.

SQLite uses the online backup API (a consistent snapshot even mid-write) and checks the copy with
`PRAGMA integrity_check`; PostgreSQL uses pg_dump's custom format and pg_restore.

Photos of memories live outside the database. When they are on the local disk (the default), the
backup writes them beside the database copy as `PATH.photos.tar`, after the database snapshot: a
photo added in between is simply extra, never missing. Restore unpacks that file when it is there.
Photos kept on other storage (TOWARD_PHOTO_STORAGE) are backed up with that storage.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
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


def photos_archive(path: Path) -> Path:
    return path.with_name(path.name + ".photos.tar")


def _local_photo_dir() -> Path | None:
    """The photo folder when photos are on the local disk, else None (other storage)."""
    from django.core.files.storage import storages

    storage = storages["photos"]
    location = getattr(storage, "location", None)
    if location is None or settings.STORAGES["photos"]["BACKEND"] != (
        "django.core.files.storage.FileSystemStorage"
    ):
        return None
    return Path(location)


def _backup_photos(path: Path) -> str:
    folder = _local_photo_dir()
    if folder is None:
        return " (photos are on their own storage: back that up there)"
    files = [f for f in folder.rglob("*") if f.is_file()] if folder.is_dir() else []
    archive = photos_archive(path)
    tmp = archive.with_name(archive.name + ".part")
    with tarfile.open(tmp, "w") as tar:
        for file in sorted(files):
            tar.add(file, arcname=str(file.relative_to(folder)))
    tmp.replace(archive)
    return f" and {len(files)} photo{'' if len(files) == 1 else 's'} to {archive.name}"


def _restore_photos(path: Path) -> str:
    archive = photos_archive(path)
    folder = _local_photo_dir()
    if not archive.exists() or folder is None:
        return ""
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile()]
        tar.extractall(folder, members=members, filter="data")  # "data" refuses ../ and links
    return f" and {len(members)} photo{'' if len(members) == 1 else 's'}"


def backup(path: Path) -> str:
    path = path.expanduser().resolve()
    if not path.parent.is_dir():
        raise BackupError(f"the folder {path.parent} does not exist")
    return _backup_database(path) + _backup_photos(path)


def _backup_database(path: Path) -> str:
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
    return _restore_database(path) + _restore_photos(path)


def _restore_database(path: Path) -> str:
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

"""The `toward` command, run as a person runs it: in a subprocess, against a data folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.test_durability import _free_port

COMMANDS = [
    "serve",
    "worker",
    "migrate",
    "content",
    "content check",
    "backup",
    "restore",
    "export",
    "demo",
    "manage",
]


@pytest.fixture
def toward(tmp_path):
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["TOWARD_DATA_DIR"] = str(tmp_path / "data")

    def run(*args: str, check: bool = True, input: str | None = None):
        result = subprocess.run(
            [sys.executable, "-m", "toward.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            input=input,
            check=False,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise AssertionError(result.stdout + result.stderr)
        return result

    return run


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(toward, command):
    result = toward(*command.split(), "--help")
    assert "Usage:" in result.stdout or "Available subcommands" in result.stdout


def test_migrate_demo_export_backup_restore(toward, tmp_path):
    toward("migrate")
    demo = toward("demo").stdout
    assert "sam@demo.toward.local" in demo and "alex@demo.toward.local" in demo
    assert "password:" in demo

    export = tmp_path / "sam.json"
    toward("export", "sam@demo.toward.local", str(export))
    data = json.loads(export.read_text())
    assert data["account"]["email"] == "sam@demo.toward.local"
    assert data["spaces"][0]["state"] == "active"
    assert "alex" not in json.dumps(data["account"]).lower()

    media = tmp_path / "data" / "media"
    photos = sorted(p.relative_to(media) for p in media.rglob("*") if p.is_file())
    assert photos, "the demo keeps one memory with a photo"

    backup = tmp_path / "backup.sqlite3"
    said = toward("backup", str(backup)).stdout
    assert "1 photo to backup.sqlite3.photos.tar" in said
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        users = conn.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
    assert users == 2

    toward("demo")  # replaces the pair: new passwords, new space
    for photo in photos:
        (media / photo).unlink()  # lost with the machine
    toward("restore", str(backup), "--yes")
    assert {p.relative_to(media) for p in media.rglob("*") if p.is_file()} >= set(photos)
    again = tmp_path / "again.json"
    toward("export", "sam@demo.toward.local", str(again))
    assert json.loads(again.read_text())["spaces"] == data["spaces"]


def test_errors_are_one_readable_line(toward, tmp_path):
    toward("migrate")
    missing = toward("export", "nobody@example.com", str(tmp_path / "x.json"), check=False)
    assert missing.returncode == 1
    assert missing.stderr.strip() == "Error: No account uses the email 'nobody@example.com'."

    existing = tmp_path / "there.sqlite3"
    existing.write_text("")
    refused = toward("backup", str(existing), check=False)
    assert refused.returncode == 1 and "already exists" in refused.stderr

    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all")
    bad = toward("restore", str(junk), "--yes", check=False)
    assert bad.returncode == 1
    assert "not a readable Toward SQLite backup" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_bad_configuration_is_one_line(toward, tmp_path, monkeypatch):
    env_result = subprocess.run(
        [sys.executable, "-m", "toward.cli", "migrate"],
        env={**os.environ, "TOWARD_DATA_DIR": str(tmp_path), "TOWARD_DEBUG": "perhaps"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert env_result.returncode == 1
    assert "TOWARD_DEBUG must be true or false" in env_result.stderr


def test_serve_with_several_processes_one_request_each(toward, tmp_path):
    """`toward serve --workers 2` (production's shape: one request at a time per process)
    starts, answers pages, and stops cleanly."""
    toward("migrate")
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["TOWARD_DATA_DIR"] = str(tmp_path / "data")
    server = subprocess.Popen(
        [sys.executable, "-m", "toward.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 60
        while True:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                assert time.time() < deadline, "the server did not start"
                time.sleep(0.1)
        for _ in range(4):  # more requests than processes: each process takes its turn
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as r:
                assert r.status == 200
                assert b'name="password"' in r.read()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_refuses_a_thread_count_of_zero(toward):
    result = toward("serve", "--threads", "0", check=False)
    assert result.returncode == 2
    assert "Invalid value for '--threads'" in result.stderr

"""Kill -9 durability (SAFETY-CHECKLIST item 36): twenty clients write through the real server,
the server is killed with SIGKILL mid-way, restarted, and every write that was answered with
success is still there; on SQLite `PRAGMA integrity_check` is ok. TOWARD_KILL_CYCLES sets how
many cycles to run (3 in the suite; 200 for the long run recorded in docs/SECURITY.md)."""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from tests.test_database import scratch_postgres  # noqa: F401  (fixture)

CYCLES = int(os.environ.get("TOWARD_KILL_CYCLES", "3"))

# These tests run their own servers and databases; the suite's second, PostgreSQL pass would
# only repeat them.
pytestmark = pytest.mark.skipif(
    os.environ.get("TOWARD_TEST_DATABASE") == "postgres",
    reason="runs its own SQLite and PostgreSQL databases in the first pass",
)
CLIENTS = 20


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(tmp_path, database_url: str | None) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env["TOWARD_DATA_DIR"] = str(tmp_path / "data")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _make_token(env) -> str:
    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='toward.settings.base'; "
        "django.setup(); from toward.accounts import services as s; "
        "u = s.sign_up(email='writer@example.com', password='a calm long phrase'); "
        "print(s.create_api_token(u, 'durability')[1])"
    )
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


class Server:
    def __init__(self, env, port):
        self.env, self.port = env, port
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "toward.cli", "serve", "--port", str(self.port)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)


def _request(port, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1{path}",
        data=data,
        method=method,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def _cycle(server, token, cycle: int) -> set[str]:
    acknowledged: set[str] = set()
    lock = threading.Lock()
    stop = threading.Event()

    def client(number: int):
        for i in range(10_000):
            if stop.is_set():
                return
            name = f"c{cycle}-{number}-{i}"
            try:
                status, _ = _request(
                    server.port,
                    token,
                    "POST",
                    "/spaces",
                    {"relationship_type": "family", "name": name},
                )
            except (OSError, urllib.error.URLError, http.client.HTTPException, ValueError):
                return  # the server died under us: this write was never acknowledged
            if status == 201:
                with lock:
                    acknowledged.add(name)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    time.sleep(random.uniform(0.8, 2.0))  # noqa: S311 - a random moment to pull the plug
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    return acknowledged


def _run(tmp_path, database_url=None):
    env = _env(tmp_path, database_url)
    subprocess.run(
        [sys.executable, "-m", "toward.cli", "migrate"], env=env, check=True, capture_output=True
    )
    token = _make_token(env)
    server = Server(env, _free_port())
    acknowledged: set[str] = set()
    for cycle in range(CYCLES):
        server.start()
        acknowledged |= _cycle(server, token, cycle)
    server.start()
    try:
        _, spaces = _request(server.port, token, "GET", "/spaces")
    finally:
        server.kill()
    stored = {space["name"] for space in spaces}
    assert acknowledged, "no write was acknowledged before the kill"
    missing = acknowledged - stored
    assert not missing, f"{len(missing)} acknowledged writes were lost"
    return env, len(acknowledged)


def test_sqlite_keeps_every_acknowledged_write_through_kill_9(tmp_path):
    env, count = _run(tmp_path)
    database = tmp_path / "data" / "toward.sqlite3"
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    print(f"sqlite: {CYCLES} kill cycles, {count} acknowledged writes, 0 lost")


@pytest.mark.usefixtures("scratch_postgres")
def test_postgresql_keeps_every_acknowledged_write_through_kill_9(tmp_path, scratch_postgres):  # noqa: F811
    _, count = _run(tmp_path, scratch_postgres)
    print(f"postgresql: {CYCLES} kill cycles, {count} acknowledged writes, 0 lost")

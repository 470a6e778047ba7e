"""What the benchmark scripts share: benchmark databases, starting `toward serve`, the simulated
people, and RESULTS.md.

Benchmark data lives under TOWARD_BENCH_DIR (default /tmp/toward-bench) and in PostgreSQL
databases whose names start with toward_bench; never in a real data folder or the test database.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH_DIR = Path(os.environ.get("TOWARD_BENCH_DIR", "/tmp/toward-bench"))
RESULTS = REPO / "benchmarks" / "RESULTS.md"
PG_SERVER = os.environ.get("TOWARD_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PYTHON = sys.executable
# One fixed key for every process of a run: the servers, the worker and the script that logs the
# simulated people in must agree on it (sessions and the data-key cookie are signed with it).
SECRET = "bench-only-secret-" + "x7Kq2mZp9Lw4Rt8Vb3Nc6Hd1Jf5Gs0Ye" * 2
PASSWORD = "a calm benchmark phrase"


def postgres_reachable() -> bool:
    sys.path.insert(0, str(REPO))
    from tests.postgres_available import reachable

    return reachable()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Database:
    """A benchmark database: a SQLite file in a folder, or a PostgreSQL database."""

    def __init__(self, engine: str, name: str) -> None:
        self.engine, self.name = engine, name
        self.data_dir = BENCH_DIR / f"{engine}-{name}"
        self.url = f"{PG_SERVER}/toward_bench_{name}" if engine == "postgres" else None

    def __str__(self) -> str:
        return "SQLite" if self.engine == "sqlite" else "PostgreSQL"

    def env(self, **extra: str) -> dict:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "TOWARD_DATABASE_REPLICA_URL"}
        }
        env.update(TOWARD_DATA_DIR=str(self.data_dir), TOWARD_SECRET_KEY=SECRET)
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(REPO / "src"), env.get("PYTHONPATH")])
        )
        if self.url:
            env["DATABASE_URL"] = self.url
        env.update(extra)
        return env

    @property
    def record(self) -> Path:
        return BENCH_DIR / f"{self.engine}-{self.name}.seed.json"

    def seeded(self, pairs: int, days: int) -> dict | None:
        """The seeding figures if this database already holds `pairs` x `days`, else None."""
        if not self.record.exists():
            return None
        info = json.loads(self.record.read_text())
        if info.get("pairs") != pairs or info.get("days") != days:
            return None
        if self.engine == "sqlite" and not (self.data_dir / "toward.sqlite3").exists():
            return None
        return info

    def seed(self, pairs: int, days: int, *, reuse: bool = False) -> dict:
        """Fill the database (fresh) with `pairs` pairs and `days` days of activity each."""
        if reuse and (info := self.seeded(pairs, days)):
            return {**info, "reused": True}
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        self.record.unlink(missing_ok=True)
        args = ["--pairs", str(pairs), "--days", str(days), "--record", str(self.record)]
        if self.url:
            args += ["--database-url", self.url, "--fresh"]
        else:
            subprocess.run(["rm", "-rf", str(self.data_dir)], check=True)  # noqa: S603,S607
            args += ["--data-dir", str(self.data_dir)]
        subprocess.run(
            [PYTHON, str(REPO / "benchmarks" / "seed_scale.py"), *args],
            env=self.env(),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return json.loads(self.record.read_text())

    def prepare_people(self, pairs: int, days: int) -> Path:
        """Make `pairs` pairs of simulated people (real sign-up, space, invitation, log-in), give
        them `days` of history, and write their cookies and space ids for the load generator."""
        out = BENCH_DIR / f"{self.engine}-{self.name}.people.json"
        subprocess.run(
            [PYTHON, __file__, "prepare", "--pairs", str(pairs), "--days", str(days), str(out)],
            env=self.env(),
            check=True,
        )
        return out


class Server:
    """`toward serve` (granian) on a free port, optionally with the worker."""

    def __init__(
        self,
        env: dict,
        *,
        with_worker: bool = True,
        port: int | None = None,
        workers: int = 1,
        threads: int | None = None,
    ) -> None:
        self.env, self.with_worker, self.workers, self.threads = env, with_worker, workers, threads
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self, wait_for: str = "/healthz", timeout: float = 60) -> float:
        """Start the server; return the seconds until `wait_for` first answered 200."""
        command = [PYTHON, "-m", "toward.cli", "serve", "--port", str(self.port)]
        if self.with_worker:
            command.append("--with-worker")
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        if self.threads:
            command += ["--threads", str(self.threads)]
        started = time.perf_counter()
        self.process = subprocess.Popen(  # noqa: S603
            command,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"toward serve exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + wait_for, timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except (OSError, urllib.error.URLError):
                time.sleep(0.01)
        self.stop()
        raise RuntimeError("toward serve did not answer in time")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _prepare(pairs: int, days: int, out: Path) -> None:
    """Runs inside the benchmark database's environment (see Database.prepare_people)."""
    import secrets

    os.environ["DJANGO_SETTINGS_MODULE"] = "toward.settings.base"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings

    sys.path.insert(0, str(REPO / "benchmarks"))
    from seed_scale import add_history

    from toward.accounts import services as accounts
    from toward.content.library import checkin_content
    from toward.feelings import services as wheel
    from toward.lib.crypto import KdfParams
    from toward.spaces import services as spaces

    call_command("migrate", interactive=False, verbosity=0)
    tag = "p" + secrets.token_hex(2)  # new people each run: a reused database keeps earlier ones
    people = []
    # Fast hashing for these made-up people only; the server checks nothing but the session and
    # the data-key cookie, which do not depend on how the password was hashed.
    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TOWARD_KDF=KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1),
        ALLOWED_HOSTS=["*"],
    ):
        space_ids = []
        for n in range(pairs):
            first = accounts.sign_up(email=f"{tag}-{n}a@example.com", password=PASSWORD)
            second = accounts.sign_up(email=f"{tag}-{n}b@example.com", password=PASSWORD)
            mine = spaces.create_space(first, relationship_type="romantic", name="Us")
            spaces.join_space(second, code=spaces.create_invitation(mine).code, name="Us")
            space_ids.append(mine.space_id)
            for user in (first, second):
                client = Client()
                response = client.post("/login/", {"username": user.email, "password": PASSWORD})
                assert response.status_code == 302, response.status_code
                people.append(
                    {
                        "email": user.email,
                        "space": mine.space_id,
                        "cookies": {k: v.value for k, v in client.cookies.items() if v.value},
                        "token": accounts.create_api_token(user, "load benchmark")[1],
                    }
                )
        if days:
            add_history(space_ids, days, tag)
    copy = checkin_content()
    out.write_text(
        json.dumps(
            {
                "people": people,
                "prompts": [p.id for p in copy.prompts],
                "feelings": [f.id for f in wheel.all_feelings().values()][:20],
            },
            indent=1,
        )
    )


# --- RESULTS.md ------------------------------------------------------------------------------


def write_section(name: str, text: str) -> None:
    """Replace (or add) one benchmark's section in RESULTS.md, between its markers."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    body = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in body and end in body:
        before, rest = body.split(start, 1)
        body = before + block + rest.split(end, 1)[1]
    else:
        body = body.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(body)


def machine_note() -> str:
    cores = os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {cores} CPU cores, "
        f"load average {load:.1f} when the run started"
    )


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    prepare = sub.add_parser("prepare", help="make the simulated people (internal)")
    prepare.add_argument("--pairs", type=int, required=True)
    prepare.add_argument("--days", type=int, default=0)
    prepare.add_argument("out", type=Path)
    opts = parser.parse_args()
    _prepare(opts.pairs, opts.days, opts.out)

"""The benchmark scripts still run: each in its seconds-long tiny mode, on SQLite, in a scratch
folder (the real figures come from `make bench`, never from the test suite)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    os.environ.get("TOWARD_TEST_DATABASE") == "postgres",
    reason="runs its own SQLite databases in the first pass",
)


def _run(tmp_path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env["TOWARD_BENCH_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_benchmarks_run_in_tiny_mode(tmp_path):
    out = _run(tmp_path, "benchmarks/run_all.py", "--tiny")
    assert "Language tools" in out
    assert "| SQLite | 1 |" in out  # cold start
    assert "bare /bench/hello" in out and "| errors |" in out
    assert "Throughput ratio" in out
    assert "Insights with years of history" in out
    assert "What one request costs" in out and "| `/spaces/[space]/checkin/` |" in out
    # The scale seeding made exactly its rows: per pair and day two check-ins, two feelings, the
    # daily question, an exchange and two answers (2 pairs x 3 days in tiny mode).
    seeded = json.loads((tmp_path / "sqlite-tiny.seed.json").read_text())
    assert seeded["rows"] == 2 * 3 * 8

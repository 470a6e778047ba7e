"""Insights page with three years of daily history for a pair, against one month (issue 7).

Run: python benchmarks/insights_bench.py [--runs 30] [--years 3] [--tiny] [--postgres] [--write]

A fresh SQLite database in a temporary folder, or with --postgres a fresh PostgreSQL database
(toward_bench_insights on TOWARD_BENCH_PG, default postgres://postgres@127.0.0.1:5432). One pair
gets `--years` of daily activity written in bulk (check-ins with feelings, questions both
answered, exercises, sessions: insights/history.py), another pair one month. Each page is
requested in-process through Django's test client, logged in, so the time covers the view, its
queries, the statistics, the SVG charts and the template. Reported: median and 95th percentile
per page, the number of queries, and the ratio to the one-month page measured in the same run.
--write puts the table in benchmarks/RESULTS.md (section insights-sqlite or insights-postgresql).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))


def _setup(data_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toward.settings.base")
    os.environ["TOWARD_DATA_DIR"] = data_dir
    os.environ["TOWARD_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _pair(n: int):
    from toward.accounts import services as accounts
    from toward.spaces import services as spaces

    a = accounts.sign_up(
        email=f"a{n}@bench.local", password="bench horse battery", display_name="A"
    )
    b = accounts.sign_up(
        email=f"b{n}@bench.local", password="bench horse battery", display_name="B"
    )
    mine = spaces.create_space(a, relationship_type="romantic", name="Us")
    theirs = spaces.join_space(b, code=spaces.create_invitation(mine).code, name="Us")
    return [mine, theirs]


def _queries(client, url: str) -> int:
    from django.db import connection

    captured = []

    def count(execute, sql, params, many, context):
        captured.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(url).status_code == 200
    return len(captured)


def _time_round_robin(pages: list[tuple], runs: int) -> list[list[float]]:
    """One request to each page in turn, `runs` times, so that a busy moment on the machine
    falls on all of them alike (the ratio is what this benchmark is about)."""
    times: list[list[float]] = [[] for _ in pages]
    for _ in range(runs):
        for i, (client, url) in enumerate(pages):
            start = time.perf_counter()
            response = client.get(url)
            times[i].append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
    return times


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--tiny", action="store_true", help="seconds-long smoke run")
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL instead of SQLite")
    args = parser.parse_args()
    if args.postgres:
        from common import PG_SERVER
        from seed_scale import ensure_postgres_database

        os.environ["DATABASE_URL"] = f"{PG_SERVER}/toward_bench_insights"
        ensure_postgres_database(os.environ["DATABASE_URL"], fresh=True)
    runs, days = (3, 60) if args.tiny else (args.runs, round(args.years * 365))

    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        from django.db import connection
        from django.test import Client

        from toward.insights import history

        big, small = _pair(1), _pair(2)
        history.reach_back(big, days)
        started = time.perf_counter()
        rows = history.backfill(big, days=days, seed=1)
        seeded_s = time.perf_counter() - started
        history.reach_back(small, 30)
        history.backfill(small, days=30, seed=2)

        pages, labels = [], []
        for label, pair, path in [
            ("1 month of data, 6-month view", small, "insights/?range=6m"),
            (f"{days} days of data, 6-month view", big, "insights/?range=6m"),
            (f"{days} days of data, 3-year view", big, "insights/?range=3y"),
            (f"PNG download of one chart ({days} days)", big, "insights/together.png"),
        ]:
            client = Client()
            client.force_login(pair[0].user, backend="django.contrib.auth.backends.ModelBackend")
            url = f"/spaces/{pair[0].space_id}/{path}"
            client.get(url)  # warm: content files, templates
            pages.append((client, url))
            labels.append(label)
        counts = [_queries(client, url) for client, url in pages]
        times = _time_round_robin(pages, runs)
        results = [
            (label, statistics.median(t), _p95(t), n)
            for label, t, n in zip(labels, times, counts, strict=True)
        ]

    base = results[0][1]
    lines = [
        f"Insights page, {runs} requests each, taken in turn after one warm-up; {rows} rows "
        f"of history for the big pair (seeded in {seeded_s:.1f} s); {connection.vendor}.",
        "",
        "| page | median ms | p95 ms | queries | vs 1 month |",
        "|---|---|---|---|---|",
    ]
    for label, median, p95, queries in results:
        lines.append(f"| {label} | {median:.1f} | {p95:.1f} | {queries} | {median / base:.2f}× |")
    text = "\n".join(lines)
    print(text)
    if args.write and not args.tiny:
        from common import machine_note, write_section

        title = f"## Insights with years of history ({connection.vendor})"
        write_section(f"insights-{connection.vendor}", f"{title}\n\n{machine_note()}\n\n{text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

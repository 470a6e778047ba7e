"""Cold start: seconds from running `toward serve` to its first 200 response (target < 2 s).

Run: python benchmarks/cold_start_bench.py [--runs 5] [--databases sqlite,postgres] [--json]

The database is migrated beforehand (as `make run` does); the clock starts when the process is
spawned and stops when the welcome page (/) first answers 200, polled every 10 ms. That includes
the Python start, Django's set-up, the migration check `toward serve` makes, granian's start and
the first request (templates, content files). The median and the slowest run are reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import PYTHON, Database, Server, postgres_reachable  # noqa: E402

TARGET_S = 2.0


def measure(db: Database, runs: int) -> dict:
    env = db.env()
    db.data_dir.mkdir(parents=True, exist_ok=True)
    if db.url:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from seed_scale import ensure_postgres_database

        ensure_postgres_database(db.url, fresh=False)
    subprocess.run(  # noqa: S603
        [PYTHON, "-m", "toward.cli", "migrate"], env=env, check=True, capture_output=True
    )
    times = []
    for _ in range(runs):
        with Server(env, with_worker=False) as server:
            times.append(server.start(wait_for="/"))
    return {
        "database": str(db),
        "runs": runs,
        "median_s": round(statistics.median(times), 2),
        "max_s": round(max(times), 2),
        "all_s": [round(t, 2) for t in times],
    }


def report(results: list[dict]) -> str:
    lines = ["| database | runs | median s | slowest s | target |", "|---|---|---|---|---|"]
    for r in results:
        met = "met" if r["max_s"] < TARGET_S else "NOT met"
        lines.append(
            f"| {r['database']} | {r['runs']} | {r['median_s']} | {r['max_s']} | "
            f"< {TARGET_S} s: {met} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--databases", default=None)
    parser.add_argument("--tiny", action="store_true", help="one run on SQLite")
    parser.add_argument("--json", action="store_true")
    opts = parser.parse_args()
    if opts.tiny:
        opts.runs, opts.databases = 1, "sqlite"
    engines = (opts.databases or ("sqlite,postgres" if postgres_reachable() else "sqlite")).split(
        ","
    )
    # The tiny run reuses the load benchmark's tiny database (already migrated when run_all.py
    # runs it first), so the smoke test does not migrate a third database.
    name = "tiny" if opts.tiny else "coldstart"
    results = [measure(Database(e.strip(), name), opts.runs) for e in engines]
    print(json.dumps(results, indent=2) if opts.json else report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

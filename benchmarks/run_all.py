"""Run every benchmark and write the figures to benchmarks/RESULTS.md (`make bench`).

Run: python benchmarks/run_all.py [--note "why this run"] [--tiny] [--no-write]

--tiny runs each script in its seconds-long smoke mode (tests/test_benchmarks_smoke.py);
--no-write prints instead of writing RESULTS.md. Each benchmark's section of RESULTS.md is
replaced as a whole, so a run of one script (e.g. `python benchmarks/load_bench.py`) can be
pasted in by hand without touching the others.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    PYTHON,
    REPO,
    machine_note,
    postgres_reachable,
    write_section,
)

BENCHMARKS = [
    # (section, script, full arguments, tiny arguments or None to skip it there, markdown output)
    ("language", "language_bench.py", [], ["--n", "50"], False),
    ("load", "load_bench.py", ["--scale"], ["--tiny", "--databases", "sqlite"], True),
    ("cold-start", "cold_start_bench.py", [], ["--tiny"], True),
    # What one request of each page costs in process, against the bare view (issue 10).
    ("requests", "request_profile.py", [], ["--tiny"], True),
    # The insights app's own benchmark (docs/INSIGHTS.md).
    ("insights-sqlite", "insights_bench.py", [], ["--tiny"], True),
    ("insights-postgresql", "insights_bench.py", ["--postgres"], None, True),
]
TITLES = {
    "language": "Language tools (one core)",
    "cold-start": "Cold start: `toward serve` to the first 200",
    "load": "Pages and API under load, and data growth",
    "requests": "What one request costs, in process",
    "insights-sqlite": "Insights with years of history (sqlite)",
    "insights-postgresql": "Insights with years of history (postgresql)",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tiny", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--note", default="", help="a line about the machine or the run")
    parser.add_argument("--only", default=None, help="comma-separated sections to run")
    opts = parser.parse_args()
    header = f"Run {machine_note()}." + (f" {opts.note}" if opts.note else "")
    print(header, flush=True)
    failed = False
    for section, script, full, tiny, markdown in BENCHMARKS:
        if opts.only and section not in opts.only.split(","):
            continue
        if (opts.tiny and tiny is None) or ("--postgres" in full and not postgres_reachable()):
            continue
        started = time.perf_counter()
        done = subprocess.run(  # noqa: S603
            [PYTHON, str(REPO / "benchmarks" / script), *(tiny if opts.tiny else full)],
            capture_output=True,
            text=True,
        )
        took = time.perf_counter() - started
        if done.returncode != 0:
            failed = True
            print(f"== {script} failed ({done.returncode}) ==\n{done.stdout}\n{done.stderr}")
            continue
        output = done.stdout.strip() if markdown else f"```\n{done.stdout.strip()}\n```"
        text = f"## {TITLES[section]}\n\n{header} The benchmark took {took:.0f} s.\n\n{output}\n"
        print(text, flush=True)
        if not opts.no_write and not opts.tiny:
            write_section(section, text)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

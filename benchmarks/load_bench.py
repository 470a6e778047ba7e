"""Pages and API under load, and the same flows on a large database.

Run: python benchmarks/load_bench.py [--databases sqlite,postgres] [--users 50] [--seconds 30]
     [--scale] [--tiny] [--json]   (or `make bench`, which runs every benchmark)

For each database: a fresh benchmark database with --small-pairs pairs (a year of history each),
the simulated people (--users of them, in pairs, with the same history) made through the real
services, and the production server (`toward serve --with-worker`, granian) with the bare
/bench/hello view routed (TOWARD_BENCH_HELLO). The load generator is locust, in its own process
(benchmarks/locustfile.py). Three phases, each --seconds long:

1. hello: every simulated person requests /bench/hello with no pause: the baseline throughput;
   then the same with each person's signed-in cookies (session, person and data key read as on
   every page, nothing else): the most any signed-in page could reach against the baseline;
2. flows at full speed: the same people run the flows with no pause: Toward's throughput;
3. flows clicked straight through (pauses of --think seconds on average between flows, none
   between the pages of a flow): how the pages queue when everyone moves at once;
4. flows at a person's pace (the same pauses between flows, and --read seconds on average on
   each page before the next one of the flow: reading it, or writing in its form): latency per
   page and errors. The targets are about this phase: p95 under 50 ms for every page.

In phases 3 and 4 the people arrive over RAMP_SECONDS and are measured for --seconds after that.

With --scale, phase 4 runs again against a database holding --big-pairs pairs with a year of
daily activity each (seeded once by benchmarks/seed_scale.py and kept under TOWARD_BENCH_DIR for
later runs), and the p95 ratio big/small is reported (target at most 1.2).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH_DIR, PYTHON, REPO, Database, Server, postgres_reachable  # noqa: E402

P95_TARGET_MS = 50
RATIO_TARGET = 0.5
GROWTH_TARGET = 1.2
RAMP_SECONDS = 10


def locust(
    server: Server, mode: str, users: int, seconds: int, *, people=None, think=0.0, read=0.0
):
    """Run locust headless against the server; return the per-name and aggregated figures."""
    prefix = BENCH_DIR / f"locust-{mode}-{server.port}-{time.time_ns()}"
    env = dict(server.env, BENCH_MODE=mode, BENCH_THINK=str(think), BENCH_READ=str(read))
    # People who pause arrive over RAMP_SECONDS, not all in the same instant (50 first pages at
    # once would be a queue no real evening has), and are measured once all have arrived.
    ramp = RAMP_SECONDS if think and seconds > 1 else 0
    if people:
        env["BENCH_PEOPLE"] = str(people)
    command = [
        PYTHON,
        "-m",
        "locust",
        "-f",
        str(REPO / "benchmarks" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users / ramp if ramp else users),
        "--run-time",
        f"{seconds + ramp}s",
        *(["--reset-stats"] if ramp else []),
        "--host",
        server.url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "5",
    ]
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        stats = read_stats(Path(f"{prefix}_stats.csv"))
        # A flow that raised (a page without the form it expected…) stops that person's flow:
        # count it as an error too, or the missing requests would go unnoticed.
        with Path(f"{prefix}_exceptions.csv").open(newline="") as fh:
            raised = [row for row in csv.DictReader(fh)]
        stats["exceptions"] = sum(int(row["Count"]) for row in raised)
        stats["errors"] += stats["exceptions"]
        if raised:
            stats["first_exception"] = raised[0]["Message"][:200]
        with Path(f"{prefix}_failures.csv").open(newline="") as fh:
            stats["failures"] = [
                f"{row['Name']}: {row['Error'][:120]} ({row['Occurrences']}x)"
                for row in csv.DictReader(fh)
            ][:5]
        return stats
    finally:
        for leftover in BENCH_DIR.glob(f"{prefix.name}_*.csv"):
            leftover.unlink()


def read_stats(path: Path) -> dict:
    pages, total = {}, None
    with path.open(newline="") as fh:
        for row in csv.DictReader(fh):
            figures = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                pages[row["Name"]] = figures
    if total is None:
        raise RuntimeError(f"locust wrote no figures to {path}")
    return {**total, "pages": pages}


def _ms(value: str) -> float | None:
    return None if value in ("", "N/A") else float(value)


def skipped_phase() -> dict:
    return {"rps": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "errors": 0}


def warm_up(server: Server, opts, people: Path) -> None:
    """A few unmeasured seconds of flows: the first requests of a new process load templates,
    content files and the language models, which is cold start, measured on its own."""
    if opts.warmup:
        locust(server, "flows", opts.users, opts.warmup, people=people, think=opts.think)


def at_a_persons_pace(server: Server, opts, people: Path) -> dict:
    """The phase the latency targets are read on (phase 4), on a small or a large database."""
    return locust(
        server, "flows", opts.users, opts.seconds, people=people, think=opts.think, read=opts.read
    )


def run_database(db: Database, opts) -> dict:
    pairs = opts.users // 2 or 1
    started = time.perf_counter()
    small = db.seed(opts.small_pairs, opts.days)
    people = db.prepare_people(pairs, opts.days)
    prep = round(time.perf_counter() - started, 1)
    result = {"database": str(db), "prepare_seconds": prep, "small_seed": small}
    env = db.env(TOWARD_BENCH_HELLO="1")
    with Server(env, workers=opts.workers, threads=opts.threads) as server:
        server.start()
        warm_up(server, opts, people)
        if opts.paced_only:
            skipped = skipped_phase()
            result["hello"] = result["flows_full_speed"] = result["flows_clicking"] = skipped
            result["hello_signed_in"] = skipped
        else:
            result["hello"] = locust(server, "hello", opts.users, opts.seconds)
            result["hello_signed_in"] = locust(
                server, "hello-signed-in", opts.users, opts.seconds, people=people
            )
            result["flows_full_speed"] = locust(
                server, "flows", opts.users, opts.seconds, people=people
            )
            if not opts.throughput_only:
                result["flows_clicking"] = locust(
                    server, "flows", opts.users, opts.seconds, people=people, think=opts.think
                )
        if opts.throughput_only:
            result["flows_clicking"] = result["flows_paced"] = {**skipped_phase(), "pages": {}}
        else:
            result["flows_paced"] = at_a_persons_pace(server, opts, people)
    hello_rps = result["hello"]["rps"] or 1
    result["throughput_ratio"] = (
        None if opts.paced_only else round(result["flows_full_speed"]["rps"] / hello_rps, 2)
    )
    result["signed_in_floor_ratio"] = (
        None if opts.paced_only else round(result["hello_signed_in"]["rps"] / hello_rps, 2)
    )
    if opts.scale:
        big = Database(db.engine, "tinybig" if opts.tiny else "big")
        seeded = big.seed(opts.big_pairs, opts.days, reuse=True)
        big_people = big.prepare_people(pairs, opts.days)
        with Server(big.env(), workers=opts.workers, threads=opts.threads) as server:
            server.start()
            warm_up(server, opts, big_people)
            result["big_seed"] = seeded
            result["big_flows_paced"] = at_a_persons_pace(server, opts, big_people)
        result["growth_p95_ratio"] = _ratio(
            result["big_flows_paced"]["p95_ms"], result["flows_paced"]["p95_ms"]
        )
        result["growth_pages"] = {
            name: _ratio(
                figures["p95_ms"], result["flows_paced"]["pages"].get(name, {}).get("p95_ms")
            )
            for name, figures in result["big_flows_paced"]["pages"].items()
        }
    return result


def _ratio(big, small):
    if not big or not small:
        return None
    return round(big / small, 2)


def _processes(workers: int, threads: int | None) -> str:
    each = f"{threads} threads each" if threads else "`toward serve`'s threads"
    return ("one process" if workers <= 1 else f"{workers} processes") + f", {each}"


def report(results: list[dict], opts) -> str:
    lines = [
        f"{opts.users} simulated people, {opts.seconds} s per phase, `toward serve --with-worker`"
        f" (granian, {_processes(opts.workers, opts.threads)}), locust in a separate process on"
        " the same machine.",
        "",
    ]
    for r in results:
        hello, fast, paced = r["hello"], r["flows_full_speed"], r["flows_paced"]
        clicking = r["flows_clicking"]
        ratio = r["throughput_ratio"]
        ok = "met" if ratio is not None and ratio >= RATIO_TARGET else "NOT met"
        rows = [
            _row("bare /bench/hello, no pause", hello),
            _row("bare /bench/hello signed in, no pause", r["hello_signed_in"]),
            _row("flows, no pause", fast),
            _row(f"flows clicked straight through, ~{opts.think:g} s between flows", clicking),
            _row(
                f"flows at a person's pace, ~{opts.read:g} s on each page, ~{opts.think:g} s"
                " between flows",
                paced,
            ),
        ]
        lines += [
            f"### {r['database']}",
            "",
            "| phase | requests/s | p50 ms | p95 ms | p99 ms | errors |",
            "|---|---|---|---|---|---|",
            *(row for row in rows if row),  # phases not run (--paced-only, --throughput-only)
        ]
        if "big_flows_paced" in r:
            pairs = r["big_seed"]["pairs"]
            lines.append(
                _row(f"flows at a person's pace, {pairs:,} pairs x a year", r["big_flows_paced"])
            )
        phases = ("hello_signed_in", "flows_full_speed", "flows_clicking", "flows_paced")
        for phase in (*phases, "big_flows_paced"):
            if r.get(phase, {}).get("first_exception"):
                lines += ["", f"{phase}: a flow raised: `{r[phase]['first_exception']}`"]
            for failure in r.get(phase, {}).get("failures", []):
                lines += ["", f"{phase}: failed: `{failure}`"]
        lines += [
            "",
            f"Throughput ratio Toward/bare view: **{ratio}** (target {RATIO_TARGET}: {ok})."
            if ratio is not None
            else "Throughput ratio: not measured (--paced-only).",
            *(
                [
                    "",
                    "The same bare view with a signed-in person's cookies (the session, the person"
                    " and the data key read, nothing else) serves"
                    f" **{r['signed_in_floor_ratio']}** × the signed-out view: no signed-in page"
                    " can do better than that.",
                ]
                if r.get("signed_in_floor_ratio") is not None
                else []
            ),
        ]
        if paced["pages"]:
            lines += [
                "",
                "Per page at a person's pace (target p95 < 50 ms for every page):",
                "",
                "| page | requests | p50 ms | p95 ms | p99 ms | errors |"
                + (" p95 big/small |" if "growth_pages" in r else ""),
                "|---|---|---|---|---|---|" + ("---|" if "growth_pages" in r else ""),
            ]
        for name, f in sorted(paced["pages"].items()):
            flag = "" if (f["p95_ms"] or 0) < P95_TARGET_MS else " ⚠"
            row = (
                f"| `{name}`{flag} | {f['requests']} | {f['p50_ms']} | {f['p95_ms']} |"
                f" {f['p99_ms']} | {f['errors']} |"
            )
            if "growth_pages" in r:
                row += f" {r['growth_pages'].get(name)} |"
            lines.append(row)
        if "growth_p95_ratio" in r:
            small_pairs = r["small_seed"]["pairs"]
            met = "met" if (r["growth_p95_ratio"] or 99) <= GROWTH_TARGET else "NOT met"
            lines += [
                "",
                f"Data growth: p95 with {r['big_seed']['pairs']:,} pairs / p95 with "
                f"{small_pairs} pairs (plus the {opts.users} simulated people in both) = "
                f"**{r['growth_p95_ratio']}** (target at most {GROWTH_TARGET}: {met}). Seeding "
                f"{r['big_seed']['rows']:,} activity rows took {r['big_seed']['seconds']} s.",
            ]
        lines.append("")
    return "\n".join(lines)


def _row(label: str, f: dict) -> str:
    if f.get("p50_ms") is None and not f.get("rps") and not f.get("errors"):
        return ""  # a phase this run left out
    return (
        f"| {label} | {f['rps']} | {f['p50_ms']} | {f['p95_ms']} | {f['p99_ms']} | {f['errors']} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--databases",
        default=None,
        help="sqlite,postgres (default: both, or SQLite alone when PostgreSQL is not reachable)",
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--think", type=float, default=2.0, help="mean pause between flows")
    parser.add_argument(
        "--read", type=float, default=3.0, help="mean time on each page of a flow before the next"
    )
    parser.add_argument("--small-pairs", type=int, default=10)
    parser.add_argument("--big-pairs", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured seconds first")
    parser.add_argument("--scale", action="store_true", help="also run on the large database")
    parser.add_argument("--tiny", action="store_true", help="seconds-long smoke run")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="granian worker processes (default: one per core, as docs/DEPLOYMENT.md advises)",
    )
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per process (toward serve's default)"
    )
    parser.add_argument(
        "--paced-only", action="store_true", help="only the person's-pace phase (latency)"
    )
    parser.add_argument(
        "--throughput-only",
        action="store_true",
        help="only the no-pause phases (the throughput ratio), for before/after comparisons",
    )
    opts = parser.parse_args()
    if opts.throughput_only and (opts.paced_only or opts.scale):
        parser.error("--throughput-only leaves out the paced phases that --paced-only/--scale read")
    if opts.tiny:
        opts.users, opts.seconds, opts.small_pairs, opts.days, opts.think = 4, 1, 2, 3, 0.2
        opts.read = 0.1
        opts.warmup = 0
        opts.big_pairs = 4
    engines = (opts.databases or ("sqlite,postgres" if postgres_reachable() else "sqlite")).split(
        ","
    )
    results = []
    for engine in engines:
        name = "tiny" if opts.tiny else "small"
        results.append(run_database(Database(engine.strip(), name), opts))
    if opts.json:
        print(json.dumps(results, indent=2))
    else:
        print(report(results, opts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

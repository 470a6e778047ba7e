"""Throughput, p99 latency and memory of Toward's language tools on one core.

Run: PYTHONPATH=src python benchmarks/language_bench.py [--n 2000]

Texts are built from our training sentences and padded up to 400 characters, the length the
latency target is set for (p99 < 5 ms per message on one core, < 150 MB added for all of
them: the three tools and the appreciation-specificity model).
Threads are pinned to one before numpy loads.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def sample_texts(n: int, rng: random.Random) -> list[str]:
    data = REPO / "training" / "data"
    pool = []
    for name in ("checkins_heldout.jsonl", "patterns_dev.jsonl"):
        path = data / name
        if path.exists():
            pool += [json.loads(x)["text"] for x in path.open(encoding="utf-8") if x.strip()]
    pool = pool or ["You always forget to text me when you're late, and I worry."]
    texts = []
    for _ in range(n):
        t = rng.choice(pool)
        while len(t) < rng.choice([60, 200, 400]):
            t += " " + rng.choice(pool)
        texts.append(t[:400])
    return texts


def bench(name: str, fn, args: list[tuple]) -> dict:
    for a in args[:20]:
        fn(*a)
    times = []
    start = time.perf_counter()
    for a in args:
        t0 = time.perf_counter()
        fn(*a)
        times.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    times.sort()
    return {
        "tool": name,
        "messages_per_second": round(len(args) / total, 1),
        "p50_ms": round(times[len(times) // 2] * 1000, 3),
        "p99_ms": round(times[int(len(times) * 0.99) - 1] * 1000, 3),
        "max_ms": round(times[-1] * 1000, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="messages per tool")
    parser.add_argument("--json", action="store_true", help="print JSON only")
    opts = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    import numpy  # noqa: F401  - measured separately from the models

    base = rss_mb()
    from toward.language import feelings, listening, patterns, specificity

    t0 = time.perf_counter()
    feelings("warm up")
    listening("warm up", "warm up")
    patterns("warm up")
    specificity("warm up")
    load_s = time.perf_counter() - t0
    loaded = rss_mb()

    rng = random.Random(1)
    texts = sample_texts(opts.n, rng)
    replies = sample_texts(opts.n, rng)
    results = [
        bench("feelings", feelings, [(t,) for t in texts]),
        bench("listening", listening, list(zip(texts, replies, strict=False))),
        bench("patterns", patterns, [(t,) for t in texts]),
        bench("specificity", specificity, [(t,) for t in texts]),
    ]
    report = {
        "messages_per_tool": opts.n,
        "max_chars": 400,
        "load_seconds": round(load_s, 3),
        "memory_added_by_loading_mb": round(loaded - base, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "tools": results,
    }
    if opts.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"one core, {opts.n} messages per tool, up to 400 characters")
    print(
        f"loading all four: {report['load_seconds']} s, "
        f"+{report['memory_added_by_loading_mb']} MB resident"
    )
    for r in results:
        print(
            f"  {r['tool']:<10} {r['messages_per_second']:>8} msg/s   p50 {r['p50_ms']} ms   "
            f"p99 {r['p99_ms']} ms   max {r['max_ms']} ms"
        )
    worst = max(r["p99_ms"] for r in results)
    added = report["memory_added_by_loading_mb"]
    print(f"target p99 < 5 ms per message: {'met' if worst < 5 else 'NOT met'} (worst {worst} ms)")
    print(f"target < 150 MB added: {'met' if added < 150 else 'NOT met'} ({added} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

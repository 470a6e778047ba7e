"""How often the insights trend method says what, on synthetic weekly series (docs/INSIGHTS.md).

Run: python benchmarks/insights_trend_power.py [--seeds 1000]

Each case draws Poisson weekly counts from a known shape, with a different seed per draw, and
counts what `toward.insights.trends.classify` answers. Flat cases show how often the method says
more than the data holds; changing cases show how often it finds a real change.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from toward.insights.trends import classify, weeks_for_months  # noqa: E402

THREE, SIX = weeks_for_months(3), weeks_for_months(6)


def _steps(*parts):
    return np.concatenate([np.full(weeks, level) for weeks, level in parts])


CASES = [
    ("flat noise, 5 a week, half a year", lambda: np.full(26, 5.0), THREE),
    ("flat noise, 5 a week, a year", lambda: np.full(52, 5.0), THREE),
    ("flat noise, 1 a week, half a year", lambda: np.full(26, 1.0), THREE),
    ("one week at zero in a quarter of 6", None, THREE),
    (
        "slide from 6 to 1.5 over 4 months",
        lambda: np.r_[np.full(9, 6.0), np.linspace(6, 1.5, 17)],
        THREE,
    ),
    (
        "the same slide, setting at 6 months",
        lambda: np.r_[np.full(9, 6.0), np.linspace(6, 1.5, 17)],
        SIX,
    ),
    ("step from 5 to 1.5, held 4 months", lambda: _steps((20, 5.0), (17, 1.5)), THREE),
    ("the same step, setting at 6 months", lambda: _steps((20, 5.0), (17, 1.5)), SIX),
    ("step from 5 to 1.5, held 6 weeks", lambda: _steps((20, 5.0), (6, 1.5)), THREE),
    (
        "rise from 2 to 7 over 4 months",
        lambda: np.r_[np.full(8, 2.0), np.linspace(2, 7, 18)],
        THREE,
    ),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=1000)
    args = parser.parse_args()
    print("| case | no pattern | a moment | pattern, falling | pattern, rising |")
    print("|---|---|---|---|---|")
    for label, shape, sustained in CASES:
        seen = Counter()
        for seed in range(args.seeds):
            rng = np.random.default_rng(seed)
            if shape is None:
                weeks = rng.poisson(6.0, 13)
                weeks[6] = 0
            else:
                weeks = rng.poisson(shape())
            finding = classify(weeks, sustained)
            seen[finding.kind + (":" + finding.direction if finding.kind == "pattern" else "")] += 1
        share = {k: f"{100 * v / args.seeds:.1f}%" for k, v in seen.items()}
        print(
            f"| {label} | {share.get('no_pattern', '0%')} | {share.get('moment', '0%')} | "
            f"{share.get('pattern:falling', '0%')} | {share.get('pattern:rising', '0%')} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

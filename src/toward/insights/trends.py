"""A pattern or a moment? The honest statistics behind Toward's insights (PRODUCT.md 3.11).

Pure numpy and the standard library: no Django, so it can be tested on synthetic series and
reused anywhere. The method and its citations are in docs/INSIGHTS.md; in short:

- **Mann–Kendall** (Mann 1945; Kendall 1975) asks whether a weekly series tends to move one way
  over time, using only the order of values, so it is not fooled by one unusual week. Ties (many
  weeks with the same count, common in small counts) are corrected for in the variance.
- **Theil–Sen** (Theil 1950; Sen 1968) estimates how steep that movement is: the median of the
  slopes between every pair of weeks, which a single outlier cannot drag.
- Nothing is said before ``MIN_WEEKS`` of history. A change is a **pattern** only when it is
  significant *and* the level of the last ``sustained_weeks`` (the documented setting
  TOWARD_INSIGHT_DECLINE_MONTHS, in weeks) has moved by a material amount against the weeks
  before. A short dip that is not sustained is **a moment**.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

MIN_WEEKS = 8  # two months: less than that and any "trend" is one busy or quiet fortnight
BASELINE_MIN_WEEKS = 4  # a sustained change needs at least a month before it to compare with
WINDOW_WEEKS = 52  # look back at most a year: older habits say little about the pair now
ALPHA = 0.05  # two-sided significance of the Mann–Kendall test
MATERIAL_SHARE = 1 / 3  # a level change under a third of the usual level is not worth a word
DIP_CHANCE = 0.01  # a dip is a week that ordinary week-to-week variation gives under 1 in 100
MOMENT_MAX_WEEKS = 3  # a dip of up to three weeks in a row is a moment, not a pattern
WEEKS_PER_MONTH = 52 / 12

TOO_LITTLE = "too_little_data"
NO_PATTERN = "no_pattern"
MOMENT = "moment"
PATTERN = "pattern"


@dataclass(frozen=True)
class MannKendall:
    s: int
    variance: float
    z: float
    p: float


@dataclass(frozen=True)
class Finding:
    """What can honestly be said about one weekly series."""

    kind: str  # TOO_LITTLE, NO_PATTERN, MOMENT or PATTERN
    direction: str = ""  # "rising" or "falling" for a pattern; "dip" for a moment
    weeks: int = 0  # weeks of history looked at
    p: float | None = None
    slope_per_week: float | None = None  # Theil–Sen
    usual: float | None = None  # the median week before the recent stretch
    recent: float | None = None  # the median week of the recent stretch
    dip_weeks: list[int] = field(default_factory=list)  # indexes of dip weeks, oldest first


def weeks_for_months(months: int) -> int:
    return max(1, round(months * WEEKS_PER_MONTH))


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_starts(start: date, end: date) -> list[date]:
    """The Monday of every week from the week of ``start`` to the week of ``end``."""
    first, last = monday(start), monday(end)
    count = (last - first).days // 7 + 1
    return [first + timedelta(weeks=i) for i in range(max(0, count))]


def weekly_series(counts: dict[date, float], start: date, end: date) -> list[float]:
    """Dense weekly values from a sparse {Monday: value} mapping; missing weeks are zero."""
    return [float(counts.get(week, 0)) for week in week_starts(start, end)]


def mann_kendall(values) -> MannKendall:
    """The Mann–Kendall S statistic, its tie-corrected variance, Z and the two-sided p-value."""
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < 3:
        return MannKendall(0, 0.0, 0.0, 1.0)
    upper = np.triu_indices(n, k=1)
    s = int(np.sign(x[upper[1]] - x[upper[0]]).sum())
    _, ties = np.unique(x, return_counts=True)
    tie_term = float(np.sum(ties * (ties - 1) * (2 * ties + 5)))
    variance = (n * (n - 1) * (2 * n + 5) - tie_term) / 18.0
    if variance <= 0:
        return MannKendall(s, 0.0, 0.0, 1.0)
    if s > 0:
        z = (s - 1) / math.sqrt(variance)
    elif s < 0:
        z = (s + 1) / math.sqrt(variance)
    else:
        z = 0.0
    p = math.erfc(abs(z) / math.sqrt(2))  # two-sided, from the standard normal
    return MannKendall(s, variance, z, p)


def theil_sen(values) -> float:
    """The median slope (per step) over every pair of points."""
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < 2:
        return 0.0
    i, j = np.triu_indices(n, k=1)
    return float(np.median((x[j] - x[i]) / (j - i)))


def poisson_cdf(k: float, level: float) -> float:
    """P(X <= k) for a Poisson count with mean ``level``: how often ordinary chance alone gives a
    week as quiet as ``k`` when the usual week is ``level``."""
    total, term = 0.0, math.exp(-level)
    for i in range(int(math.floor(k)) + 1):
        if i:
            term *= level / i
        total += term
    return min(total, 1.0)


def _dips(x: np.ndarray, recent_weeks: int) -> list[int]:
    """Weeks in the recent stretch that are far under the usual level of the whole window: at
    most half of it, and so low that chance alone would give such a week under 1 in 100."""
    level = float(np.median(x))
    if level <= 0:
        return []
    first = max(0, len(x) - recent_weeks)
    return [
        i
        for i in range(first, len(x))
        if x[i] <= level / 2 and poisson_cdf(x[i], level) < DIP_CHANCE
    ]


def _longest_run(indexes: list[int]) -> int:
    longest = run = 0
    previous = None
    for i in indexes:
        run = run + 1 if previous is not None and i == previous + 1 else 1
        longest = max(longest, run)
        previous = i
    return longest


def classify(values, sustained_weeks: int = 13) -> Finding:
    """Say what one weekly series shows: too little data, no pattern, a moment or a pattern.

    ``values`` is oldest first and covers only weeks the person could have taken part (from
    when they joined the space). ``sustained_weeks`` is how long a change must hold to be a
    pattern (TOWARD_INSIGHT_DECLINE_MONTHS in weeks).
    """
    x = np.asarray(values, dtype=float)[-WINDOW_WEEKS:]
    n = len(x)
    if n < MIN_WEEKS or not x.any():
        return Finding(TOO_LITTLE, weeks=n)
    recent_n = min(sustained_weeks, n)
    dips = _dips(x, recent_n)
    if n >= sustained_weeks + BASELINE_MIN_WEEKS:
        finding = _pattern(x, sustained_weeks)
        if finding is not None:
            return finding
    if dips and _longest_run(dips) <= MOMENT_MAX_WEEKS:
        return Finding(MOMENT, "dip", weeks=n, usual=float(np.median(x)), dip_weeks=dips)
    return Finding(NO_PATTERN, weeks=n)


def _pattern(x: np.ndarray, sustained_weeks: int) -> Finding | None:
    test = mann_kendall(x)
    if test.p >= ALPHA:
        return None
    before, recent = x[:-sustained_weeks], x[-sustained_weeks:]
    usual, now = float(np.median(before)), float(np.median(recent))
    direction = "rising" if test.s > 0 else "falling"
    sign = 1 if direction == "rising" else -1
    material = max(1.0, MATERIAL_SHARE * max(usual, now))
    # Sustained: the recent stretch sits a material step from the usual level, and its first half
    # has already moved at least half that step, so a change that began only in the second half
    # of the period has not yet held for the whole of it.
    first_half = recent[: len(recent) // 2]
    if sign * (now - usual) < material:
        return None
    if sign * (float(np.mean(first_half)) - usual) < material / 2:
        return None
    return Finding(
        PATTERN,
        direction,
        weeks=len(x),
        p=test.p,
        slope_per_week=theil_sen(x),
        usual=usual,
        recent=now,
    )

"""The trend method behind insights (toward.insights.trends), on synthetic weekly series.

The three cases the issue names, seeded so they are the same on every run, and two checks of
the method's honesty over many seeds: flat noise is rarely called a pattern, and a real sustained
decline is usually found (the figures are in docs/INSIGHTS.md)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from toward.insights import trends


def flat_noise(rng, weeks=26, level=5.0):
    return rng.poisson(level, weeks)


def sustained_decline(rng):
    """Two good months, then four months (17 weeks) of a steady slide to a quarter."""
    return rng.poisson(np.r_[np.full(9, 6.0), np.linspace(6.0, 1.5, 17)])


def one_bad_week_in_a_good_quarter(rng):
    weeks = rng.poisson(6.0, 13)
    weeks[6] = 0
    return weeks


def one_bad_week_in_a_good_half_year(rng):
    weeks = rng.poisson(6.0, 26)
    weeks[20] = 0
    return weeks


def gentle_rise(rng):
    return rng.poisson(np.r_[np.full(8, 2.0), np.linspace(2.0, 7.0, 18)])


@pytest.mark.parametrize(
    ("series", "kind", "direction"),
    [
        (flat_noise, trends.NO_PATTERN, ""),
        (sustained_decline, trends.PATTERN, "falling"),
        (one_bad_week_in_a_good_quarter, trends.MOMENT, "dip"),
        (one_bad_week_in_a_good_half_year, trends.MOMENT, "dip"),
        (gentle_rise, trends.PATTERN, "rising"),
    ],
)
def test_the_issue_cases(series, kind, direction):
    finding = trends.classify(series(np.random.default_rng(2026)), sustained_weeks=13)
    assert (finding.kind, finding.direction) == (kind, direction)


def test_a_moment_names_the_quiet_week():
    finding = trends.classify(one_bad_week_in_a_good_quarter(np.random.default_rng(2026)))
    assert finding.dip_weeks[0] == 6  # the statement names the week the quiet stretch began


@pytest.mark.parametrize("weeks", [0, 1, 5, trends.MIN_WEEKS - 1])
def test_too_little_data_says_so(weeks):
    rng = np.random.default_rng(1)
    assert trends.classify(sustained_decline(rng)[:weeks]).kind == trends.TOO_LITTLE


def test_one_week_never_makes_a_conclusion():
    """Eight quiet weeks then one great one, or the reverse: never a pattern."""
    assert trends.classify([0] * 8 + [9]).kind != trends.PATTERN
    assert trends.classify([6] * 20 + [0]).kind == trends.MOMENT


def test_nothing_at_all_is_not_a_finding():
    assert trends.classify([0] * 30).kind == trends.TOO_LITTLE


def test_a_decline_shorter_than_the_setting_is_not_yet_a_pattern():
    """Four months of decline is a pattern at three months; not at six."""
    series = sustained_decline(np.random.default_rng(2026))
    assert trends.classify(series, sustained_weeks=trends.weeks_for_months(3)).kind == "pattern"
    assert trends.classify(series, sustained_weeks=trends.weeks_for_months(6)).kind != "pattern"


def test_flat_noise_is_rarely_called_a_pattern():
    patterns = sum(
        trends.classify(flat_noise(np.random.default_rng(seed))).kind == trends.PATTERN
        for seed in range(300)
    )
    assert patterns / 300 < 0.05  # the test's own significance level


def test_a_sustained_decline_is_usually_found():
    found = sum(
        trends.classify(sustained_decline(np.random.default_rng(seed))).direction == "falling"
        for seed in range(300)
    )
    assert found / 300 > 0.6  # a gradual slide is harder to be sure of than a step


def test_mann_kendall_matches_a_hand_calculation():
    result = trends.mann_kendall([1, 2, 3, 4, 5])
    assert result.s == 10
    assert result.variance == pytest.approx(5 * 4 * 15 / 18)
    assert result.z == pytest.approx(9 / math.sqrt(5 * 4 * 15 / 18))
    assert result.p == pytest.approx(0.0275, abs=1e-3)


def test_mann_kendall_corrects_for_ties():
    # Two groups of two tied values: the variance drops by 2 * (2*1*9) / 18 = 2.
    result = trends.mann_kendall([1, 1, 2, 2, 3])
    assert result.s == 8
    assert result.variance == pytest.approx((5 * 4 * 15 - 2 * 2 * 1 * 9) / 18)


def test_theil_sen_ignores_one_outlier():
    line = [2 * x + 1 for x in range(12)]
    line[5] = 100
    assert trends.theil_sen(line) == pytest.approx(2.0)


def test_the_module_imports_nothing_from_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(trends))
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__", "math", "dataclasses", "datetime", "numpy"}

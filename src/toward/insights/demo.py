"""`toward demo` with months of history behind it, so the insights page shows real charts."""

from __future__ import annotations

from toward.insights import history

DEMO_MONTHS_DAYS = 182  # six months: enough for every statement the page can make


def _rhythm(back: int) -> float:
    """A lived-in half-year: a steady start, a quieter stretch around a busy month, and a gentle
    return."""
    if 70 <= back <= 84:
        return 0.35
    return 0.75 if back > 84 else 0.8


def seed_demo(pair) -> None:
    history.reach_back(pair.memberships, DEMO_MONTHS_DAYS)
    oldest_seeded = 30  # the practices' own seeders cover the last few weeks
    history.backfill(
        pair.memberships,
        days=DEMO_MONTHS_DAYS - oldest_seeded,
        end=_days_ago(oldest_seeded),
        rhythm=lambda back: _rhythm(back + oldest_seeded),
    )


def _days_ago(days: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate() - timedelta(days=days)

"""The registry of insight sources: where each weekly series on the insights page comes from.

A source is one named weekly (or monthly) series, computed with ONE aggregate query (GROUP BY
week) so the insights page costs the same number of queries whatever the history size. Apps
register their own from ``AppConfig.ready()``; this module imports nothing from other apps, so any
practice app may import it (like ``core.hooks``).

Two kinds, and the rule that keeps them safe (PRODUCT.md principle 3, no scorekeeping):

- ``personal``: only the viewer's own activity in the space (their check-ins, their answers).
- ``shared``: only things the pair did together (both answered, a session together, a repair
  opened together). A shared source must never count one member's part alone: a "together"
  number next to a "mine" number must not let anyone work out what the other person did not do.

No source ever counts the other member's activity, misses, "not right now"s or delays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

PERSONAL = "personal"
SHARED = "shared"
WEEK = "week"
MONTH = "month"

# fn(membership, start, end) -> {first day of the week (Monday) or month: value}
SourceFn = Callable[[object, date, date], dict[date, float]]


@dataclass(frozen=True)
class Source:
    id: str  # stable: it appears in URLs (the PNG download) and the API
    title: str  # what the chart is called, in our voice ("Check-ins you did")
    kind: str  # PERSONAL or SHARED
    fn: SourceFn
    unit: str = "count"  # "count", or "level" for depth (0 none, 1 surface, 2 personal, 3 core)
    period: str = WEEK  # WEEK or MONTH
    description: str = ""  # one sentence: what counts, in plain words
    order: int = 100
    trend: bool = True  # whether a pattern-or-moment statement is made about it


_SOURCES: dict[str, Source] = {}


def register_source(source: Source) -> None:
    if source.kind not in (PERSONAL, SHARED):
        raise ValueError(f"source {source.id}: kind must be personal or shared")
    if source.period not in (WEEK, MONTH):
        raise ValueError(f"source {source.id}: period must be week or month")
    _SOURCES[source.id] = source


def unregister_source(source_id: str) -> None:
    """For tests that register a temporary source."""
    _SOURCES.pop(source_id, None)


def sources(kind: str | None = None) -> list[Source]:
    found = [s for s in _SOURCES.values() if kind is None or s.kind == kind]
    return sorted(found, key=lambda s: (s.order, s.id))


def get_source(source_id: str) -> Source | None:
    return _SOURCES.get(source_id)


def as_day(value) -> date:
    """A truncated week or month from the database as a date (drivers differ: date or
    datetime, aware or naive)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):  # SQLite may hand back text for a truncated date
        return date.fromisoformat(value[:10])
    return value


def rows_to_counts(rows) -> dict[date, float]:
    """[(period, value), ...] from a GROUP BY query into {date: value}."""
    return {as_day(period): float(value or 0) for period, value in rows if period is not None}

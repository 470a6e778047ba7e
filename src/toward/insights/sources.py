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
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from toward.core.compiled_sql import CompiledCache, CompiledQuery, Probe, compile_query

PERSONAL = "personal"
SHARED = "shared"
WEEK = "week"
MONTH = "month"

# fn(membership, start, end) -> a QuerySet of (first day of the week or month, value) rows, one
# aggregate query (preferred: see counts()), or {first day of the week (Monday) or month: value}.
# It reads only membership.space_id and membership.user_id, and the days start..end, as dates or
# as day_bounds(start, end).
SourceFn = Callable[[object, date, date], "QuerySet | dict[date, float]"]


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


def day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The datetimes that bound the days start..end, inclusive, in the current time zone."""
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone),
    )


# --- running a source: its SQL compiled once per process -----------------------------------
#
# Building and compiling the ORM query was half of the insights page's time: fourteen sources,
# each about a millisecond of Python before the database saw anything. A source's SQL is the
# same every time; only the space, the person and the days change, so it is compiled once
# (core.compiled_sql) and afterwards only filled in. A source that cannot be compiled that way
# (or that hands back a dict) runs through the ORM every time, as before.


# Made-up (space, person, first day, last day), unlike any real value.
_PROBES = (
    ("insightprobe7319", 731_904_117, date(1901, 2, 3), date(1902, 3, 5)),
    ("insightprobe4826", 482_611_903, date(1903, 5, 6), date(1904, 7, 8)),
)
_COMPILED = CompiledCache()


def _arguments(space_id, user_id, start: date, end: date) -> dict[str, object]:
    low, high = day_bounds(start, end)
    return {
        "space": space_id,
        "user": user_id,
        "start": start,
        "end": end,
        "low": low,
        "high": high,
    }


def _compile(source: Source) -> CompiledQuery | None:
    def build(args):
        qs = source.fn(Probe(args["space"], args["user"]), args["start"], args["end"])
        if not isinstance(qs, QuerySet):
            raise TypeError("not a QuerySet")
        sql, params = qs.query.get_compiler(using="default").as_sql()
        return qs.model, sql, params

    return compile_query(build, tuple(_arguments(*probe) for probe in _PROBES))


def compiled_for(source: Source) -> CompiledQuery | None:
    key = (source.id, source.fn, timezone.get_current_timezone_name())
    return _COMPILED.get(key, lambda: _compile(source))


def counts(source: Source, membership, start: date, end: date) -> dict[date, float]:
    """A source's {week or month: value} for one person's view of a space: one query."""
    compiled = compiled_for(source)
    if compiled is None:
        result = source.fn(membership, start, end)
        return result if isinstance(result, dict) else rows_to_counts(result)
    args = _arguments(membership.space_id, membership.user_id, start, end)
    return rows_to_counts(compiled.rows(args))

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

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connections, router
from django.db.models import QuerySet
from django.utils import timezone

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
# same every time; only the space, the person and the days change. So the first call compiles
# it with made-up values, finds where each one went among the parameters, and checks the
# finding by compiling again with other made-up values: the SQL must come out the same and the
# parameters must be exactly what the template gives. From then on a call only fills in the
# parameters. A source whose SQL does not pass that check (or that hands back a dict) runs
# through the ORM every time, as before.


@dataclass(frozen=True)
class _Probe:
    space_id: object
    user_id: object


_PROBES = (
    (_Probe("insightprobe7319", 731_904_117), date(1901, 2, 3), date(1902, 3, 4)),
    (_Probe("insightprobe4826", 482_611_903), date(1903, 5, 6), date(1904, 7, 8)),
)


@dataclass(frozen=True)
class _Compiled:
    model: type
    sql: str
    params: tuple
    slots: tuple[tuple[int, str, Callable], ...]  # (position, what goes there, adapter)


_COMPILED: dict[tuple, _Compiled | None] = {}
_COMPILED_LOCK = threading.Lock()


def _arguments(probe, start: date, end: date) -> dict[str, object]:
    low, high = day_bounds(start, end)
    return {
        "space": probe.space_id,
        "user": probe.user_id,
        "start": start,
        "end": end,
        "low": low,
        "high": high,
    }


def _compile(source: Source, alias_hint: str) -> _Compiled | None:
    ops = connections[alias_hint].ops
    adapters: tuple[Callable, ...] = (
        lambda v: v,
        str,
        ops.adapt_datefield_value,
        ops.adapt_datetimefield_value,
    )
    built = []
    for probe, start, end in _PROBES:
        qs = source.fn(probe, start, end)
        if not isinstance(qs, QuerySet):
            return None
        sql, params = qs.query.get_compiler(using=alias_hint).as_sql()
        built.append((qs.model, sql, tuple(params), _arguments(probe, start, end)))
    (model, sql, params, args), (_, sql_b, params_b, args_b) = built
    slots = []
    for i, param in enumerate(params):
        found = []
        for name, value in args.items():
            for adapt in adapters:
                try:
                    adapted = adapt(value)
                except (TypeError, ValueError, AttributeError):
                    continue
                if type(adapted) is type(param) and adapted == param:
                    found.append((i, name, adapt))
                    break
        if len(found) > 1:
            return None  # ambiguous: leave it to the ORM
        slots.extend(found)
    compiled = _Compiled(model, sql, params, tuple(slots))
    if sql_b != sql or _fill(compiled, args_b) != params_b:
        return None
    return compiled


def _fill(compiled: _Compiled, args: dict[str, object]) -> tuple:
    params = list(compiled.params)
    for i, name, adapt in compiled.slots:
        params[i] = adapt(args[name])
    return tuple(params)


def counts(source: Source, membership, start: date, end: date) -> dict[date, float]:
    """A source's {week or month: value} for one person's view of a space: one query."""
    key = (source.id, source.fn, timezone.get_current_timezone_name())
    compiled = _COMPILED.get(key, False)
    if compiled is False:
        # Compiled for the primary; a replica is the same vendor, so the same SQL runs there.
        with _COMPILED_LOCK:
            try:
                compiled = _compile(source, "default")
            except (TypeError, ValueError, AttributeError):
                compiled = None  # a source the made-up values do not fit: the ORM it is
            _COMPILED[key] = compiled
    if compiled is None:
        result = source.fn(membership, start, end)
        return result if isinstance(result, dict) else rows_to_counts(result)
    with connections[router.db_for_read(compiled.model)].cursor() as cursor:
        cursor.execute(compiled.sql, _fill(compiled, _arguments(membership, start, end)))
        return rows_to_counts(cursor.fetchall())

"""The four pillars map on a space's home page: where the pair has been spending time lately, and
one gentle idea for a pillar that has been quiet. Never a score, a count or a grade.

Which practice belongs to which pillar is content (content/data/pillars.yaml). Whether a pair has
used a practice lately comes from a small registry: each practice reports through
`register_activity(practice_id, fn)`, where `fn(membership, since)` answers True when the pair
did that practice since then, counting only what the viewer may already see — or, better,
returns the querysets whose rows would say so: those of every practice are then asked together
in one query (an EXISTS each), which keeps the space's home page to a few queries. Practices
that have not registered yet simply show as quiet. This app registers its own two practices
and, through their public service functions, the daily check-in and the question decks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.db import connection, connections, transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from toward.content.library import pillars, practices
from toward.core.compiled_sql import CompiledCache, CompiledQuery, Probe, compile_query
from toward.spaces.models import Membership, Space

log = logging.getLogger(__name__)

PILLAR_WINDOW = timedelta(days=28)  # four weeks: a rhythm, not one busy or quiet week

ActivitySource = Callable[[Membership, datetime], "bool | Sequence[QuerySet]"]
_sources: dict[str, ActivitySource] = {}


def register_activity(practice_id: str, source: ActivitySource) -> None:
    _sources[practice_id] = source


def recent_practices(membership: Membership, since: datetime) -> set[str]:
    compiled = _compiled()
    if compiled is not None:
        # Every practice hands over querysets: one query, compiled once per process.
        try:
            with _savepoint():
                (found,) = compiled.rows(_arguments(membership.space_id, membership.user_id, since))
            return {owner for owner, yes in zip(compiled.meta, found, strict=True) if yes}
        except Exception:
            log.exception("pillar activity query failed; asking practice by practice")
    used = set()
    asked: dict[str, list[QuerySet]] = {}
    for practice_id, source in _sources.items():
        try:
            answer = source(membership, since)
        except Exception:  # one practice's problem must not hide the home page
            log.exception("pillar activity source %s failed", practice_id)
            continue
        if isinstance(answer, bool):
            if answer:
                used.add(practice_id)
        else:
            asked[practice_id] = list(answer)
    return used | _any_rows(membership, asked)


def _any_rows(membership: Membership, asked: dict[str, list[QuerySet]]) -> set[str]:
    """The practices with a row in any of their querysets, in one query; practice by practice if
    that one query fails, so one practice's problem hides only itself."""
    owners = [pid for pid, querysets in asked.items() for _ in querysets]
    if not owners:
        return set()
    try:
        with _savepoint():
            found = _exists_each([q for querysets in asked.values() for q in querysets])
        return {owner for owner, yes in zip(owners, found, strict=True) if yes}
    except Exception:
        log.exception("pillar activity query failed; asking practice by practice")
    used = set()
    for practice_id, querysets in asked.items():
        try:
            with _savepoint():
                if any(queryset.exists() for queryset in querysets):
                    used.add(practice_id)
        except Exception:
            log.exception("pillar activity source %s failed", practice_id)
    return used


def _exists_sql(querysets: list[QuerySet], using: str) -> tuple[str, list]:
    """`SELECT EXISTS(…), EXISTS(…), …`, each queryset compiled on its own. The same question as
    annotating `Exists(queryset)` on the space row, at about half the Python: Django's Exists
    copies and relabels every subquery into the outer one, which cost more than all the space
    page's other panels together."""
    parts, params = [], []
    for queryset in querysets:
        sql, sql_params = (
            queryset.order_by().values("pk")[:1].query.get_compiler(using=using).as_sql()
        )
        parts.append(f"EXISTS({sql})")
        params.extend(sql_params)
    return "SELECT " + ", ".join(parts), params


def _exists_each(querysets: list[QuerySet]) -> list[bool]:
    """Whether each queryset has a row, in one query."""
    using = Space.objects.all().db  # where a read of the space would go (a replica, if any)
    sql, params = _exists_sql(querysets, using)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return [bool(found) for found in cursor.fetchone()]


# The whole map's query compiled once per process (core.compiled_sql): building it through the
# ORM took about 2 of the space page's 16 ms of Python. Only when every registered practice
# hands over querysets; otherwise, or if the compiled query fails, the ORM as above.


# Made-up (space, person, since), unlike any real value.
_PROBES = (
    ("pillarprobe52871", 528_710_933, datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC)),
    ("pillarprobe61942", 619_420_177, datetime(1903, 6, 7, 8, 9, 10, tzinfo=UTC)),
)
_COMPILED = CompiledCache()


def _arguments(space_id, user_id, since: datetime) -> dict[str, object]:
    return {"space": space_id, "user": user_id, "since": since, "since_day": since.date()}


def _compile() -> CompiledQuery | None:
    owners: list[str] = []

    def build(args):
        probe = Probe(args["space"], args["user"])
        owners.clear()
        querysets = []
        for practice_id, source in _sources.items():
            answer = source(probe, args["since"])
            if isinstance(answer, bool):
                raise TypeError(f"{practice_id} answers with a bool")
            for queryset in answer:
                owners.append(practice_id)
                querysets.append(queryset)
        if not querysets:
            raise TypeError("no querysets")
        sql, params = _exists_sql(querysets, "default")
        return Space, sql, params

    compiled = compile_query(build, tuple(_arguments(*probe) for probe in _PROBES))
    return replace(compiled, meta=tuple(owners)) if compiled is not None else None


def _compiled() -> CompiledQuery | None:
    key = (tuple(_sources.items()), timezone.get_current_timezone_name())
    return _COMPILED.get(key, _compile)


def _savepoint():
    """Inside a transaction, a failed query must not take the rest of it down (PostgreSQL
    refuses every later query until a rollback): a savepoint then, nothing extra otherwise."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


@dataclass(frozen=True)
class PracticeLink:
    title: str
    url: str | None


@dataclass(frozen=True)
class PillarView:
    id: str
    title: str
    summary: str
    visited: list[PracticeLink]  # practices of this pillar the pair used lately

    @property
    def quiet(self) -> bool:
        return not self.visited


def _link(practice_id: str) -> PracticeLink | None:
    practice = next((p for p in practices().items if p.id == practice_id), None)
    if practice is None:
        return None
    try:
        url = reverse(practice.route)
    except NoReverseMatch:
        url = None
    return PracticeLink(practice.title, url)


def pillar_map(membership: Membership, *, now: datetime | None = None) -> dict:
    content = pillars()
    used = recent_practices(membership, (now or timezone.now()) - PILLAR_WINDOW)
    views = [
        PillarView(
            id=p.id,
            title=p.title,
            summary=p.summary,
            visited=[link for pid in p.practices if pid in used and (link := _link(pid))],
        )
        for p in content.items
    ]
    quiet = [(v, p) for v, p in zip(views, content.items, strict=True) if v.quiet]
    suggestion = None
    if quiet:  # the first quiet pillar in the content's order: one idea, never a list
        view, pillar = quiet[0]
        links = [link for pid in pillar.practices if (link := _link(pid)) and link.url]
        suggestion = {
            "pillar": view.title,
            "text": pillar.quiet_suggestion,
            "practice": links[0] if links else None,
            "explainer": pillar.explainer,
        }
    return {
        "intro": content.intro,
        "pillars": views,
        "suggestion": suggestion,
        "note": (
            content.all_visited
            if not quiet
            else (content.all_quiet if len(quiet) == len(views) else "")
        ),
    }


def panel_context(request, membership: Membership) -> dict | None:
    """Shown once the pair has done something; before that the space's own empty state (with
    its one small first step) says it better than a map of four quiet pillars."""
    if membership.space.state != Space.State.ACTIVE:
        return None
    found = pillar_map(membership)
    if all(p.quiet for p in found["pillars"]):
        return None
    return {"space_id": membership.space_id, **found}

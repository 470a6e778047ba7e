"""SQL built once from ORM queries, then only filled in with new values.

Building a Django query and compiling it to SQL costs about a millisecond of Python for a modest
one, and on the busiest pages the same queries are built on every request with only the space,
the person and the dates changed (the insights page's fourteen sources, the pillars map). Here
such a query is compiled once per process:

1. ``build(args)`` turns named values (``{"space": ..., "user": ..., "since": ...}``) into SQL
   and its parameters, through the ORM as usual. It is called twice, with two sets of made-up
   values (the probes).
2. Each parameter of the first build that equals one of the made-up values, as the database
   backend adapts it (a date or datetime as the backend passes it, an id as itself or as text),
   becomes a slot for that value; every other parameter is a constant of the query.
3. The finding is checked: the second build must give the same SQL, and filling the slots with
   the second probe's values must give exactly its parameters. A query that fails the check,
   or whose parameters match two values at once, is not compiled (``None``): the caller goes on
   through the ORM.

After that, ``CompiledQuery.rows(args)`` only fills in the parameters and runs the SQL on the
database the routers choose for its model. The SQL is compiled for the primary's backend; a
replica is the same backend. Callers key their cache by whatever changes the SQL text itself
(the current time zone, for date truncation).

``compile_models`` does the same for a query whose rows are model objects (the person's
membership with its space and person, the spaces in the navigation): ``CompiledModels.objects``
turns the rows into instances the way Django's own queryset iteration does (the database's
value converters, ``Model.from_db``, ``select_related``'s populators), so a caller gets what the
queryset would have given. Only plain model querysets are compiled: one with annotations, extra
columns, prefetching or values() is left to the ORM.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connections, router
from django.db.models.query import ModelIterable, get_related_populators

Build = Callable[[Mapping[str, object]], tuple[type, str, Sequence]]


@dataclass(frozen=True)
class CompiledQuery:
    model: type  # whose read route the query takes (replica or primary)
    sql: str
    params: tuple
    slots: tuple[tuple[int, str, Callable], ...]  # (position, argument name, adapter)
    meta: object = None  # what the caller needs to read the rows (set with dataclasses.replace)

    def fill(self, args: Mapping[str, object]) -> tuple:
        params = list(self.params)
        for i, name, adapt in self.slots:
            params[i] = adapt(args[name])
        return tuple(params)

    def rows(self, args: Mapping[str, object]) -> list[tuple]:
        with connections[router.db_for_read(self.model)].cursor() as cursor:
            cursor.execute(self.sql, self.fill(args))
            return cursor.fetchall()


@dataclass(frozen=True)
class Probe:
    """Stands in for a membership while a query is built with made-up values: the services that
    build these queries read only its space and its person."""

    space_id: object
    user_id: object


def _identity(value):
    return value


def compile_query(
    build: Build,
    probes: tuple[Mapping[str, object], Mapping[str, object]],
    *,
    using: str = "default",
) -> CompiledQuery | None:
    ops = connections[using].ops
    adapters = (_identity, str, ops.adapt_datefield_value, ops.adapt_datetimefield_value)
    (model, sql, params), (_, sql_b, params_b) = (build(p) for p in probes)
    slots = []
    for i, param in enumerate(params):
        found = []
        for name, value in probes[0].items():
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
    compiled = CompiledQuery(model, sql, tuple(params), tuple(slots))
    if sql_b != sql or compiled.fill(probes[1]) != tuple(params_b):
        return None
    return compiled


class CompiledCache:
    """Compiled queries by key, each compiled once per process (``None`` remembered too)."""

    def __init__(self) -> None:
        self._found: dict[Hashable, CompiledQuery | None] = {}
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, compile_: Callable[[], CompiledQuery | None]
    ) -> CompiledQuery | None:
        try:
            return self._found[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._found:
                try:
                    self._found[key] = compile_()
                except (TypeError, ValueError, AttributeError):
                    self._found[key] = None  # the made-up values do not fit: the ORM it is
            return self._found[key]


@dataclass(frozen=True)
class CompiledModels:
    """A compiled model query (``compile_models``) and what turning its rows into instances needs,
    all worked out once from the compiler of the first build."""

    query: CompiledQuery
    expressions: tuple  # what each column of a row is, for the database's value converters
    klass_info: dict
    select: tuple
    init_list: tuple[str, ...]  # the main model's attribute names, in column order
    start: int
    end: int
    _populators: dict = None  # {database alias: select_related's populators}; filled as used

    def objects(self, args: Mapping[str, object]) -> list:
        alias = router.db_for_read(self.query.model)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(self.query.sql, self.query.fill(args))
            rows = cursor.fetchall()
        if not rows:
            return []
        converters = []
        for i, expression in enumerate(self.expressions):
            found = connection.ops.get_db_converters(expression)
            found += expression.get_db_converters(connection)
            if found:
                converters.append((i, found, expression))
        populators = self._populators.get(alias)
        if populators is None:
            populators = get_related_populators(self.klass_info, list(self.select), alias)
            self._populators[alias] = populators
        model = self.klass_info["model"]
        found_objects = []
        for row in rows:
            row = list(row)
            for i, functions, expression in converters:
                value = row[i]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[i] = value
            obj = model.from_db(alias, self.init_list, row[self.start : self.end])
            for populator in populators:
                populator.populate(row, obj)
            found_objects.append(obj)
        return found_objects


def compile_models(
    build: Callable[[Mapping[str, object]], object],
    probes: tuple[Mapping[str, object], Mapping[str, object]],
    *,
    using: str = "default",
) -> CompiledModels | None:
    """``build(args)`` returns a QuerySet of model instances; compiled as ``compile_query`` does,
    or None (the caller uses the ORM) when the queryset is not a plain model query."""
    compilers = []

    def sql_of(args):
        qs = build(args)
        query = qs.query
        if (
            qs._iterable_class is not ModelIterable
            or qs._prefetch_related_lookups
            or qs._known_related_objects
            or query.extra_select
            or query.annotation_select
        ):
            raise TypeError("not a plain model query")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        compilers.append(compiler)
        return qs.model, sql, params

    compiled = compile_query(sql_of, probes, using=using)
    if compiled is None:
        return None
    compiler = compilers[0]
    if compiler.annotation_col_map or compiler.col_count != len(compiler.select):
        return None
    select = tuple(compiler.select)
    fields = compiler.klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return CompiledModels(
        query=compiled,
        expressions=tuple(column[0] for column in select),
        klass_info=compiler.klass_info,
        select=select,
        init_list=tuple(column[0].target.attname for column in select[start:end]),
        start=start,
        end=end,
        _populators={},
    )


# --- named model queries of a module, compiled on first use -----------------------------------

# Made-up values for the arguments the hot queries take, unlike any real one (public ids are 22
# characters long, people are numbered from 1, nothing happens in 1901, no depth of questions is
# called that): they only ever go into building the SQL, never to the database. `now` and `since`
# are two different moments so that a query asking both is not ambiguous; `day` is a date.
PROBE_ARGUMENTS = (
    {
        "user": 582_031_907,
        "space": "probe-space-3317",
        "membership": "probe-mem-4410",
        "now": datetime(1901, 2, 3, 4, 5, 6, 7000, tzinfo=UTC),
        "since": datetime(1901, 5, 6, 7, 8, 9, 1000, tzinfo=UTC),
        "day": date(1901, 8, 9),
        "level": "probe-level-a",
    },
    {
        "user": 916_447_213,
        "space": "probe-space-7702",
        "membership": "probe-mem-2285",
        "now": datetime(1902, 8, 9, 10, 11, 12, 3000, tzinfo=UTC),
        "since": datetime(1902, 11, 12, 13, 14, 15, 5000, tzinfo=UTC),
        "day": date(1902, 12, 13),
        "level": "probe-level-b",
    },
)
ARGUMENTS = frozenset(PROBE_ARGUMENTS[0])
REGISTRY: list[ModelQueries] = []  # every module's queries, for the test that compares them


def first_of(queryset):
    """The query ``queryset.first()`` runs: the first row in its order, by id when it has none."""
    return (queryset if queryset.ordered else queryset.order_by("pk"))[:1]


class ModelQueries:
    """A module's hot model queries, by name: ``builders[name](args)`` returns the QuerySet for
    named arguments drawn from ARGUMENTS (a space, a person, a membership, moments, a day, a
    level). Each is compiled once per process on first use (``compile_models``); one that cannot
    be compiled runs through the ORM every time. tests/test_compiled_sql.py compares every
    registered query with the ORM on the demo pair, on both databases.

    A builder must depend on nothing but its arguments and fixed constants of the code: any other
    value it reads (a variable of the caller, the clock) would be compiled in once and reused.
    For ``.first()``, build ``first_of(queryset)`` and call ``first``."""

    def __init__(self, **builders: Callable[[Mapping[str, object]], object]) -> None:
        self.builders = builders
        self._compiled = CompiledCache()
        REGISTRY.append(self)

    def compiled(self, name: str) -> CompiledModels | None:
        return self._compiled.get(
            name, lambda: compile_models(self.builders[name], PROBE_ARGUMENTS)
        )

    def objects(self, name: str, **args: object) -> list:
        compiled = self.compiled(name)
        if compiled is None:
            return list(self.builders[name](args))
        return compiled.objects(args)

    def first(self, name: str, **args: object):
        found = self.objects(name, **args)
        return found[0] if found else None

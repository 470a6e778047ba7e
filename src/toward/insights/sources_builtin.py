"""The insight sources of the practices that existed when insights were built.

This module reads other apps' tables, read-only, through ``apps.get_model`` and one aggregate
query per source, the way ``demo.py`` assembles the apps: it never writes, and it never reads a
private text. Newer apps (rituals, the challenge) register their own source from their
``AppConfig.ready()`` with ``toward.insights.sources.register_source``.

Deliberately left out (see docs/INSIGHTS.md):
- the days you both checked in: next to "check-ins you did", the difference would be a count of
  the other person's quiet days;
- anything about "not right now", ratings of how a card felt, or who asked, started or answered
  first.
"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db.models import Case, Count, DateTimeField, IntegerField, Max, QuerySet, Value, When
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from toward.insights.sources import (
    MONTH,
    PERSONAL,
    SHARED,
    Source,
    day_bounds,
    register_source,
)

DEPTH_LEVEL = {"surface": 1, "personal": 2, "core": 3}


class WeekStart(TruncWeek):
    """TruncWeek, but on SQLite with the database's own date arithmetic instead of Django's
    Python function (called once per row, it was most of the page's time with years of history).
    'weekday 0' moves to the coming Sunday (or stays on one); six days back is that week's
    Monday. Stored times are UTC, so this applies only when the server's time zone is UTC."""

    def as_sqlite(self, compiler, connection):
        if timezone.get_current_timezone_name() != "UTC":
            return super().as_sqlite(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        monday = f"date({sql}, 'weekday 0', '-6 days')"
        if isinstance(self.lhs.output_field, DateTimeField):
            return f"datetime({monday})", params
        return monday, params


class MonthStart(TruncMonth):
    """TruncMonth with SQLite's own date arithmetic (see WeekStart); used on date columns."""

    def as_sqlite(self, compiler, connection):
        if isinstance(self.lhs.output_field, DateTimeField):
            return super().as_sqlite(compiler, connection)
        sql, params = compiler.compile(self.lhs)
        return f"date({sql}, 'start of month')", params


def _weekly(queryset, field: str, value) -> QuerySet:
    return (
        queryset.annotate(period=WeekStart(field))
        .values("period")
        .annotate(value=value)
        .values_list("period", "value")
        .order_by()
    )


def _between(field: str, start: date, end: date, *, day: bool = False) -> dict:
    if day:
        return {f"{field}__gte": start, f"{field}__lte": end}
    low, high = day_bounds(start, end)
    return {f"{field}__gte": low, f"{field}__lt": high}


# --- each person's own practice ------------------------------------------------------------


def checkins_done(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("checkins", "CheckIn").objects.filter(
        space_id=m.space_id, author_id=m.user_id, **_between("day", start, end, day=True)
    )
    return _weekly(rows, "day", Count("id"))


def feelings_named(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("checkins", "CheckInFeeling").objects.filter(
        checkin__space_id=m.space_id,
        checkin__author_id=m.user_id,
        **_between("checkin__day", start, end, day=True),
    )
    return _weekly(rows, "checkin__day", Count("id"))


def feeling_words(m, start: date, end: date) -> QuerySet:
    """Vocabulary breadth: how many different feelings you named each month."""
    rows = (
        apps.get_model("checkins", "CheckInFeeling")
        .objects.filter(
            checkin__space_id=m.space_id,
            checkin__author_id=m.user_id,
            **_between("checkin__day", start, end, day=True),
        )
        .annotate(period=MonthStart("checkin__day"))
        .values("period")
        .annotate(value=Count("feeling_id", distinct=True))
        .values_list("period", "value")
        .order_by()
    )
    return rows


def appreciations_written(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("checkins", "Appreciation").objects.filter(
        space_id=m.space_id, author_id=m.user_id, **_between("day", start, end, day=True)
    )
    return _weekly(rows, "day", Count("id"))


def depth_reached(m, start: date, end: date) -> QuerySet:
    """The deepest level of the questions you answered each week (answers keep no time of their
    own, so the week is the week the question was asked)."""
    level = Case(
        *[When(exchange__depth=name, then=Value(n)) for name, n in DEPTH_LEVEL.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = apps.get_model("decks", "Answer").objects.filter(
        user_id=m.user_id,
        exchange__space_id=m.space_id,
        **_between("exchange__created_at", start, end),
    )
    return _weekly(rows, "exchange__created_at", Max(level))


def exercises_done(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("exercises", "Run").objects.filter(
        space_id=m.space_id,
        started_at__isnull=False,
        ready_marks__user_id=m.user_id,
        **_between("started_at", start, end),
    )
    return _weekly(rows, "started_at", Count("id", distinct=True))


def pauses_taken(m, start: date, end: date) -> QuerySet:
    """Pauses in the space, whoever asked: no pause records who asked, and taking one is a skill
    you both practise."""
    rows = apps.get_model("repair", "Pause").objects.filter(
        space_id=m.space_id, **_between("created_at", start, end)
    )
    return _weekly(rows, "created_at", Count("id"))


def repairs_written(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("repair", "RepairPart").objects.filter(
        user_id=m.user_id,
        repair__space_id=m.space_id,
        **_between("repair__created_at", start, end),
    )
    return _weekly(rows, "repair__created_at", Count("id"))


def reflections_written(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("reflections", "Reflection").objects.filter(
        author_id=m.user_id, round__space_id=m.space_id, **_between("created_at", start, end)
    )
    return _weekly(rows, "created_at", Count("id"))


# --- the pair's shared rhythm: only things done together -----------------------------------


def questions_both_answered(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("decks", "Exchange").objects.filter(
        space_id=m.space_id, revealed_at__isnull=False, **_between("revealed_at", start, end)
    )
    return _weekly(rows, "revealed_at", Count("id"))


def sessions_together(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("decks", "Session").objects.filter(
        space_id=m.space_id, **_between("started_at", start, end)
    )
    return _weekly(rows, "started_at", Count("id"))


def exercises_together(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("exercises", "Run").objects.filter(
        space_id=m.space_id, started_at__isnull=False, **_between("started_at", start, end)
    )
    return _weekly(rows, "started_at", Count("id"))


def repairs_together(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("repair", "Repair").objects.filter(
        space_id=m.space_id, revealed_at__isnull=False, **_between("revealed_at", start, end)
    )
    return _weekly(rows, "revealed_at", Count("id"))


def reflections_together(m, start: date, end: date) -> QuerySet:
    rows = apps.get_model("reflections", "Round").objects.filter(
        space_id=m.space_id,
        together=True,
        revealed_at__isnull=False,
        **_between("revealed_at", start, end),
    )
    return _weekly(rows, "revealed_at", Count("id"))


def rituals_marked(m, start: date, end: date) -> QuerySet:
    """Rituals the pair marked "we did it": a mark keeps no name, so it is always shared."""
    rows = apps.get_model("rituals", "Mark").objects.filter(
        ritual__space_id=m.space_id, **_between("done_on", start, end, day=True)
    )
    return _weekly(rows, "done_on", Count("id"))


BUILTIN = [
    Source(
        "checkins",
        "Check-ins you did",
        PERSONAL,
        checkins_done,
        description="Your own daily check-ins in this space, each week.",
        order=10,
    ),
    Source(
        "feelings",
        "Feelings you named",
        PERSONAL,
        feelings_named,
        description="The feelings you named in your check-ins, each week.",
        order=20,
    ),
    Source(
        "feeling-words",
        "Different feelings you named",
        PERSONAL,
        feeling_words,
        period=MONTH,
        trend=False,
        description=(
            "How many different feelings you named each month: the breadth of your feelings "
            "vocabulary, not a target."
        ),
        order=25,
    ),
    Source(
        "appreciations",
        "Appreciations you wrote",
        PERSONAL,
        appreciations_written,
        description="Thank-yous you wrote, shared or kept as drafts, each week.",
        order=30,
    ),
    Source(
        "depth",
        "How deep your questions went",
        PERSONAL,
        depth_reached,
        unit="level",
        trend=False,
        description=(
            "The deepest question you answered each week: 1 surface, 2 personal, 3 core. "
            "Depth follows trust, so there is no right level."
        ),
        order=40,
    ),
    Source(
        "exercises",
        "Exercises you did",
        PERSONAL,
        exercises_done,
        description="Guided exercises you took part in, including ones you stopped early.",
        order=50,
    ),
    Source(
        "pauses",
        "Pauses taken",
        PERSONAL,
        pauses_taken,
        trend=False,
        description="Pauses in this space, whoever asked: a pause is a skill you share.",
        order=60,
    ),
    Source(
        "repairs",
        "Repairs you wrote your part of",
        PERSONAL,
        repairs_written,
        trend=False,
        description="Repairs after a disagreement where you wrote your part.",
        order=70,
    ),
    Source(
        "reflections",
        "Reflections you wrote",
        PERSONAL,
        reflections_written,
        trend=False,
        description="First reflections and journal rounds you wrote.",
        order=80,
    ),
    Source(
        "together-questions",
        "Questions you both answered",
        SHARED,
        questions_both_answered,
        order=10,
    ),
    Source(
        "together-sessions",
        "Question sessions together",
        SHARED,
        sessions_together,
        order=20,
    ),
    Source("together-exercises", "Exercises together", SHARED, exercises_together, order=30),
    Source("together-repairs", "Repairs opened together", SHARED, repairs_together, order=40),
    Source(
        "together-reflections",
        "Reflections opened together",
        SHARED,
        reflections_together,
        order=50,
    ),
]


RITUALS = Source("together-rituals", "Rituals you marked", SHARED, rituals_marked, order=60)


def register() -> None:
    for source in BUILTIN:
        register_source(source)
    if apps.is_installed("toward.rituals"):  # rituals (issue 6) arrived beside insights
        register_source(RITUALS)

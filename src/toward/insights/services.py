"""Insights for one person in one space: their own practice and the pair's shared rhythm, each
as a weekly series with an honest statement (trends.py), and the conversation suggestion when
the shared rhythm has been lower for the set number of months.

Pages, the API and the PNG download all call ``insights_for``. It runs one aggregate query per
registered source, whatever the history size (tests/test_insights.py counts them). Nothing is
stored: insights are computed when the person asks, and shown only to them (principle 3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from toward.content.library import insights_content
from toward.insights import trends
from toward.insights.sources import MONTH, PERSONAL, SHARED, Source, sources
from toward.insights.sources import counts as source_counts

RANGES = {"3m": 13, "6m": 26, "1y": 52, "3y": 156}  # weeks shown on the charts
RANGE_LABELS = {"3m": "3 months", "6m": "6 months", "1y": "a year", "3y": "3 years"}
DEFAULT_RANGE = "6m"
TOGETHER_ID = "together"


@dataclass
class Series:
    id: str
    title: str
    kind: str
    unit: str
    period: str
    description: str
    starts: list[date]  # the first day of each week (Monday) or month shown
    values: list[float]
    finding: trends.Finding | None
    statement: str
    current_partial: bool = True  # the last period is still going on

    @property
    def total(self) -> float:
        return sum(self.values)

    @property
    def has_any(self) -> bool:
        return any(self.values)

    @property
    def rows(self) -> list[tuple[str, str]]:
        """The numbers behind the chart, for the "show numbers" table."""
        from toward.insights.charts import period_label, value_label

        rows = [
            (period_label(start, self.period), value_label(value, self.unit))
            for start, value in zip(self.starts, self.values, strict=True)
        ]
        if rows and self.current_partial:
            rows[-1] = (f"{rows[-1][0]} (so far)", rows[-1][1])
        return rows


@dataclass
class Insights:
    space_id: str
    range_key: str
    start: date
    end: date
    personal: list[Series]
    together: Series
    together_includes: list[str]
    conversation: bool  # the shared rhythm has been lower for the set months
    pattern_months: int
    content: object = field(repr=False, default=None)


def clean_range(raw: object) -> str:
    return raw if isinstance(raw, str) and raw in RANGES else DEFAULT_RANGE


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _month_starts(first: date, last: date) -> list[date]:
    starts, cursor = [], first.replace(day=1)
    while cursor <= last:
        starts.append(cursor)
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return starts


def _statement(finding: trends.Finding | None, texts, months: int, starts: list[date]) -> str:
    if finding is None:
        return texts.no_statement
    if finding.kind == trends.TOO_LITTLE and finding.weeks >= trends.MIN_WEEKS:
        return texts.nothing_yet
    if finding.kind == trends.TOO_LITTLE:
        return texts.too_little_data.format(weeks=finding.weeks, needed=trends.MIN_WEEKS)
    if finding.kind == trends.MOMENT:
        offset = len(starts) - finding.weeks  # findings index the classified weeks
        week = starts[offset + finding.dip_weeks[0]]
        return texts.moment.format(week=week.strftime("%-d %B"))
    if finding.kind == trends.PATTERN:
        text = texts.rising if finding.direction == "rising" else getattr(texts, "falling", "")
        return text.format(months=months, usual=_fmt(finding.usual), recent=_fmt(finding.recent))
    return texts.no_pattern


def _window(membership, range_key: str, today: date) -> tuple[date, date, date]:
    """(history start, display start, end). History starts the week the person joined, and the
    trend looks back at most a year; the charts show the chosen range."""
    this_week = trends.monday(today)
    joined = trends.monday(timezone.localtime(membership.joined_at).date())
    reach = max(RANGES[range_key], trends.WINDOW_WEEKS + 1)
    history_start = max(joined, this_week - timedelta(weeks=reach - 1))
    display_start = max(joined, this_week - timedelta(weeks=RANGES[range_key] - 1))
    return history_start, display_start, today


def _weekly(
    source: Source, counts, history_start, display_start, end, sustained: int, texts, months: int
) -> Series:
    starts = trends.week_starts(history_start, end)
    values = trends.weekly_series(counts, history_start, end)
    complete = values[:-1]  # this week is still going on: it never counts against anyone
    finding = trends.classify(complete, sustained) if source.trend else None
    shown_from = starts.index(trends.monday(display_start))
    return Series(
        id=source.id,
        title=source.title,
        kind=source.kind,
        unit=source.unit,
        period=source.period,
        description=source.description,
        starts=starts[shown_from:],
        values=values[shown_from:],
        finding=finding,
        statement=_statement(finding, texts, months, starts[:-1]),
    )


def _monthly(source: Source, counts, display_start, end, texts) -> Series:
    starts = _month_starts(display_start, end)
    return Series(
        id=source.id,
        title=source.title,
        kind=source.kind,
        unit=source.unit,
        period=MONTH,
        description=source.description,
        starts=starts,
        values=[float(counts.get(s, 0)) for s in starts],
        finding=None,
        statement=texts.no_statement,
    )


def insights_for(membership, range_key: str = DEFAULT_RANGE, today: date | None = None):
    content = insights_content()
    months = settings.INSIGHT_DECLINE_MONTHS
    sustained = trends.weeks_for_months(months)
    today = today or timezone.localdate()
    history_start, display_start, end = _window(membership, range_key, today)
    personal = []
    for source in sources(PERSONAL):
        counts = source_counts(source, membership, history_start, end)
        if source.period == MONTH:
            personal.append(_monthly(source, counts, display_start, end, content.personal))
        else:
            personal.append(
                _weekly(
                    source,
                    counts,
                    history_start,
                    display_start,
                    end,
                    sustained,
                    content.personal,
                    months,
                )
            )
    together_counts: dict[date, float] = {}
    shared = sources(SHARED)
    for source in shared:
        for week, value in source_counts(source, membership, history_start, end).items():
            together_counts[week] = together_counts.get(week, 0) + value
    combined = Source(
        TOGETHER_ID,
        "Things you did together",
        SHARED,
        lambda *a: {},
    )
    together = _weekly(
        combined,
        together_counts,
        history_start,
        display_start,
        end,
        sustained,
        content.together,
        months,
    )
    finding = together.finding
    conversation = bool(
        finding and finding.kind == trends.PATTERN and finding.direction == "falling"
    )
    if conversation:
        together.statement = content.conversation.intro.format(months=months)
    return Insights(
        space_id=membership.space_id,
        range_key=range_key,
        start=display_start,
        end=end,
        personal=personal,
        together=together,
        together_includes=[s.title for s in shared],
        conversation=conversation,
        pattern_months=months,
        content=content,
    )


def series_by_id(insights: Insights, chart_id: str) -> Series:
    """One chart of a person's insights, for the PNG download; 404 for an unknown id."""
    if chart_id == TOGETHER_ID:
        return insights.together
    for series in insights.personal:
        if series.id == chart_id:
            return series
    raise Http404("No such chart")

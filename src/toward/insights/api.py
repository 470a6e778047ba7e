"""The JSON API of insights: the same numbers and statements as the page, for the person who
asks only: their own practice and what the two of them did together (principle 3)."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from toward.api.schemas import Error
from toward.insights import services
from toward.spaces.services import get_space_for_member

router = Router(tags=["insights"])


class FindingOut(Schema):
    """`kind`: too_little_data, no_pattern, moment or pattern; `direction`: rising or falling
    for a pattern. Null for a chart that never gets a statement (depth, pauses, repairs)."""

    kind: str
    direction: str
    weeks: int
    p_value: float | None
    slope_per_week: float | None


class SeriesOut(Schema):
    id: str
    title: str
    unit: str
    period: str
    description: str
    starts: list[str]  # ISO dates: the Monday of each week, or the first of each month
    values: list[float]
    finding: FindingOut | None
    statement: str


class ConversationOut(Schema):
    title: str
    intro: str
    curious: str
    scripts: list[str]
    therapy: str


class InsightsOut(Schema):
    range: str
    pattern_months: int
    personal: list[SeriesOut]
    together: SeriesOut
    together_includes: list[str]
    conversation: ConversationOut | None


def _series(series: services.Series) -> dict:
    finding = series.finding
    return {
        "id": series.id,
        "title": series.title,
        "unit": series.unit,
        "period": series.period,
        "description": series.description,
        "starts": [s.isoformat() for s in series.starts],
        "values": series.values,
        "finding": None
        if finding is None
        else {
            "kind": finding.kind,
            "direction": finding.direction,
            "weeks": finding.weeks,
            "p_value": finding.p,
            "slope_per_week": finding.slope_per_week,
        },
        "statement": series.statement,
    }


@router.get(
    "/spaces/{space_id}/insights",
    response={200: InsightsOut, 404: Error},
    summary="Your own practice and your shared rhythm, week by week, with what they show",
)
def get_insights(
    request: HttpRequest, space_id: str, range: Literal["3m", "6m", "1y", "3y"] = "6m"
):
    membership = get_space_for_member(request.auth, space_id)
    insights = services.insights_for(membership, range)
    talk = insights.content.conversation
    return {
        "range": insights.range_key,
        "pattern_months": insights.pattern_months,
        "personal": [_series(s) for s in insights.personal],
        "together": _series(insights.together),
        "together_includes": insights.together_includes,
        "conversation": {
            "title": talk.title,
            "intro": insights.together.statement,
            "curious": talk.curious,
            "scripts": list(talk.scripts),
            "therapy": talk.therapy,
        }
        if insights.conversation
        else None,
    }

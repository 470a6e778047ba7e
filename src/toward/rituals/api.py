"""Rituals over JSON: the library, the pair's rituals, schedules, "we did it", the calendar."""

from __future__ import annotations

from datetime import date, datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import StrictInt

from toward.api.schemas import Error, Input, Ok, Text
from toward.core.errors import ServiceError
from toward.rituals import calendar, reminders, schedule, services
from toward.spaces.services import get_space_for_member

router = Router(tags=["rituals"])


class RitualIdeaOut(Schema):
    id: str
    title: str
    summary: str
    why: str
    relationship_types: list[str]
    styles: list[str]
    suggested_rrule: str
    suggested_time: str


class RitualOut(Schema):
    id: str
    idea_id: str | None
    title: str
    note: str
    frequency: str
    days: list[str]
    day_of_month: int | None
    time: str
    rrule: str
    schedule: str
    next_at: datetime | None
    last_done: date | None


class RitualIn(Input):
    idea_id: Text | None = None
    title: Text | None = None
    note: Text | None = None
    frequency: Text | None = None
    days: list[Text] | None = None
    day_of_month: StrictInt | None = None
    time: Text | None = None
    rrule: Text | None = None


class RitualScheduleIn(Input):
    frequency: Text | None = None
    days: list[Text] | None = None
    day_of_month: StrictInt | None = None
    time: Text | None = None
    rrule: Text | None = None


class RitualDoneIn(Input):
    on: Text | None = None


class RitualMarkOut(Schema):
    ritual_id: str
    done_on: date


class RitualCalendarOut(Schema):
    ics: str


class RitualFeedOut(Schema):
    url: str


def _idea(item) -> dict:
    plan = schedule.clean_schedule(
        frequency=item.suggested.frequency,
        days=list(item.suggested.days),
        day_of_month=1,
        at_time=item.suggested.time,
    )
    return {
        "id": item.id,
        "title": item.title,
        "summary": item.summary,
        "why": item.why,
        "relationship_types": list(item.relationship_types),
        "styles": list(item.styles),
        "suggested_rrule": plan.rrule,
        "suggested_time": item.suggested.time,
    }


def _ritual(membership, row) -> dict:
    view = services.view_ritual(membership, row)
    return {
        "id": row.id,
        "idea_id": row.idea_id or None,
        "title": row.title,
        "note": row.note,
        "frequency": row.frequency,
        "days": [d for d in row.days.split(",") if d],
        "day_of_month": row.day_of_month,
        "time": row.at_time.strftime("%H:%M"),
        "rrule": schedule.schedule_of(row).rrule,
        "schedule": view.schedule,
        "next_at": view.next_at,
        "last_done": view.last_done,
    }


def _plan(payload) -> dict:
    return {
        "frequency": payload.frequency,
        "days": payload.days,
        "day_of_month": payload.day_of_month,
        "at_time": payload.time,
        "rrule": payload.rrule,
    }


@router.get(
    "/rituals/library",
    response={200: list[RitualIdeaOut], 400: Error},
    summary="The library of rituals (optionally ?style=words|touch|time|gestures)",
)
def list_library(
    request: HttpRequest, style: str | None = None, relationship_type: str | None = None
):
    if style and style not in services.STYLES:
        raise ServiceError(
            "invalid_style", "Choose a style: words, touch, time or gestures.", field="style"
        )
    if relationship_type and relationship_type not in ("romantic", "friendship", "family"):
        raise ServiceError(
            "invalid_relationship_type",
            "Choose a relationship type: romantic, friendship or family.",
            field="relationship_type",
        )
    return [_idea(i) for i in services.library(relationship_type, style)]


@router.get(
    "/spaces/{space_id}/rituals",
    response={200: list[RitualOut], 404: Error},
    summary="The pair's rituals",
)
def list_rituals(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    reminders.deliver_due(membership.space_id)
    return [_ritual(membership, r) for r in services.rituals_for(membership)]


@router.post(
    "/spaces/{space_id}/rituals",
    response={201: RitualOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Add a ritual: idea_id from the library, or a title of your own; a schedule",
)
def add_ritual(request: HttpRequest, space_id: str, payload: RitualIn | None = None):
    membership = get_space_for_member(request.auth, space_id)
    payload = payload or RitualIn()
    row = services.add_ritual(
        membership,
        idea_id=payload.idea_id,
        title=payload.title,
        note=payload.note,
        **_plan(payload),
    )
    return Status(201, _ritual(membership, row))


@router.get(
    "/spaces/{space_id}/rituals/{ritual_id}",
    response={200: RitualOut, 404: Error},
    summary="One ritual",
)
def get_ritual(request: HttpRequest, space_id: str, ritual_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return _ritual(membership, services.get_ritual(membership, ritual_id))


@router.patch(
    "/spaces/{space_id}/rituals/{ritual_id}/schedule",
    response={200: RitualOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Change a ritual's schedule (frequency, days, day_of_month, time; or an rrule)",
)
def change_schedule(
    request: HttpRequest, space_id: str, ritual_id: str, payload: RitualScheduleIn | None = None
):
    membership = get_space_for_member(request.auth, space_id)
    row = services.get_ritual(membership, ritual_id)
    plan = _plan(payload or RitualScheduleIn())
    return _ritual(membership, services.change_schedule(membership, row, **plan))


@router.delete(
    "/spaces/{space_id}/rituals/{ritual_id}",
    response={200: Ok, 404: Error},
    summary="Let a ritual go",
)
def remove_ritual(request: HttpRequest, space_id: str, ritual_id: str):
    membership = get_space_for_member(request.auth, space_id)
    services.remove_ritual(membership, services.get_ritual(membership, ritual_id))
    return {"ok": True}


@router.post(
    "/spaces/{space_id}/rituals/{ritual_id}/done",
    response={201: RitualMarkOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="We did it: mark today (or a day in the last week)",
)
def we_did_it(
    request: HttpRequest, space_id: str, ritual_id: str, payload: RitualDoneIn | None = None
):
    membership = get_space_for_member(request.auth, space_id)
    row = services.get_ritual(membership, ritual_id)
    mark = services.we_did_it(membership, row, payload and payload.on)
    return Status(201, {"ritual_id": row.id, "done_on": mark.done_on})


@router.get(
    "/rituals/calendar",
    response={200: RitualCalendarOut},
    summary="All your rituals as an iCalendar (.ics) text, on your own clock",
)
def get_calendar(request: HttpRequest):
    return {"ics": calendar.build_calendar(request.auth).decode("utf-8")}


@router.post(
    "/rituals/calendar/feed",
    response={201: RitualFeedOut},
    summary="Make a private calendar address (shown once; any earlier one stops working)",
)
def new_feed(request: HttpRequest):
    return Status(201, {"url": calendar.new_feed(request.auth)})


@router.delete(
    "/rituals/calendar/feed",
    response={200: Ok},
    summary="Turn the private calendar address off",
)
def revoke_feed(request: HttpRequest):
    calendar.revoke_feed(request.auth)
    return {"ok": True}

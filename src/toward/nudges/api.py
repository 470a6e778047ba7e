"""Notices and rest over JSON: your own notices, recharging, quiet hours, a space's pace."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import StrictBool, StrictInt

from toward.api.schemas import Error, Input, Ok, Text
from toward.nudges import services
from toward.spaces.services import get_space_for_member

router = Router(tags=["rest"])


class BellNoticeOut(Schema):
    id: str
    kind: str
    title: str
    url: str
    space_id: str | None
    created_at: datetime
    read: bool


class RestOut(Schema):
    recharging: StrictBool
    recharging_until: datetime | None
    quiet_start: str
    quiet_end: str
    time_zone: str


class RechargeIn(Input):
    recharging: StrictBool
    duration: Text | None = None


class QuietHoursIn(Input):
    quiet_start: Text
    quiet_end: Text
    time_zone: Text | None = None


class PaceOut(Schema):
    deep_dives_per_week: int | None
    deep_dives_this_week: int
    deep_dive_allowed: bool
    partner_rest: str | None


class PaceIn(Input):
    deep_dives_per_week: StrictInt | None = None


def _rest(user) -> dict:
    rest = services.rest_settings(user)
    return {
        "recharging": services.is_recharging(user),
        "recharging_until": services.recharging_until(user),
        "quiet_start": rest.quiet_start.strftime("%H:%M"),
        "quiet_end": rest.quiet_end.strftime("%H:%M"),
        "time_zone": user.time_zone,
    }


def _pace(membership) -> dict:
    from toward.spaces.services import other_member

    other = other_member(membership)
    space_id = membership.space_id
    return {
        "deep_dives_per_week": services.space_pace(space_id).deep_dives_per_week,
        "deep_dives_this_week": services.deep_dives_recent(space_id),
        "deep_dive_allowed": services.deep_dive_allowed(space_id),
        "partner_rest": (
            services.rest_status_for_partner(other.user)
            if other is not None and other.left_at is None
            else None
        ),
    }


@router.get("/notices", response={200: list[BellNoticeOut]}, summary="Your notices, newest first")
def list_notices(request: HttpRequest):
    return [
        {
            "id": n.id,
            "kind": n.kind,
            "title": n.title,
            "url": n.url,
            "space_id": n.space_id,
            "created_at": n.created_at,
            "read": n.read_at is not None,
        }
        for n in services.notices_for(request.auth)
    ]


@router.post("/notices/read", response={200: Ok}, summary="Mark all your notices as read")
def read_all(request: HttpRequest):
    services.mark_read(request.auth)
    return {"ok": True}


@router.post(
    "/notices/{notice_id}/read", response={200: Ok, 404: Error}, summary="Mark one notice as read"
)
def read_one(request: HttpRequest, notice_id: str):
    services.mark_read(request.auth, services.get_notice(request.auth, notice_id))
    return {"ok": True}


@router.get("/rest", response={200: RestOut}, summary="Your quiet hours, time zone and recharging")
def get_rest(request: HttpRequest):
    return _rest(request.auth)


@router.patch(
    "/rest/recharging",
    response={200: RestOut, 400: Error, 422: Error},
    summary="Start recharging (day, few_days, week, until_off) or stop",
)
def set_recharging(request: HttpRequest, payload: RechargeIn):
    if payload.recharging:
        services.start_recharging(request.auth, duration=payload.duration or "")
    else:
        services.stop_recharging(request.auth)
    return _rest(request.auth)


@router.patch(
    "/rest/quiet-hours",
    response={200: RestOut, 400: Error, 422: Error},
    summary="Set your quiet hours (HH:MM to HH:MM) and optionally your time zone",
)
def set_quiet_hours(request: HttpRequest, payload: QuietHoursIn):
    services.set_quiet_hours(
        request.auth, start=payload.quiet_start, end=payload.quiet_end, time_zone=payload.time_zone
    )
    return _rest(request.auth)


@router.get(
    "/spaces/{space_id}/pace",
    response={200: PaceOut, 404: Error},
    summary="The pair's limit on deep conversations, and the other's neutral rest line",
)
def get_pace(request: HttpRequest, space_id: str):
    return _pace(get_space_for_member(request.auth, space_id))


@router.patch(
    "/spaces/{space_id}/pace",
    response={200: PaceOut, 400: Error, 404: Error, 422: Error},
    summary="Set at most N deep conversations a week (null: no limit)",
)
def set_pace(request: HttpRequest, space_id: str, payload: PaceIn | None = None):
    membership = get_space_for_member(request.auth, space_id)
    services.set_deep_dive_limit(membership.space_id, payload and payload.deep_dives_per_week)
    return _pace(membership)

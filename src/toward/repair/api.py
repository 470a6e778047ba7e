"""Repair after conflict and the pause over JSON. Nothing here says who started a repair or who
asked for a pause; the other person's parts appear only once both have written theirs."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from toward.api.schemas import Error, Input, Ok, Text
from toward.repair import pauses, services
from toward.repair.models import Pause
from toward.spaces.services import get_space_for_member

router = Router(tags=["repair"])


class PauseOut(Schema):
    id: str
    minutes: int
    note: str
    return_at: datetime
    running: bool
    extended: bool
    ended_early: bool


class PauseIn(Input):
    minutes: int | None = None
    note: Text | None = None


class ExtendIn(Input):
    minutes: int | None = None


class NoticeOut(Schema):
    id: str
    kind: str
    text: str
    pause_id: str


class PartsIn(Input):
    my_part: Text
    felt: Text
    ask: Text
    reconnect: Text


class PartsOut(Schema):
    my_part: str
    felt: str
    ask: str
    reconnect: str


class RepairOut(Schema):
    id: str
    state: str
    mine: PartsOut | None
    theirs: PartsOut | None
    from_pause: bool
    # True when some parts here are sealed to your own key and this token doesn't carry it
    # (make a token while unlocked on the account page): `mine`/`theirs` are null then.
    locked: bool


class RepairIn(Input):
    pause_id: Text | None = None


def _pause(row: Pause) -> dict:
    return {
        "id": row.id,
        "minutes": row.minutes,
        "note": row.note,
        "return_at": row.return_at,
        "running": pauses.is_running(row),
        "extended": row.extended,
        "ended_early": row.ended_at is not None,
    }


def _repair(view) -> dict:
    return {
        "id": view.repair.id,
        "state": view.state,
        "mine": view.mine,
        "theirs": view.theirs,
        "from_pause": view.repair.pause_id is not None,
        "locked": view.locked,
    }


@router.post(
    "/spaces/{space_id}/pauses",
    response={201: PauseOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Ask for a pause (at least 20 minutes) with a time to come back",
)
def ask_for_pause(request: HttpRequest, space_id: str, payload: PauseIn):
    membership = get_space_for_member(request.auth, space_id)
    row = pauses.ask_for_pause(membership, minutes=payload.minutes, note=payload.note or "")
    return Status(201, _pause(row))


@router.get(
    "/spaces/{space_id}/pauses/{pause_id}",
    response={200: PauseOut, 404: Error},
    summary="One pause",
)
def get_pause(request: HttpRequest, space_id: str, pause_id: str):
    membership = get_space_for_member(request.auth, space_id)
    pauses.deliver_due(membership.space_id)
    return _pause(pauses.get_pause(membership, pause_id))


@router.post(
    "/spaces/{space_id}/pauses/{pause_id}/end",
    response={200: PauseOut, 404: Error, 409: Error},
    summary="End a pause early, for both",
)
def end_pause(request: HttpRequest, space_id: str, pause_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return _pause(pauses.end_pause(membership, pauses.get_pause(membership, pause_id)))


@router.post(
    "/spaces/{space_id}/pauses/{pause_id}/extend",
    response={200: PauseOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Make a running pause longer (once)",
)
def extend_pause(
    request: HttpRequest, space_id: str, pause_id: str, payload: ExtendIn | None = None
):
    membership = get_space_for_member(request.auth, space_id)
    row = pauses.get_pause(membership, pause_id)
    return _pause(pauses.extend_pause(membership, row, minutes=payload and payload.minutes))


@router.get(
    "/spaces/{space_id}/pause-notices",
    response={200: list[NoticeOut], 404: Error},
    summary="Your unread notices about pauses (only the agreed time, never content)",
)
def notices(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    pauses.deliver_due(membership.space_id)
    return [n.__dict__ for n in pauses.notices_for(membership)]


@router.post(
    "/spaces/{space_id}/pause-notices/seen",
    response={200: Ok, 404: Error},
    summary="Mark your notices as read",
)
def notices_seen(request: HttpRequest, space_id: str):
    pauses.dismiss_notices(get_space_for_member(request.auth, space_id))
    return {"ok": True}


@router.get(
    "/spaces/{space_id}/repairs",
    response={200: list[RepairOut], 404: Error},
    summary="Repairs in this space, as you may see them",
)
def list_repairs(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [_repair(v) for v in services.repairs_for(membership, request.data_key)]


@router.post(
    "/spaces/{space_id}/repairs",
    response={201: RepairOut, 404: Error, 409: Error, 422: Error},
    summary="Start a repair (or get the one already open), optionally from a pause",
)
def start_repair(request: HttpRequest, space_id: str, payload: RepairIn | None = None):
    membership = get_space_for_member(request.auth, space_id)
    pause_id = payload and payload.pause_id
    linked = pauses.get_pause(membership, pause_id) if pause_id else None
    row = services.start_repair(membership, pause=linked)
    return Status(201, _repair(services.view_repair(membership, row, request.data_key)))


@router.get(
    "/spaces/{space_id}/repairs/{repair_id}",
    response={200: RepairOut, 404: Error},
    summary="One repair: your parts, and the other's once both are written",
)
def get_repair(request: HttpRequest, space_id: str, repair_id: str):
    membership = get_space_for_member(request.auth, space_id)
    row = services.get_repair(membership, repair_id)
    return _repair(services.view_repair(membership, row, request.data_key))


@router.put(
    "/spaces/{space_id}/repairs/{repair_id}/parts",
    response={200: RepairOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Write (or rewrite) your four parts; both open once both are written",
)
def write_parts(request: HttpRequest, space_id: str, repair_id: str, payload: PartsIn):
    membership = get_space_for_member(request.auth, space_id)
    row = services.get_repair(membership, repair_id)
    row = services.write_parts(membership, row, **payload.model_dump())
    return _repair(services.view_repair(membership, row, request.data_key))


@router.post(
    "/spaces/{space_id}/repairs/{repair_id}/reconnected",
    response={200: RepairOut, 404: Error, 409: Error},
    summary="Say you reconnected",
)
def reconnected(request: HttpRequest, space_id: str, repair_id: str):
    membership = get_space_for_member(request.auth, space_id)
    row = services.mark_reconnected(membership, services.get_repair(membership, repair_id))
    return _repair(services.view_repair(membership, row, request.data_key))

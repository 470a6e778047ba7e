from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.http import HttpRequest
from ninja import Body, Router, Schema, Status
from pydantic import BaseModel, Field

from toward.api.schemas import Error, Input, Text
from toward.checkins import appreciations, services
from toward.checkins.services import CheckInView
from toward.spaces.services import get_space_for_member

router = Router(tags=["check-ins"])


class FeelingIn(Input):
    id: Text
    intensity: int


class CheckInIn(Input):
    went_well: Text = ""
    hard: Text = ""
    worried: Text = ""
    pleased: Text = ""
    need_tonight: Text = ""
    # Private notes are sealed with your password, which the API never sees: write them on the
    # web page. Sending one here is refused; leaving it out keeps the note as it is.
    private_note: Text | None = None
    feelings: list[FeelingIn] = Field(default_factory=list)
    day: date | None = None


# The check-in outputs are plain pydantic models: the views hand them dicts, and ninja's Schema
# would wrap every nested dict to read it like a Django object, a third of the history's time
# (docs/PERFORMANCE.md).
class FeelingOut(BaseModel):
    id: str
    name: str
    colour: str
    intensity: int


class CheckInOut(BaseModel):
    """One check-in as the caller may see it. For the other person's unrevealed check-in only
    `waiting: true` and the author's name are filled. Your private note is sealed with your
    password, so the API says only whether you have one (`private_note_sealed`)."""

    id: str | None
    day: date
    mine: bool
    author_name: str
    waiting: bool
    answers: dict[str, str] | None
    feelings: list[FeelingOut]
    need_tonight: str | None
    private_note: str | None
    private_note_sealed: bool | None
    shared_early: bool | None


class TodayOut(BaseModel):
    day: date
    mine: CheckInOut | None
    theirs: CheckInOut | None


class HistoryDayOut(BaseModel):
    day: date
    mine: CheckInOut | None
    theirs: CheckInOut | None


class AppreciationIn(Input):
    did: Text
    felt: Text = ""
    says: Text = ""
    private: bool = False


class AppreciationOut(Schema):
    id: str
    mine: bool
    author_name: str
    did: str
    felt: str
    says: str
    day: date
    private: bool | None
    # one of your private drafts, sealed with your password, and this token doesn't carry your
    # key (make one while unlocked on the account page): its words are empty here
    locked: bool


class AppreciationCreated(AppreciationOut):
    hint: str | None


def _checkin(view: CheckInView | None) -> dict | None:
    if view is None:
        return None
    if not view.revealed:
        return {
            "id": None,
            "day": view.day,
            "mine": False,
            "author_name": view.author_name,
            "waiting": True,
            "answers": None,
            "feelings": [],
            "need_tonight": None,
            "private_note": None,
            "private_note_sealed": None,
            "shared_early": None,
        }
    return {
        "id": view.id,
        "day": view.day,
        "mine": view.mine,
        "author_name": view.author_name,
        "waiting": False,
        "answers": view.answers,
        "feelings": [
            {
                "id": n.feeling.id,
                "name": n.feeling.label,
                "colour": n.feeling.colour,
                "intensity": n.intensity,
            }
            for n in view.feelings
        ],
        "need_tonight": view.need_tonight,
        "private_note": view.private_note if view.mine else None,
        "private_note_sealed": view.note_locked if view.mine else None,
        "shared_early": view.shared_early if view.mine else None,
    }


def _today(membership) -> dict:
    now = services.today(membership)
    return {"day": now.day, "mine": _checkin(now.mine), "theirs": _checkin(now.theirs)}


@router.get(
    "/spaces/{space_id}/checkins/today",
    response={200: TodayOut, 404: Error},
    summary="Today's check-ins: yours, and the other person's once it is revealed to you",
)
def get_today(request: HttpRequest, space_id: str):
    return _today(get_space_for_member(request.auth, space_id))


@router.put(
    "/spaces/{space_id}/checkins/today",
    response={200: TodayOut, 400: Error, 404: Error, 422: Error},
    summary="Write or rewrite your check-in (for today, or `day` for yesterday)",
)
def put_checkin(request: HttpRequest, space_id: str, payload: Body[CheckInIn | None] = None):
    membership = get_space_for_member(request.auth, space_id)
    payload = payload or CheckInIn()
    services.submit_checkin(
        membership,
        feelings=[(f.id, f.intensity) for f in payload.feelings],
        day=payload.day,
        **payload.model_dump(exclude={"feelings", "day"}),
    )
    return _today(membership)


@router.post(
    "/spaces/{space_id}/checkins/today/share",
    response={200: TodayOut, 400: Error, 404: Error},
    summary="Share today's check-in before the other person has written theirs",
)
def share_today(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    services.share_now(membership)
    return _today(membership)


@router.get(
    "/spaces/{space_id}/checkins",
    response={200: list[HistoryDayOut], 400: Error, 404: Error},
    summary="Past check-ins side by side by day, optionally only days with a feeling",
)
def list_checkins(request: HttpRequest, space_id: str, feeling: str | None = None):
    membership = get_space_for_member(request.auth, space_id)
    return [
        {"day": d.day, "mine": _checkin(d.mine), "theirs": _checkin(d.theirs)}
        for d in services.history(membership, feeling_id=feeling)
    ]


def _appreciation(view) -> dict:
    return {
        "id": view.id,
        "mine": view.mine,
        "author_name": view.author_name,
        "did": view.did,
        "felt": view.felt,
        "says": view.says,
        "day": view.day,
        "private": view.is_private if view.mine else None,
        "locked": view.locked,
    }


@router.get(
    "/spaces/{space_id}/appreciations",
    response={200: list[AppreciationOut], 404: Error},
    summary="Appreciations: all of yours, and the other person's shared ones",
)
def list_appreciations(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [
        _appreciation(v) for v in appreciations.view_appreciations(membership, request.data_key)
    ]


@router.post(
    "/spaces/{space_id}/appreciations",
    response={201: AppreciationCreated, 400: Error, 404: Error, 422: Error},
    summary="Write an appreciation (shared at once unless private); `hint` nudges vague thanks",
)
def create_appreciation(request: HttpRequest, space_id: str, payload: AppreciationIn):
    membership = get_space_for_member(request.auth, space_id)
    saved = appreciations.add_appreciation(
        membership,
        did=payload.did,
        felt=payload.felt,
        says=payload.says,
        is_private=payload.private,
    )
    views = appreciations.view_appreciations(membership, request.data_key)
    view = next(v for v in views if v.id == saved.id)
    if view.locked:  # just written: the words are at hand even without the key
        view = replace(view, **saved.fresh_words, locked=False)
    return Status(201, {**_appreciation(view), "hint": appreciations.vague_hint(payload.did)})


class ShareIn(Input):
    id: Text


@router.post(
    "/spaces/{space_id}/appreciations/share",
    response={200: AppreciationOut, 404: Error, 422: Error},
    summary="Share one of your private drafts",
)
def share_appreciation(request: HttpRequest, space_id: str, payload: ShareIn):
    membership = get_space_for_member(request.auth, space_id)
    appreciation = appreciations.get_own_appreciation(membership, payload.id)
    appreciations.share_appreciation(appreciation, request.data_key)
    views = appreciations.view_appreciations(membership, request.data_key)
    return _appreciation(next(v for v in views if v.id == appreciation.id))

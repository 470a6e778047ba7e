"""The JSON API of the 30-day challenge.

API tokens carry no data key, so private notes and reflections (sealed with the author's key)
are written in the app. The API starts, marks, rests and closes, and reads what the reveal rule
allows: a shared challenge's reflections (yours, and theirs once both have written); a solo
challenge's reflections show as `sealed`.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from toward.api.schemas import Error, Input, Text
from toward.challenge import services
from toward.challenge.models import END_WEEK
from toward.core.errors import ServiceError
from toward.spaces.services import get_space_for_member

router = Router(tags=["the 30-day challenge"])


class ChallengeStartIn(Input):
    together: bool = True


class MarkIn(Input):
    state: Literal["done", "let_go", "open"] = "done"


class StateIn(Input):
    action: Text  # pause | resume | close


class DayOut(Schema):
    day: int
    week: int
    title: str
    task: str
    practice: str
    link: str | None
    status: str  # done | let_go | open | ahead
    mine: str | None


class ChallengeReflectionOut(Schema):
    week: int  # 5 is the end reflection
    mine: dict | None
    sealed: bool
    other_written: bool
    theirs: dict | None
    # both have written, but theirs is sealed to your own key, which this token doesn't carry
    theirs_locked: bool


class ChallengeSuggestionOut(Schema):
    practice: str
    title: str


class ChallengeOut(Schema):
    id: str
    kind: str  # shared | solo
    state: str
    today: int
    done: int
    let_go: int
    total: int
    days: list[DayOut]
    reflections: list[ChallengeReflectionOut]
    suggestion: list[ChallengeSuggestionOut] | None


class ChallengeSummaryOut(Schema):
    id: str
    kind: str
    state: str
    today: int
    done: int
    total: int


def _summary(membership, challenge) -> dict:
    view = services.view_challenge(membership, challenge)
    return {
        "id": challenge.id,
        "kind": "solo" if challenge.owner_id else "shared",
        "state": challenge.state,
        "today": view.today,
        "done": view.done,
        "total": view.total,
    }


def _full(membership, challenge, data_key: bytes | None) -> dict:
    view = services.view_challenge(membership, challenge)
    reflections = services.view_reflections(membership, challenge, data_key)
    has_mine = set(
        challenge.reflections.filter(author_id=membership.user_id).values_list("week", flat=True)
    )
    suggestion = services.end_suggestion(view, reflections)
    return {
        **_summary(membership, challenge),
        "let_go": view.let_go,
        "days": [
            {
                "day": d.number,
                "week": d.week,
                "title": d.content.title,
                "task": d.content.task,
                "practice": d.content.practice,
                "link": d.link,
                "status": d.status,
                "mine": d.mine,
            }
            for d in view.days
        ],
        "reflections": [
            {
                "week": week,
                "mine": r.mine,
                "sealed": week in has_mine and r.mine is None,
                "other_written": r.other_written,
                "theirs": r.theirs,
                "theirs_locked": r.theirs_locked,
            }
            for week, r in sorted(reflections.items())
            if week <= END_WEEK
        ],
        "suggestion": (
            [{"practice": s.practice, "title": s.title} for s in suggestion]
            if suggestion is not None
            else None
        ),
    }


@router.get(
    "/spaces/{space_id}/challenges",
    response={200: list[ChallengeSummaryOut], 404: Error},
    summary="Challenges you can see in a space: the pair's, and your own solo ones",
)
def list_challenges(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    rows = services.open_challenges(membership) + services.earlier_challenges(membership)
    return [_summary(membership, c) for c in rows]


@router.post(
    "/spaces/{space_id}/challenges",
    response={201: ChallengeOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Begin the challenge, together or on your own",
)
def start_challenge(request: HttpRequest, space_id: str, payload: ChallengeStartIn):
    membership = get_space_for_member(request.auth, space_id)
    challenge = services.start_challenge(membership, together=payload.together)
    return Status(201, _full(membership, challenge, request.data_key))


@router.get(
    "/spaces/{space_id}/challenges/{challenge_id}",
    response={200: ChallengeOut, 404: Error},
    summary="One challenge: days, progress so far, reflections as the reveal rule allows",
)
def get_challenge(request: HttpRequest, space_id: str, challenge_id: str):
    membership = get_space_for_member(request.auth, space_id)
    challenge = services.get_challenge_for_member(membership, challenge_id)
    return _full(membership, challenge, request.data_key)


@router.post(
    "/spaces/{space_id}/challenges/{challenge_id}/days/{day}",
    response={200: ChallengeOut, 400: Error, 404: Error, 422: Error},
    summary="Mark a day done or let go, or open it again",
)
def mark_day(request: HttpRequest, space_id: str, challenge_id: str, day: str, payload: MarkIn):
    membership = get_space_for_member(request.auth, space_id)
    challenge = services.get_challenge_for_member(membership, challenge_id)
    services.mark_day(membership, challenge, services.parse_day(day), payload.state)
    return _full(membership, challenge, request.data_key)


@router.post(
    "/spaces/{space_id}/challenges/{challenge_id}/state",
    response={200: ChallengeOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Rest (pause), carry on (resume), or close the challenge",
)
def change_state(request: HttpRequest, space_id: str, challenge_id: str, payload: StateIn):
    membership = get_space_for_member(request.auth, space_id)
    challenge = services.get_challenge_for_member(membership, challenge_id)
    actions = {"pause": services.pause, "resume": services.resume, "close": services.close}
    if payload.action not in actions:
        raise ServiceError("invalid_action", "Choose pause, resume or close.", field="action")
    actions[payload.action](membership, challenge)
    challenge.refresh_from_db()
    return _full(membership, challenge, request.data_key)

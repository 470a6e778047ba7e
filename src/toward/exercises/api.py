"""The guided exercises over JSON. Reflections are private entries sealed with the person's own
key, which an API token does not carry, so they are written and read on the web pages only."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from toward.api.schemas import Error, Input, Text
from toward.exercises import services
from toward.exercises.models import Run
from toward.spaces.services import get_space_for_member

router = Router(tags=["exercises"])


class ExerciseOut(Schema):
    id: str
    kind: str
    title: str
    summary: str
    what: str
    why: str
    sources: list[str]
    minutes_default: int | None
    minutes_min: int | None
    minutes_max: int | None


class WindowOut(Schema):
    started_at: datetime
    planned_minutes: int
    minutes: int
    completed: bool


class CatalogueOut(Schema):
    exercises: list[ExerciseOut]
    phone_free_log: list[WindowOut]


class RunOut(Schema):
    id: str
    exercise: str
    kind: str
    state: str
    i_am_ready: bool
    other_is_ready: bool
    minutes: int | None
    breathe_in: int | None
    breathe_out: int | None
    breaths: int | None
    started_at: datetime | None
    ends_at: datetime | None
    turn_is_mine: bool | None
    appreciations_given: int | None
    version: int


class StartIn(Input):
    exercise: Text
    minutes: int | None = None
    pace: Text | None = None
    breathe_in: int | None = None
    breathe_out: int | None = None


class ReadyIn(Input):
    """Who is ready. On one shared device each person taps their own name: `"me"` (the default)
    for the token's owner, `"other"` for the other member sitting beside them."""

    who: Literal["me", "other"] = "me"


class GratitudeIn(Input):
    did: Text | None = None
    felt: Text | None = None
    says: Text | None = None
    said_aloud: bool = False


def _exercise(guide) -> dict:
    return {
        **guide.model_dump(include={"id", "kind", "title", "summary", "what", "why"}),
        "sources": [s.cite for s in guide.sources],
        "minutes_default": guide.minutes_default,
        "minutes_min": guide.minutes_min,
        "minutes_max": guide.minutes_max,
    }


def _run(membership, run: Run) -> dict:
    view = services.view(membership, run)
    gratitude = run.kind == "gratitude"
    return {
        "id": run.id,
        "exercise": run.exercise,
        "kind": run.kind,
        "state": run.state,
        "i_am_ready": view.i_am_ready,
        "other_is_ready": view.other_is_ready,
        "minutes": run.minutes,
        "breathe_in": run.breathe_in,
        "breathe_out": run.breathe_out,
        "breaths": run.breaths,
        "started_at": run.started_at,
        "ends_at": run.ends_at,
        "turn_is_mine": view.my_turn if gratitude else None,
        "appreciations_given": view.given if gratitude else None,
        "version": run.version,
    }


@router.get(
    "/spaces/{space_id}/exercises",
    response={200: CatalogueOut, 404: Error},
    summary="The guided exercises, and the pair's phone-free log",
)
def catalogue(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    log = services.phone_free_log(membership)
    return {
        "exercises": [_exercise(g) for g in services.guides()],
        "phone_free_log": [
            {
                "started_at": w.day,
                "planned_minutes": w.planned_minutes,
                "minutes": w.minutes,
                "completed": w.completed,
            }
            for w in log
        ],
    }


@router.post(
    "/spaces/{space_id}/exercises/runs",
    response={201: RunOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Open an exercise for the pair (it starts once both are ready)",
)
def start(request: HttpRequest, space_id: str, payload: StartIn):
    membership = get_space_for_member(request.auth, space_id)
    run = services.start(membership, payload.exercise, **payload.model_dump(exclude={"exercise"}))
    return Status(201, _run(membership, run))


@router.get(
    "/spaces/{space_id}/exercises/runs/{run_id}",
    response={200: RunOut, 404: Error},
    summary="One exercise run, as it stands now",
)
def get_run(request: HttpRequest, space_id: str, run_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return _run(membership, services.get_run(membership, run_id))


@router.post(
    "/spaces/{space_id}/exercises/runs/{run_id}/ready",
    response={200: RunOut, 404: Error, 409: Error, 422: Error},
    summary="Say who is ready: you, or on one shared device the other person beside you",
)
def ready(request: HttpRequest, space_id: str, run_id: str, payload: ReadyIn | None = None):
    membership = get_space_for_member(request.auth, space_id)
    run = services.get_run(membership, run_id)
    run = services.ready(membership, run, other=bool(payload and payload.who == "other"))
    return _run(membership, run)


@router.post(
    "/spaces/{space_id}/exercises/runs/{run_id}/stop",
    response={200: RunOut, 404: Error},
    summary="Not right now: end the exercise gently, for both",
)
def stop(request: HttpRequest, space_id: str, run_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return _run(membership, services.stop(membership, services.get_run(membership, run_id)))


@router.post(
    "/spaces/{space_id}/exercises/runs/{run_id}/finish",
    response={200: RunOut, 404: Error, 409: Error},
    summary="Finish the guided part now",
)
def finish(request: HttpRequest, space_id: str, run_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return _run(membership, services.finish(membership, services.get_run(membership, run_id)))


@router.post(
    "/spaces/{space_id}/exercises/runs/{run_id}/gratitude",
    response={200: RunOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Give your appreciation in the gratitude round, or mark it said aloud",
)
def gratitude(request: HttpRequest, space_id: str, run_id: str, payload: GratitudeIn):
    membership = get_space_for_member(request.auth, space_id)
    run = services.get_run(membership, run_id)
    run = services.gratitude_turn(
        membership,
        run,
        did=payload.did or "",
        felt=payload.felt or "",
        says=payload.says or "",
        said_aloud=payload.said_aloud,
    )
    return _run(membership, run)

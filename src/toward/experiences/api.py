"""The JSON API of shared experiences: ideas, the planner and memories (multipart for photos)."""

from __future__ import annotations

from typing import Literal

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from toward.api.schemas import Error, Input, Ok, Text
from toward.experiences import services
from toward.spaces.services import get_space_for_member

router = Router(tags=["shared experiences"])


class IdeaOut(Schema):
    id: str
    title: str
    detail: str
    cost: str
    time: str
    place: str
    relationship_types: list[str]


class PlanIn(Input):
    when: Text  # "YYYY-MM-DDTHH:MM" in your time zone, or with an offset
    idea_id: Text = ""
    title: Text = ""
    note: Text = ""


class AnotherTimeIn(Input):
    when: Text


class PlanOut(Schema):
    id: str
    title: str
    idea_id: str
    note: str
    starts_at: str
    state: str  # proposed | accepted
    mine: bool  # you proposed it
    your_turn: bool  # your answer is needed


class MemoryOut(Schema):
    id: str
    mine: bool
    title: str
    happened_on: str
    note: str
    photo_url: str | None
    photo_type: str | None
    photo_width: int | None
    photo_height: int | None


def _plan(membership, plan) -> dict:
    return {
        "id": plan.id,
        "title": plan.title,
        "idea_id": plan.idea_id,
        "note": plan.note,
        "starts_at": plan.starts_at.isoformat(),
        "state": plan.state,
        "mine": plan.proposer_id == membership.user_id,
        "your_turn": plan.state == "proposed" and plan.awaiting_id == membership.user_id,
    }


def _memory(membership, memory) -> dict:
    return {
        "id": memory.id,
        "mine": memory.author_id == membership.user_id,
        "title": memory.title,
        "happened_on": memory.happened_on.isoformat(),
        "note": memory.note,
        "photo_url": (
            f"/api/v1/spaces/{memory.space_id}/memories/{memory.id}/photo" if memory.photo else None
        ),
        "photo_type": memory.photo_type or None,
        "photo_width": memory.photo_width,
        "photo_height": memory.photo_height,
    }


@router.get(
    "/spaces/{space_id}/ideas",
    response={200: list[IdeaOut], 404: Error, 422: Error},
    summary="Ideas for new things to do together, for this pair; filter by cost, time, place",
)
def list_ideas(
    request: HttpRequest,
    space_id: str,
    cost: Literal["free", "low", "medium", "splurge"] | None = None,
    time: Literal["short", "hours", "day", "longer"] | None = None,
    place: Literal["home", "out", "outdoors", "apart"] | None = None,
):
    membership = get_space_for_member(request.auth, space_id)
    found = services.ideas(membership.space.relationship_type, cost=cost, time=time, place=place)
    return [idea.model_dump(include=set(IdeaOut.model_fields)) for idea in found]


@router.get(
    "/spaces/{space_id}/plans",
    response={200: list[PlanOut], 404: Error},
    summary="Plans still to come, soonest first",
)
def list_plans(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [_plan(membership, p) for p in services.plans_for(membership)]


@router.post(
    "/spaces/{space_id}/plans",
    response={201: PlanOut, 400: Error, 404: Error, 422: Error},
    summary="Propose something to do together at a time",
)
def propose(request: HttpRequest, space_id: str, payload: PlanIn):
    membership = get_space_for_member(request.auth, space_id)
    plan = services.propose(membership, **payload.model_dump())
    return Status(201, _plan(membership, plan))


@router.post(
    "/spaces/{space_id}/plans/{plan_id}/accept",
    response={200: PlanOut, 400: Error, 404: Error, 409: Error},
    summary="Accept the time proposed to you",
)
def accept(request: HttpRequest, space_id: str, plan_id: str):
    membership = get_space_for_member(request.auth, space_id)
    plan = services.accept(membership, services.get_plan_for_member(membership, plan_id))
    return _plan(membership, plan)


@router.post(
    "/spaces/{space_id}/plans/{plan_id}/another-time",
    response={200: PlanOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Suggest another time; the plan goes back to the other person",
)
def another_time(request: HttpRequest, space_id: str, plan_id: str, payload: AnotherTimeIn):
    membership = get_space_for_member(request.auth, space_id)
    plan = services.get_plan_for_member(membership, plan_id)
    return _plan(membership, services.suggest_another_time(membership, plan, payload.when))


@router.post(
    "/spaces/{space_id}/plans/{plan_id}/cancel",
    response={200: Ok, 404: Error},
    summary="Set a plan aside (either of you; no reason asked, none recorded)",
)
def cancel(request: HttpRequest, space_id: str, plan_id: str):
    membership = get_space_for_member(request.auth, space_id)
    services.cancel(membership, services.get_plan_for_member(membership, plan_id))
    return {"ok": True}


@router.get(
    "/spaces/{space_id}/memories",
    response={200: list[MemoryOut], 404: Error},
    summary="The pair's timeline of memories, newest first",
)
def list_memories(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [_memory(membership, m) for m in services.timeline(membership)]


@router.post(
    "/spaces/{space_id}/memories",
    response={201: MemoryOut, 400: Error, 404: Error, 422: Error},
    summary="Keep a memory (multipart form: title, happened_on, note, optional photo)",
)
def add_memory(
    request: HttpRequest,
    space_id: str,
    title: Form[str] = "",
    happened_on: Form[str] = "",
    note: Form[str] = "",
    photo: File[UploadedFile] = None,
):
    membership = get_space_for_member(request.auth, space_id)
    memory = services.add_memory(
        membership, title=title, happened_on=happened_on, note=note, photo=photo
    )
    return Status(201, _memory(membership, memory))


@router.get(
    "/spaces/{space_id}/memories/{memory_id}",
    response={200: MemoryOut, 404: Error},
    summary="One memory",
)
def get_memory(request: HttpRequest, space_id: str, memory_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return _memory(membership, services.get_memory_for_member(membership, memory_id))


@router.delete(
    "/spaces/{space_id}/memories/{memory_id}",
    response={200: Ok, 400: Error, 404: Error},
    summary="Remove a memory you added (its photo goes too)",
)
def delete_memory(request: HttpRequest, space_id: str, memory_id: str):
    membership = get_space_for_member(request.auth, space_id)
    services.delete_memory(membership, services.get_memory_for_member(membership, memory_id))
    return {"ok": True}


@router.get(
    "/spaces/{space_id}/memories/{memory_id}/photo",
    response={200: None, 404: Error},
    summary="A memory's photo (members only, never cached)",
)
def get_photo(request: HttpRequest, space_id: str, memory_id: str):
    membership = get_space_for_member(request.auth, space_id)
    memory = services.get_memory_for_member(membership, memory_id)
    response = FileResponse(services.open_photo(memory), content_type=memory.photo_type)
    response["Cache-Control"] = "no-store, private"
    return response

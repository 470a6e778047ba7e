"""The JSON API of the first reflection, the dreams board and the pillars map.

API tokens carry no data key, so the API cannot write a reflection (answers are sealed with the
author's key, which only an unlocked browser holds). It reads the round as the reveal rule allows;
journal entries, sealed only with the author's key, show as `sealed`.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from toward.api.schemas import Error, Input, Text
from toward.reflections import dreams, pillars, services
from toward.spaces.services import get_space_for_member

router = Router(tags=["reflections and dreams"])


class SuggestionOut(Schema):
    practice: str
    why: str


class ReflectionOut(Schema):
    """`theirs` is filled only once both have written; before that, `other_written` says only
    that they have. `mine` is null and `sealed` true for a journal entry (open it in the app)."""

    round_id: str | None
    together: bool
    mine: dict[str, str] | None
    sealed: bool
    other_written: bool
    revealed: bool
    theirs: dict[str, str] | None
    # revealed, but sealed to your own key, which this token doesn't carry (make a token while
    # unlocked on the account page to read it here)
    theirs_locked: bool
    suggestion: SuggestionOut | None


class DreamIn(Input):
    title: Text
    detail: Text = ""
    help_wanted: Text = ""


class NoteIn(Input):
    kind: Text
    text: Text = ""


class NoteOut(Schema):
    id: str
    mine: bool
    author_name: str
    kind: str
    text: str


class MilestoneOut(Schema):
    id: str
    text: str
    reached: bool


class DreamOut(Schema):
    id: str
    mine: bool
    author_name: str
    title: str
    detail: str
    help_wanted: str
    milestones: list[MilestoneOut]
    notes: list[NoteOut]


class PillarOut(Schema):
    id: str
    title: str
    visited: list[str]


class PillarsOut(Schema):
    pillars: list[PillarOut]
    suggestion: str | None


@router.get(
    "/spaces/{space_id}/reflection",
    response={200: ReflectionOut, 404: Error},
    summary="The current first reflection, as the reveal rule lets you see it",
)
def get_reflection(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    round = services.current_round(membership)
    if round is None:
        return {
            "round_id": None,
            "together": membership.space.state == "active",
            "mine": None,
            "sealed": False,
            "other_written": False,
            "revealed": False,
            "theirs": None,
            "theirs_locked": False,
            "suggestion": None,
        }
    view = services.view_round(membership, round, request.data_key)
    has_mine = round.reflections.filter(author_id=membership.user_id).exists()
    return {
        "round_id": round.id,
        "together": view.together,
        "mine": view.mine,
        "sealed": has_mine and view.mine is None,
        "other_written": view.other_written,
        "revealed": view.revealed,
        "theirs": view.theirs,
        "theirs_locked": view.theirs_locked,
        "suggestion": (
            {"practice": view.suggestion.practice, "why": view.suggestion.why}
            if view.suggestion
            else None
        ),
    }


def _dream(membership, dream) -> dict:
    view = dreams.view_dream(membership, dream)
    return {
        "id": dream.id,
        "mine": view.mine,
        "author_name": dream.author.name,
        "title": dream.title,
        "detail": dream.detail,
        "help_wanted": dream.help_wanted,
        "milestones": [{"id": m.id, "text": m.text, "reached": m.reached} for m in view.milestones],
        "notes": [
            {
                "id": n.id,
                "mine": n.author_id == membership.user_id,
                "author_name": n.author.name,
                "kind": n.kind,
                "text": n.text,
            }
            for n in view.notes
        ],
    }


@router.get(
    "/spaces/{space_id}/dreams",
    response={200: list[DreamOut], 404: Error},
    summary="The dreams board of a space",
)
def list_dreams(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [_dream(membership, d) for d in dreams.board(membership)]


@router.post(
    "/spaces/{space_id}/dreams",
    response={201: DreamOut, 400: Error, 404: Error, 422: Error},
    summary="Share a dream or goal on the board",
)
def add_dream(request: HttpRequest, space_id: str, payload: DreamIn):
    membership = get_space_for_member(request.auth, space_id)
    dream = dreams.add_dream(membership, **payload.model_dump())
    return Status(201, _dream(membership, dreams.get_dream_for_member(membership, dream.id)))


@router.post(
    "/spaces/{space_id}/dreams/{dream_id}/notes",
    response={201: DreamOut, 400: Error, 404: Error, 422: Error},
    summary="Ask about, cheer, or offer asked-for help on the other person's dream",
)
def add_note(request: HttpRequest, space_id: str, dream_id: str, payload: NoteIn):
    membership = get_space_for_member(request.auth, space_id)
    dream = dreams.get_dream_for_member(membership, dream_id)
    dreams.add_note(membership, dream, kind=payload.kind, text=payload.text)
    return Status(201, _dream(membership, dream))


@router.get(
    "/spaces/{space_id}/pillars",
    response={200: PillarsOut, 404: Error},
    summary="The four pillars: where you have been spending time lately (never a score)",
)
def get_pillars(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    found = pillars.pillar_map(membership)
    return {
        "pillars": [
            {"id": p.id, "title": p.title, "visited": [link.title for link in p.visited]}
            for p in found["pillars"]
        ],
        "suggestion": found["suggestion"]["text"] if found["suggestion"] else None,
    }

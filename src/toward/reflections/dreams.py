"""Dreams and growth (issue 11): each member shares dreams and goals on the pair's board; the
other person can ask about them, cheer, and offer the help that was asked for; milestones can be
celebrated together. Nothing is tracked as a duty: no deadlines, no progress, no reminders.

Dreams are shared on purpose, so they are stored as plain text, visible to both members. The
access functions below are the only way to fetch a dream or a milestone by id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from toward.core.errors import ServiceError
from toward.lib.text import clean_text
from toward.reflections.models import (
    DREAM_TEXT_MAX,
    DREAM_TITLE_MAX,
    NOTE_MAX,
    Dream,
    DreamNote,
    Milestone,
)
from toward.spaces.models import Membership, Space

MILESTONES_MAX = 12  # a few steps worth celebrating, not a project plan


# --- access -----------------------------------------------------------------------------------


def get_dream_for_member(membership: Membership, dream_id: str) -> Dream:
    if not isinstance(dream_id, str):
        raise Http404("No such dream")
    try:
        return Dream.objects.select_related("author").get(pk=dream_id, space_id=membership.space_id)
    except Dream.DoesNotExist:
        raise Http404("No such dream") from None


def get_milestone(dream: Dream, milestone_id: str) -> Milestone:
    if not isinstance(milestone_id, str):
        raise Http404("No such milestone")
    try:
        return Milestone.objects.get(pk=milestone_id, dream=dream)
    except Milestone.DoesNotExist:
        raise Http404("No such milestone") from None


def board(membership: Membership) -> list[Dream]:
    return list(
        Dream.objects.filter(space_id=membership.space_id)
        .select_related("author")
        .prefetch_related("milestones")
    )


# --- validation -------------------------------------------------------------------------------


def _text(raw: object, *, field: str, limit: int, required: str | None = None) -> str:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ServiceError("invalid_text", "Please write this as text.", field=field)
    text = clean_text(raw).strip()
    if required and not text:
        raise ServiceError("required", required, field=field)
    if len(text) > limit:
        raise ServiceError(
            "too_long",
            f"Please keep this to {limit:,} characters or fewer (this has {len(text):,}).",
            field=field,
        )
    return text


def _require_active(membership: Membership) -> None:
    if membership.space.state == Space.State.INACTIVE:
        raise ServiceError(
            "space_inactive", "This space is no longer active, so nothing new can be added."
        )


# --- writing ----------------------------------------------------------------------------------


def add_dream(
    membership: Membership,
    *,
    title: object,
    detail: object = "",
    help_wanted: object = "",
    now: datetime | None = None,
) -> Dream:
    _require_active(membership)
    return Dream.objects.create(
        space_id=membership.space_id,
        author_id=membership.user_id,
        title=_text(
            title, field="title", limit=DREAM_TITLE_MAX, required="Give your dream a few words."
        ),
        detail=_text(detail, field="detail", limit=DREAM_TEXT_MAX),
        help_wanted=_text(help_wanted, field="help_wanted", limit=DREAM_TEXT_MAX),
        created_at=now or timezone.now(),
    )


def let_rest(membership: Membership, dream: Dream) -> None:
    """Take a dream off the board. Only its author can; dreams change, and that is fine."""
    if dream.author_id != membership.user_id:
        raise ServiceError("not_yours", "Only the person who shared a dream can take it down.")
    dream.delete()


NOTE_KINDS_FOR_OTHER = {DreamNote.Kind.QUESTION, DreamNote.Kind.CHEER, DreamNote.Kind.HELP}


def add_note(
    membership: Membership, dream: Dream, *, kind: object, text: object = "", now=None
) -> DreamNote:
    """Ask, cheer, or offer help: for the other person's dreams. Help only where it was asked
    for, so nobody is pushed into support they did not want."""
    _require_active(membership)
    if kind not in {k.value for k in NOTE_KINDS_FOR_OTHER}:
        raise ServiceError(
            "invalid_kind", "Choose to ask, to cheer, or to offer help.", field="kind"
        )
    if dream.author_id == membership.user_id:
        raise ServiceError(
            "own_dream", "This one is yours: the other person can ask and cheer here.", field="kind"
        )
    if kind == DreamNote.Kind.HELP and not dream.help_wanted:
        raise ServiceError(
            "no_help_asked",
            "No help was asked for on this dream, so there is none to offer.",
            field="kind",
        )
    required = {
        DreamNote.Kind.QUESTION: "Write the question you'd like to ask.",
        DreamNote.Kind.HELP: "Say what help you could offer.",
    }.get(kind)
    return DreamNote.objects.create(
        dream=dream,
        author_id=membership.user_id,
        kind=kind,
        text=_text(text, field="text", limit=NOTE_MAX, required=required),
        created_at=now or timezone.now(),
    )


@transaction.atomic
def add_milestone(membership: Membership, dream: Dream, *, text: object) -> Milestone:
    _require_active(membership)
    if dream.author_id != membership.user_id:
        raise ServiceError("not_yours", "Milestones are added by the person whose dream it is.")
    count = dream.milestones.count()
    if count >= MILESTONES_MAX:
        raise ServiceError(
            "too_many",
            f"A dream can hold {MILESTONES_MAX} milestones; that is plenty.",
            field="text",
        )
    return Milestone.objects.create(
        dream=dream,
        text=_text(text, field="text", limit=DREAM_TITLE_MAX, required="Name the milestone."),
        position=count,
    )


def reach_milestone(membership: Membership, milestone: Milestone) -> Milestone:
    _require_active(membership)
    if milestone.dream.author_id != membership.user_id:
        raise ServiceError("not_yours", "Only the person whose dream it is can mark a milestone.")
    Milestone.objects.filter(pk=milestone.pk).update(reached=True)
    milestone.reached = True
    return milestone


def celebrate(
    membership: Membership, milestone: Milestone, *, text: object = "", now=None
) -> DreamNote:
    """Either of you can celebrate a milestone once it is reached."""
    _require_active(membership)
    if not milestone.reached:
        raise ServiceError("not_yet", "This milestone hasn't been reached yet.")
    return DreamNote.objects.create(
        dream=milestone.dream,
        milestone=milestone,
        author_id=membership.user_id,
        kind=DreamNote.Kind.CELEBRATE,
        text=_text(text, field="text", limit=NOTE_MAX),
        created_at=now or timezone.now(),
    )


# --- reading ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DreamView:
    dream: Dream
    mine: bool
    milestones: list[Milestone]
    notes: list[DreamNote]


def view_dream(membership: Membership, dream: Dream) -> DreamView:
    return DreamView(
        dream=dream,
        mine=dream.author_id == membership.user_id,
        milestones=list(dream.milestones.all()),
        notes=list(dream.notes.select_related("author", "milestone")),
    )


def activity_since(membership: Membership, since: datetime) -> list[QuerySet]:
    """For the pillars map: a dream or a note on one since then (asked with the other practices
    in one query, reflections.pillars)."""
    return [
        Dream.objects.filter(space_id=membership.space_id, created_at__gte=since),
        DreamNote.objects.filter(dream__space_id=membership.space_id, created_at__gte=since),
    ]


def used_since(membership: Membership, since: datetime) -> bool:
    return any(rows.exists() for rows in activity_since(membership, since))


def export_for(user) -> list[dict]:
    """Dreams on the person's boards: their own with everything, and the other's as shared."""
    from toward.spaces.services import spaces_for_nav

    out = []
    for membership in spaces_for_nav(user):
        for dream in board(membership):
            view = view_dream(membership, dream)
            out.append(
                {
                    "space_id": membership.space_id,
                    "author": "me" if view.mine else dream.author.name,
                    "title": dream.title,
                    "detail": dream.detail,
                    "help_wanted": dream.help_wanted,
                    "milestones": [{"text": m.text, "reached": m.reached} for m in view.milestones],
                    "notes": [
                        {
                            "author": "me" if n.author_id == user.pk else n.author.name,
                            "kind": n.kind,
                            "text": n.text,
                        }
                        for n in view.notes
                    ],
                }
            )
    return out


def remove_for_leaver(membership: Membership, *, keep_shared: bool = False) -> None:
    """The leaver's dreams and notes leave with them, unless they choose `keep_shared`: dreams
    are shared on purpose, so then they stay on the other person's board."""
    if keep_shared:
        return
    Dream.objects.filter(space_id=membership.space_id, author_id=membership.user_id).delete()
    DreamNote.objects.filter(
        dream__space_id=membership.space_id, author_id=membership.user_id
    ).delete()

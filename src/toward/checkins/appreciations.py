"""Appreciations (the gratitude practice, PRODUCT.md 3.4): what the other person did, how it made
me feel, what it says about them. Shared when saved unless kept as a private draft.

Specific thanks land more deeply than general ones (Algoe, Haidt and Gable, 2008), so a vague
"thanks for everything" gets a gentle hint. Whether the thanks is specific is read by the
language tools' specificity model (``toward.language.specificity``, docs/models/specificity.md);
the hint's words come from content. The content's phrase rules are the fallback only when the
model's weights cannot be loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.http import Http404
from django.utils import timezone

from toward.checkins.models import ANSWER_MAX, Appreciation
from toward.checkins.services import local_today
from toward.content.library import appreciations_content
from toward.core.errors import ServiceError
from toward.language.specificity import specificity
from toward.lib.text import clean_text
from toward.spaces import services as spaces

if TYPE_CHECKING:
    from toward.content.schema import VagueRules
    from toward.spaces.models import Membership

DAILY_PROMPT_COUNT = 3  # "three appreciations": an invitation, never a target


def vague_hint(did: str) -> str | None:
    """A gentle nudge toward something specific, or None when the thanks is specific enough."""
    rules = appreciations_content().vague
    try:
        specific = specificity(did).specific
    except (OSError, ValueError, KeyError):  # weights missing or damaged: the rules still work
        return _rule_hint(did, rules)
    return None if specific else rules.hint


def _rule_hint(did: str, rules: VagueRules) -> str | None:
    text = " ".join(did.casefold().replace("’", "'").split())
    words = re.findall(r"[\w']+", text)
    vague_phrase = any(
        re.search(rf"(?<![\w']){re.escape(phrase.casefold())}(?![\w'])", text)
        for phrase in rules.phrases
    )
    if vague_phrase or len(words) < rules.min_words:
        return rules.hint
    return None


def _clean(name: str, raw: object, *, required: bool = False) -> str:
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ServiceError("invalid_text", "Please write this as text.", field=name)
    text = clean_text(raw).strip()
    if required and not text:
        raise ServiceError("empty_appreciation", "Say what they did, in a few words.", field=name)
    if len(text) > ANSWER_MAX:
        raise ServiceError(
            "too_long",
            f"Please keep this to {ANSWER_MAX:,} characters or fewer (this has {len(text):,}).",
            field=name,
        )
    return text


def add_appreciation(
    membership: Membership,
    *,
    did: object,
    felt: object = "",
    says: object = "",
    is_private: bool = False,
    now: datetime | None = None,
) -> Appreciation:
    if membership.space.state == "inactive":
        raise ServiceError("space_inactive", "This space is no longer active.")
    now = now or timezone.now()
    return Appreciation.objects.create(
        space_id=membership.space_id,
        author_id=membership.user_id,
        did=_clean("did", did, required=True),
        felt=_clean("felt", felt),
        says=_clean("says", says),
        is_private=bool(is_private),
        day=local_today(membership.user, now),
        created_at=now,
    )


def get_own_appreciation(membership: Membership, appreciation_id: str) -> Appreciation:
    """Access function: the person's own appreciation in this space, or 404 for anything else."""
    found = Appreciation.objects.filter(
        pk=appreciation_id, space_id=membership.space_id, author_id=membership.user_id
    ).first()
    if found is None:
        raise Http404("No such appreciation")
    return found


def share_appreciation(appreciation: Appreciation) -> Appreciation:
    Appreciation.objects.filter(pk=appreciation.pk).update(is_private=False)
    appreciation.is_private = False
    return appreciation


@dataclass(frozen=True)
class AppreciationView:
    id: str
    mine: bool
    author_name: str
    did: str
    felt: str
    says: str
    day: date
    is_private: bool


def view_appreciations(viewer: Membership) -> list[AppreciationView]:
    """The one visibility rule for appreciations: all of mine, and the other person's shared
    ones. A private draft is never shown to anyone but its author."""
    rows = Appreciation.objects.filter(space_id=viewer.space_id).select_related("author")
    return [
        AppreciationView(
            id=a.id,
            mine=a.author_id == viewer.user_id,
            author_name=a.author.name,
            did=a.did,
            felt=a.felt,
            says=a.says,
            day=a.day,
            is_private=a.is_private,
        )
        for a in rows
        if a.author_id == viewer.user_id or not a.is_private
    ]


def written_today(viewer: Membership, views: list[AppreciationView]) -> int:
    """How many the person wrote today themselves: only ever their own."""
    today = local_today(viewer.user)
    return sum(1 for v in views if v.mine and v.day == today)


def appreciation_views_for_export(user) -> list[AppreciationView]:
    return [v for m in spaces.spaces_for_nav(user) for v in view_appreciations(m)]

"""Appreciations (the gratitude practice, PRODUCT.md 3.4): what the other person did, how it made
me feel, what it says about them. Shared when saved unless kept as a private draft.

Specific thanks land more deeply than general ones (Algoe, Haidt and Gable, 2008), so a vague
"thanks for everything" gets a gentle hint. Whether the thanks is specific is read by the
language tools' specificity model (``toward.language.specificity``, docs/models/specificity.md);
the hint's words come from content. The content's phrase rules are the fallback only when the
model's weights cannot be loaded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import Http404
from django.utils import timezone

from toward.accounts import vault
from toward.checkins.models import ANSWER_MAX, Appreciation
from toward.checkins.services import local_today
from toward.content.library import appreciations_content
from toward.core.errors import ServiceError
from toward.language.specificity import specificity
from toward.lib import crypto
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
    words = {
        "did": _clean("did", did, required=True),
        "felt": _clean("felt", felt),
        "says": _clean("says", says),
    }
    row = Appreciation(
        space_id=membership.space_id,
        author_id=membership.user_id,
        is_private=bool(is_private),
        day=local_today(membership.user, now),
        created_at=now,
    )
    if row.is_private:  # a draft: its words sealed to the author alone
        row.sealed = vault.seal_for(
            [membership.user_id], json.dumps(words), _context(row), fallback_key=_draft_key()
        )
    else:
        row.did, row.felt, row.says = words["did"], words["felt"], words["says"]
    row.save(force_insert=True)
    row.fresh_words = words  # for the response to this request; never stored in the clear
    return row


def _draft_key() -> bytes:
    """Only for an author with no key pair yet (see vault.seal_for)."""
    return crypto.subkey(settings.SECRET_KEY, "toward:appreciation-drafts")


def _context(row: Appreciation) -> str:
    return f"appreciation:{row.space_id}:{row.id}:{row.author_id}"


def open_draft(row: Appreciation, data_key: bytes | None) -> dict[str, str] | None:
    """A private draft's words for its author, or None without their key."""
    return vault.open_json_for(
        row.author_id, data_key, row.sealed, _context(row), fallback_key=_draft_key()
    )


def get_own_appreciation(membership: Membership, appreciation_id: str) -> Appreciation:
    """Access function: the person's own appreciation in this space, or 404 for anything else."""
    found = Appreciation.objects.filter(
        pk=appreciation_id, space_id=membership.space_id, author_id=membership.user_id
    ).first()
    if found is None:
        raise Http404("No such appreciation")
    return found


def share_appreciation(appreciation: Appreciation, data_key: bytes | None) -> Appreciation:
    """Share a draft: its words are opened with the author's key and stored as shared text."""
    if not appreciation.is_private:
        return appreciation
    words = open_draft(appreciation, data_key)
    if words is None:
        raise ServiceError(
            "locked",
            "Please enter your password again first: your draft is sealed with it.",
        )
    Appreciation.objects.filter(pk=appreciation.pk).update(
        is_private=False, sealed="", did=words["did"], felt=words["felt"], says=words["says"]
    )
    appreciation.refresh_from_db()
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
    locked: bool = False  # a private draft of the viewer's, sealed, and their key not in hand


def view_appreciations(viewer: Membership, data_key: bytes | None = None) -> list[AppreciationView]:
    """The one visibility rule for appreciations: all of mine, and the other person's shared
    ones. A private draft is never shown to anyone but its author, and its words only with
    their key in hand."""
    rows = Appreciation.objects.filter(space_id=viewer.space_id).select_related("author")
    views = []
    for a in rows:
        if a.author_id != viewer.user_id and a.is_private:
            continue
        words = {"did": a.did, "felt": a.felt, "says": a.says}
        locked = False
        if a.is_private:
            opened = open_draft(a, data_key)
            locked = opened is None
            words = opened or {"did": "", "felt": "", "says": ""}
        views.append(
            AppreciationView(
                id=a.id,
                mine=a.author_id == viewer.user_id,
                author_name=a.author.name,
                did=words["did"],
                felt=words["felt"],
                says=words["says"],
                day=a.day,
                is_private=a.is_private,
                locked=locked,
            )
        )
    return views


def written_today(viewer: Membership, views: list[AppreciationView]) -> int:
    """How many the person wrote today themselves: only ever their own."""
    today = local_today(viewer.user)
    return sum(1 for v in views if v.mine and v.day == today)


def appreciation_views_for_export(user, data_key: bytes | None = None) -> list[AppreciationView]:
    return [v for m in spaces.spaces_for_nav(user) for v in view_appreciations(m, data_key)]

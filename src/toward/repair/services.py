"""Repair after conflict (PRODUCT.md 3.6): once both are calm, each writes four parts privately
(my part in it, how I felt, what I'd like to ask about your experience, how I'd like to
reconnect); both open together when both are done; the pair can then say they reconnected.

Repair is framed as a skill, never as blame: nothing records who started a repair, and no page
or endpoint counts anything per person. A part is shown to the other member only after both have
written theirs (``view_repair`` is the one place that decides).

Parts are sealed at rest with a key derived from the server's secret and bound to the space, the
repair and the author, so a leaked database or backup does not show them. (They cannot be sealed
with the author's own data key: the other person must be able to read them after the reveal.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from toward.accounts import vault
from toward.content.library import repair_content
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import Conflict, ServiceError
from toward.lib import crypto
from toward.lib.text import clean_text
from toward.repair.models import Pause, Repair, RepairPart
from toward.repair.pauses import members, require_active
from toward.spaces.models import Membership

PART_IDS = ("my_part", "felt", "ask", "reconnect")
PART_MAX = 2000  # a few paragraphs; repair is a conversation, the page only opens it


def _fallback_key() -> bytes:
    """Only for a pair where someone has no key pair yet (see vault.seal_for)."""
    return crypto.subkey(settings.SECRET_KEY, "toward:repair-parts")


def _context(repair: Repair, user_id) -> str:
    return f"repair:{repair.space_id}:{repair.id}:{user_id}"


def _seal(repair: Repair, user_id, parts: dict[str, str]) -> str:
    """Sealed to both members' own keys: the author reads it back, the other once both wrote."""
    readers = {m.user_id for m in members(repair.space_id)} | {user_id}
    return vault.seal_for(
        readers, json.dumps(parts), _context(repair, user_id), fallback_key=_fallback_key()
    )


def open_parts(
    repair: Repair, part: RepairPart, reader_id, data_key: bytes | None
) -> dict[str, str] | None:
    """The parts as `reader_id` may open them with their key; None when they cannot."""
    return vault.open_json_for(
        reader_id,
        data_key,
        part.sealed,
        _context(repair, part.user_id),
        fallback_key=_fallback_key(),
    )


# --- access ---------------------------------------------------------------------------------------


def get_repair(membership: Membership, repair_id: str) -> Repair:
    if not isinstance(repair_id, str):
        raise Http404("No such repair")
    try:
        return Repair.objects.get(pk=repair_id, space_id=membership.space_id)
    except Repair.DoesNotExist:
        raise Http404("No such repair") from None


def open_repair(membership: Membership) -> Repair | None:
    return _QUERIES.first("open", space=membership.space_id)


# Asked on every visit to the space page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    # As .first(): the newest, by the model's order.
    open=lambda a: Repair.objects.filter(
        space_id=a["space"], reconnected_at__isnull=True, revealed_at__isnull=True
    )[:1],
)


# --- writing --------------------------------------------------------------------------------------


def start_repair(membership: Membership, *, pause: Pause | None = None) -> Repair:
    """Open a repair for the pair, or return the one already open."""
    require_active(membership)
    current = open_repair(membership)
    if current is not None:
        return current
    return Repair.objects.create(space_id=membership.space_id, pause=pause)


def clean_parts(raw: dict) -> dict[str, str]:
    labels = {p.id: p.label for p in repair_content().repair.parts}
    parts = {}
    for part_id in PART_IDS:
        value = raw.get(part_id)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ServiceError("invalid_text", "Please write this as text.", field=part_id)
        text = clean_text(value).strip()
        if not text:
            raise ServiceError(
                "empty_part",
                f"Please write a few words for “{labels[part_id]}”. A sentence is plenty.",
                field=part_id,
            )
        if len(text) > PART_MAX:
            raise ServiceError(
                "too_long",
                f"Please keep each part to {PART_MAX:,} characters or fewer "
                f"(this has {len(text):,}).",
                field=part_id,
            )
        parts[part_id] = text
    return parts


@transaction.atomic
def write_parts(membership: Membership, repair: Repair, **raw: object) -> Repair:
    """Keep this person's four parts (writing again replaces them); once both members have
    written, both open at the same moment."""
    require_active(membership)
    # The repair's row lock queues two writers, so the second sees the first one's parts and
    # opens the repair (tests/test_atomic_reveal.py).
    repair.revealed_at = (
        Repair.objects.select_for_update().values_list("revealed_at", flat=True).get(pk=repair.pk)
    )
    if repair.revealed_at is not None:
        raise Conflict("already_open", "Both of yours are already open, so these are set.")
    parts = clean_parts(raw)
    RepairPart.objects.update_or_create(
        repair=repair,
        user_id=membership.user_id,
        defaults={"sealed": _seal(repair, membership.user_id, parts)},
    )
    pair = {m.user_id for m in members(membership.space_id)}
    written = set(repair.parts.values_list("user_id", flat=True))
    if len(pair) == 2 and pair <= written:
        Repair.objects.filter(pk=repair.pk, revealed_at__isnull=True).update(
            revealed_at=timezone.now()
        )
    repair.refresh_from_db()
    return repair


def mark_reconnected(membership: Membership, repair: Repair) -> Repair:
    """ "We reconnected": either may say it for both, once both parts are open."""
    require_active(membership)
    if repair.revealed_at is None:
        raise Conflict("not_open", "This opens once you have both written your parts.")
    Repair.objects.filter(pk=repair.pk, reconnected_at__isnull=True).update(
        reconnected_at=timezone.now()
    )
    repair.refresh_from_db()
    return repair


# --- what a person sees ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RepairView:
    repair: Repair
    state: str  # "to_write", "waiting", "open", "reconnected"
    mine: dict[str, str] | None
    theirs: dict[str, str] | None  # only once both are open
    locked: bool = False  # something here opens only with the reader's own key, not in hand


def view_repair(
    membership: Membership, repair: Repair, data_key: bytes | None = None
) -> RepairView:
    """The one visibility rule: my own parts always; the other's only once both are open."""
    rows = {p.user_id: p for p in repair.parts.all()}
    mine_row = rows.get(membership.user_id)
    reader = membership.user_id
    mine = open_parts(repair, mine_row, reader, data_key) if mine_row else None
    locked = data_key is None and bool(mine_row) and vault.needs_key(mine_row.sealed)
    if repair.revealed_at is None:
        return RepairView(repair, "waiting" if mine_row else "to_write", mine, None, locked)
    other_row = next((p for uid, p in rows.items() if uid != membership.user_id), None)
    theirs = open_parts(repair, other_row, reader, data_key) if other_row else None
    locked = locked or (data_key is None and bool(other_row) and vault.needs_key(other_row.sealed))
    state = "reconnected" if repair.reconnected_at else "open"
    return RepairView(repair, state, mine, theirs, locked)


def repairs_for(
    membership: Membership, data_key: bytes | None = None, *, limit: int = 20
) -> list[RepairView]:
    rows = Repair.objects.filter(space_id=membership.space_id).prefetch_related("parts")[:limit]
    return [view_repair(membership, r, data_key) for r in rows]

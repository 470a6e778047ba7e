"""The first reflection (issue 11): five private prompts, revealed together once both have written.

Every write goes through `write_reflection` or `begin_again`; every read of anyone's answers goes
through `view_round`, which holds the one reveal rule:

- a person always reads their own answers (opened with their own data key);
- they read the other member's answers only once both have written in the same round;
- until then they learn only that the other has written, never when, never what;
- a round written while alone in the space is a private journal and is never revealed.

Answers are sealed with the author's data key (accounts.vault). Because the other person must be
able to read them after the reveal, a together round also keeps a copy sealed with a key derived
from the server secret, bound to the row; only the reveal rule opens it. That copy protects a
database backup without the secret, not against the operator: docs/SECURITY.md says so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from toward.accounts import vault
from toward.content.library import practices, reflection_content
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import Conflict, ServiceError
from toward.lib import crypto
from toward.lib.ids import new_public_id
from toward.lib.text import clean_text
from toward.reflections import suggest
from toward.reflections.models import ANSWER_MAX, Reflection, Round
from toward.spaces.models import Membership, Space

if TYPE_CHECKING:
    from toward.reflections.suggest import Suggestion

PURPOSE = "reflection"


def prompt_ids() -> list[str]:
    return [p.id for p in reflection_content().prompts]


# --- sealing ----------------------------------------------------------------------------------


def _reveal_key() -> bytes:
    """Only for a pair where someone has no key pair yet (see vault.seal_for)."""
    return crypto.subkey(settings.SECRET_KEY, "toward:reflections:reveal")


def _reveal_context(reflection: Reflection) -> str:
    return f"reveal:{reflection.round_id}:{reflection.author_id}:{reflection.id}"


def _seal_for_reveal(membership: Membership, reflection: Reflection, payload: str) -> str:
    """The copy the other member opens after the reveal, sealed to both members' own keys."""
    readers = set(
        Membership.objects.filter(space_id=membership.space_id, left_at__isnull=True).values_list(
            "user_id", flat=True
        )
    ) | {membership.user_id}
    return vault.seal_for(readers, payload, _reveal_context(reflection), fallback_key=_reveal_key())


def _open_for_reveal(
    reflection: Reflection, reader_id, data_key: bytes | None
) -> dict[str, str] | None:
    return vault.open_json_for(
        reader_id,
        data_key,
        reflection.for_reveal,
        _reveal_context(reflection),
        fallback_key=_reveal_key(),
    )


def _open_own(reflection: Reflection, data_key: bytes | None) -> dict[str, str] | None:
    """The author's answers: with their key from the sealed copy, else from the reveal copy of a
    together round where it opens; None when neither can be opened."""
    if data_key is not None:
        text = vault.unseal(data_key, reflection.author, PURPOSE, reflection.id, reflection.sealed)
        if text is not None:
            return json.loads(text)
    return _open_for_reveal(reflection, reflection.author_id, data_key)


def available_practices() -> set[str]:
    """Ids of the practices whose pages exist in this build."""
    found = set()
    for practice in practices().items:
        try:
            reverse(practice.route)
        except NoReverseMatch:
            continue
        found.add(practice.id)
    return found


# --- reading ----------------------------------------------------------------------------------


def get_round_for_member(membership: Membership, round_id: str) -> Round:
    """A round of the person's space, or 404 for one that is missing or not theirs."""
    if not isinstance(round_id, str):
        raise Http404("No such reflection")
    try:
        return Round.objects.get(pk=round_id, space_id=membership.space_id)
    except Round.DoesNotExist:
        raise Http404("No such reflection") from None


def current_round(membership: Membership) -> Round | None:
    """The round a person writes in now: the latest together round in an active space, the
    latest journal round while they are alone, the latest of any kind once the space is closed."""
    state = membership.space.state
    if state == Space.State.ACTIVE:
        return _QUERIES.first("latest_together", space=membership.space_id)
    if state == Space.State.WAITING:
        return _QUERIES.first("latest_journal", space=membership.space_id)
    return _QUERIES.first("latest", space=membership.space_id)


def _latest_round(a, **only):
    return Round.objects.filter(space_id=a["space"], **only).order_by("-started_at")[:1]


# Asked on every visit to the space page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    latest_together=lambda a: _latest_round(a, together=True),
    latest_journal=lambda a: _latest_round(a, together=False),
    latest=lambda a: _latest_round(a),
)


@dataclass(frozen=True)
class RoundView:
    """What one person may see of one round. Built only by `view_round`."""

    round: Round
    together: bool
    mine: dict[str, str] | None  # None: not written yet
    mine_locked: bool  # written, but sealed under a key that was since replaced
    other_written: bool  # only ever True in a together round
    theirs: dict[str, str] | None  # only once revealed
    suggestion: Suggestion | None
    # revealed, but sealed to the reader's own key and that key isn't in hand (unlock to read)
    theirs_locked: bool = False

    @property
    def revealed(self) -> bool:
        return self.theirs is not None or self.theirs_locked

    @property
    def waiting(self) -> bool:
        return self.together and not self.revealed


def view_round(membership: Membership, round: Round, data_key: bytes | None) -> RoundView:
    """THE reveal rule (see the module docstring)."""
    rows = list(round.reflections.select_related("author"))
    mine_row = next((r for r in rows if r.author_id == membership.user_id), None)
    other_row = next((r for r in rows if r.author_id != membership.user_id), None)
    mine = _open_own(mine_row, data_key) if mine_row else None
    theirs, theirs_locked = None, False
    if round.together and round.revealed_at is not None and mine_row and other_row:
        theirs = _open_for_reveal(other_row, membership.user_id, data_key)
        theirs_locked = data_key is None and vault.needs_key(other_row.for_reveal)
    readable = [a for a in (mine, theirs) if a]
    show_suggestion = (not round.together and mine) or theirs is not None
    return RoundView(
        round=round,
        together=round.together,
        mine=mine,
        mine_locked=mine_row is not None and mine is None and data_key is not None,
        other_written=round.together and other_row is not None,
        theirs=theirs,
        suggestion=(
            suggest.suggest(readable, membership.space.relationship_type, available_practices())
            if show_suggestion
            else None
        ),
        theirs_locked=theirs_locked,
    )


def past_rounds(membership: Membership) -> list[Round]:
    """Earlier rounds the person wrote in, newest first (the current one excluded)."""
    current = current_round(membership)
    return list(
        Round.objects.filter(
            space_id=membership.space_id, reflections__author_id=membership.user_id
        )
        .exclude(pk=current.pk if current else None)
        .order_by("-started_at")
        .distinct()
    )


# --- writing ----------------------------------------------------------------------------------


def clean_answers(raw: dict[str, object]) -> dict[str, str]:
    """Every prompt's answer as clean text within the limit; at least one must be written."""
    unknown = set(raw) - set(prompt_ids())
    if unknown:
        raise ServiceError("unknown_prompt", f"There is no prompt called {sorted(unknown)[0]}.")
    answers = {}
    for name in prompt_ids():
        value = raw.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ServiceError("invalid_text", "Please write this as text.", field=name)
        text = clean_text(value).strip()
        if len(text) > ANSWER_MAX:
            raise ServiceError(
                "too_long",
                f"Please keep each answer to {ANSWER_MAX:,} characters or fewer "
                f"(this one has {len(text):,}).",
                field=name,
            )
        answers[name] = text
    if not any(answers.values()):
        raise ServiceError(
            "empty_reflection",
            "Write a line for any one question, and that is a reflection. The rest can wait.",
            field=prompt_ids()[0],
        )
    return answers


def _require_open(membership: Membership) -> None:
    if membership.space.state == Space.State.INACTIVE:
        raise ServiceError(
            "space_inactive", "This space is no longer active, so nothing new can be written."
        )


def _round_to_write_in(membership: Membership, now: datetime) -> Round:
    round = current_round(membership)
    together = membership.space.state == Space.State.ACTIVE
    if round is None:
        round = Round.objects.create(
            space_id=membership.space_id, together=together, started_at=now
        )
    if round.revealed_at is not None:
        raise Conflict(
            "already_revealed",
            "Your answers have already opened for both of you. To write again, begin a fresh "
            "reflection.",
        )
    return round


def write_reflection(
    membership: Membership,
    data_key: bytes | None,
    answers: dict[str, object],
    *,
    now: datetime | None = None,
) -> Reflection:
    """Write (or rewrite, until the reveal) the person's answers. Everything is checked before
    anything is saved; the reveal happens in the same transaction as the second answer."""
    if data_key is None:
        raise ServiceError(
            "locked", "Please unlock with your password first; your answers are sealed with it."
        )
    _require_open(membership)
    clean = clean_answers(answers)
    now = now or timezone.now()
    payload = json.dumps(clean, ensure_ascii=False)
    try:
        with transaction.atomic():
            # The space's row lock queues the pair's two writers: the second finds the round the
            # first began and sees its answers, so the round opens (tests/test_atomic_reveal.py).
            Space.objects.select_for_update().values_list("pk").get(pk=membership.space_id)
            round = _round_to_write_in(membership, now)
            reflection = Reflection.objects.filter(
                round=round, author_id=membership.user_id
            ).first() or Reflection(
                id=new_public_id(), round=round, author_id=membership.user_id, created_at=now
            )
            reflection.author = membership.user
            reflection.sealed = vault.seal(
                data_key, membership.user, PURPOSE, reflection.id, payload
            )
            reflection.for_reveal = (
                _seal_for_reveal(membership, reflection, payload) if round.together else ""
            )
            reflection.updated_at = now
            reflection.save()
            if round.together and round.reflections.count() >= 2:
                # compare-and-set: exactly one writer opens the round
                Round.objects.filter(pk=round.pk, revealed_at__isnull=True).update(revealed_at=now)
    except IntegrityError:
        raise ServiceError("try_again", "That didn't save. Please try once more.") from None
    return reflection


@transaction.atomic
def begin_again(membership: Membership, *, now: datetime | None = None) -> Round:
    """A fresh round, once the current one has opened (or, alone, once you have written)."""
    _require_open(membership)
    round = current_round(membership)
    if round is not None and round.together and round.revealed_at is None:
        raise Conflict(
            "still_open",
            "This reflection is still open. Once you have both written, you can begin a new one.",
        )
    if (
        round is not None
        and not round.together
        and not round.reflections.filter(author_id=membership.user_id).exists()
    ):
        return round
    return Round.objects.create(
        space_id=membership.space_id,
        together=membership.space.state == Space.State.ACTIVE,
        started_at=now or timezone.now(),
    )


# --- the account-wide actions ---------------------------------------------------------------


def export_for(user, data_key: bytes | None) -> list[dict]:
    """The person's own answers in every round, and the other's only where revealed."""
    out = []
    rows = Reflection.objects.filter(author=user).select_related("round", "author")
    for row in rows.order_by("created_at"):
        round = row.round
        entry: dict = {
            "space_id": round.space_id,
            "round_id": round.id,
            "kind": "together" if round.together else "journal",
            "written_at": row.updated_at.isoformat(),
            "answers": _open_own(row, data_key),
        }
        if entry["answers"] is None:
            entry["note"] = "Sealed: export from your account page after unlocking to include it."
        if round.together and round.revealed_at is not None:
            other = round.reflections.exclude(author=user).first()
            entry["their_answers"] = _open_for_reveal(other, user.pk, data_key) if other else None
        out.append(entry)
    return out


def remove_for_leaver(membership: Membership, *, keep_shared: bool = False) -> None:
    """The leaver's answers leave with them, revealed or not (PRODUCT.md section 2). With
    `keep_shared`, answers of together rounds that opened stay for the other person as the
    reveal copy only (sealed to both members' key pairs); the leaver's own sealed copy, their
    journal rounds and unopened answers go."""
    mine = Reflection.objects.filter(
        round__space_id=membership.space_id, author_id=membership.user_id
    )
    if keep_shared:
        opened = mine.filter(round__together=True, round__revealed_at__isnull=False)
        mine.exclude(pk__in=opened.values("pk")).delete()
        opened.update(sealed="")
        return
    mine.delete()

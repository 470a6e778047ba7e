"""The question of the day: one per pair per day, the same for both, from the decks the pair
has left on, never repeating until every question in that pool has had its day."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction

from toward.core.compiled_sql import ModelQueries, first_of
from toward.decks import pacing
from toward.decks.catalog import Card, decks_for, disabled_refs
from toward.decks.models import DailyQuestion, DisabledDeck, PairDepth
from toward.spaces.models import Membership, Space

_random = random.SystemRandom()


def pool(space: Space) -> list[Card]:
    """Cards from enabled decks, no deeper than the pair has reached. The closeness deck is a
    conversation in order, so it never feeds the jar."""
    level = PairDepth.objects.filter(space=space).values_list("level", flat=True).first()
    level = level or "surface"
    off = disabled_refs(space)
    return [
        card
        for deck in decks_for(space)
        if deck.ref not in off and deck.kind != "closeness"
        for card in deck.cards
        if pacing.at_most(card.depth, level)
    ]


# Asked on the space page and the questions page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    of_day=lambda a: first_of(DailyQuestion.objects.filter(space_id=a["space"], day=a["day"])),
)


def question_for(space: Space, day: date) -> DailyQuestion | None:
    existing = _QUERIES.first("of_day", space=space.pk, day=day)
    if existing:
        return existing
    cards = pool(space)
    if not cards:
        return None
    used = Counter(DailyQuestion.objects.filter(space=space).values_list("question_ref", flat=True))
    fewest = min(used.get(card.ref, 0) for card in cards)
    card = _random.choice([c for c in cards if used.get(c.ref, 0) == fewest])
    try:
        with transaction.atomic():
            return DailyQuestion.objects.create(
                space=space,
                day=day,
                question_ref=card.ref,
                question_text=card.text,
                depth=card.depth,
            )
    except IntegrityError:  # the other person's page chose it a moment ago
        return DailyQuestion.objects.get(space=space, day=day)


def set_deck_enabled(membership: Membership, deck_ref: str, enabled: bool) -> None:
    if enabled:
        DisabledDeck.objects.filter(space_id=membership.space_id, deck_ref=deck_ref).delete()
    else:
        DisabledDeck.objects.get_or_create(space_id=membership.space_id, deck_ref=deck_ref)


def pair_today(space: Space, members: list[Membership] | None = None) -> date:
    """One day for the pair, so both see the same question: the day where the person who made
    the space lives. `members`: the space's current members with their people, when the caller
    already has them (in `pair_members`' order), else they are asked for."""
    from toward.decks.services import local_today, pair_members

    if members is None:
        members = pair_members(space)
    return local_today(members[0].user) if members else local_today(None)

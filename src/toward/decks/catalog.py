"""The questions a pair can see: built-in decks that suit their kind of pair, plus their own.

A card is one question, whichever deck it came from. Built-in cards are referred to by their
content id, a pair's own by ``c:<public id>`` (content ids cannot contain a colon).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.http import Http404

from toward.content.library import decks as builtin_decks
from toward.core.compiled_sql import ModelQueries
from toward.decks.models import CustomDeck, CustomQuestion, DisabledDeck
from toward.spaces.models import Space

CUSTOM_PREFIX = "c:"


@dataclass(frozen=True)
class Card:
    ref: str
    text: str
    depth: str
    deck_ref: str
    set: int | None = None


@dataclass(frozen=True)
class Deck:
    ref: str
    title: str
    summary: str
    kind: str  # "deck", "closeness" or "custom"
    cards: list[Card] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    custom: CustomDeck | None = None

    @property
    def is_custom(self) -> bool:
        return self.custom is not None


@cache
def _builtin_index() -> dict[str, object]:
    return {deck.id: deck for deck in builtin_decks()}


_built: dict[tuple[int, str], tuple[object, Deck]] = {}


def _builtin(deck, kind: str) -> Deck:
    """A built-in deck's cards for a kind of pair, made once per process for each content deck
    (the questions page asks for every deck on every visit). Keyed by the content object, so
    content loaded afresh is built afresh."""
    key = (id(deck), kind)
    found = _built.get(key)
    if found is None or found[0] is not deck:
        found = _built[key] = (deck, _build(deck, kind))
    return found[1]


def _build(deck, kind: str) -> Deck:
    cards = [
        Card(ref=q.id, text=q.text, depth=q.depth, deck_ref=deck.id, set=q.set)
        for q in deck.items
        if kind in q.relationship_types
    ]
    return Deck(
        ref=deck.id,
        title=deck.title,
        summary=deck.summary,
        kind=deck.kind,
        cards=cards,
        sources=[s.cite for s in deck.sources],
    )


def _custom(deck: CustomDeck, questions: list[CustomQuestion] | None = None) -> Deck:
    rows = questions if questions is not None else list(deck.questions.all())
    cards = [
        Card(ref=CUSTOM_PREFIX + q.id, text=q.text, depth=q.depth, deck_ref=deck.id) for q in rows
    ]
    return Deck(ref=deck.id, title=deck.title, summary="", kind="custom", cards=cards, custom=deck)


def decks_for(space: Space) -> list[Deck]:
    """Every deck this pair can use, built-in first, each with the cards that suit the pair."""
    found = [
        _builtin(deck, space.relationship_type)
        for deck in builtin_decks()
        if space.relationship_type in deck.relationship_types
    ]
    customs = list(CustomDeck.objects.filter(space=space).prefetch_related("questions"))
    return found + [_custom(deck, list(deck.questions.all())) for deck in customs]


def get_deck(space: Space, deck_ref: str) -> Deck:
    """One deck of the pair's, or 404 — for a deck of another pair as for one that never was."""
    deck = _builtin_index().get(deck_ref)
    if deck is not None and space.relationship_type in deck.relationship_types:
        return _builtin(deck, space.relationship_type)
    custom = CustomDeck.objects.filter(space=space, pk=deck_ref).first()
    if custom is None:
        raise Http404("No such deck")
    return _custom(custom)


def find_card(space: Space, ref: str) -> Card | None:
    if ref.startswith(CUSTOM_PREFIX):
        row = (
            CustomQuestion.objects.select_related("deck")
            .filter(pk=ref.removeprefix(CUSTOM_PREFIX), deck__space=space)
            .first()
        )
        return _custom(row.deck, [row]).cards[0] if row else None
    for deck in builtin_decks():
        if space.relationship_type not in deck.relationship_types:
            continue
        for question in deck.items:
            if question.id == ref and space.relationship_type in question.relationship_types:
                return Card(question.id, question.text, question.depth, deck.id, question.set)
    return None


def disabled_refs(space: Space) -> set[str]:
    return {row.deck_ref for row in _QUERIES.objects("disabled", space=space.pk)}


# Asked on every visit to the questions page: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(disabled=lambda a: DisabledDeck.objects.filter(space_id=a["space"]))

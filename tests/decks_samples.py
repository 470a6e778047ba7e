"""Real question-deck objects in alice's space, for the permission matrix (SAMPLE_OBJECTS)."""

from __future__ import annotations

from toward.decks import services, together


def deck_id(pair) -> str:
    return services.create_deck(pair[0], "Our own").id


def question_id(pair) -> str:
    deck = services.create_deck(pair[0], "Our own")
    return services.add_question(pair[0], deck, depth="surface", text="What made today good?").id


def exchange_id(pair) -> str:
    return services.ask(pair[0], "iw-01").id


def session_id(pair) -> str:
    return together.start(pair[0], deck_ref="play", minutes=45).id

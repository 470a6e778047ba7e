"""The coach: review a message before it is sent, and practise listening.

Nothing typed here is stored: these functions only read content and call the offline language
tools (toward.language), and return what the page shows.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from toward import language
from toward.content.library import coach_content, listening_practice
from toward.core.errors import ServiceError
from toward.lib.text import clean_text

MESSAGE_MAX = 4000  # a long letter fits; the coach reads it in a few milliseconds
REPLY_MAX = 2000


@dataclass(frozen=True)
class Segment:
    text: str
    label: str | None = None
    explanation: str = ""


@dataclass(frozen=True)
class MessageReview:
    text: str
    segments: list[Segment]
    flagged: list[tuple[str, str]]  # (label, explanation), one per label found
    rewrite: str


@dataclass(frozen=True)
class ListeningFeedback:
    went_well: list[str] = field(default_factory=list)
    to_try: list[str] = field(default_factory=list)
    attunement: float = 0.0
    result: language.ListeningResult | None = None


def _clean(raw: object, *, field: str, limit: int, what: str) -> str:
    if not isinstance(raw, str):
        raise ServiceError("invalid_text", f"The {what} needs to be text.", field=field)
    text = clean_text(raw).strip()
    if not text:
        raise ServiceError("empty_text", f"Please write the {what} first.", field=field)
    if len(text) > limit:
        raise ServiceError(
            "text_too_long",
            f"Please keep the {what} to {limit:,} characters or fewer "
            f"(this one has {len(text):,}).",
            field=field,
        )
    return text


def review_message(raw: object) -> MessageReview:
    text = _clean(raw, field="text", limit=MESSAGE_MAX, what="message")
    result = language.patterns(text)
    segments: list[Segment] = []
    cursor = 0
    for span in sorted(result.spans, key=lambda s: (s.start, -s.end)):
        if span.start < cursor:
            continue  # overlapping spans: the first one found is shown
        if span.start > cursor:
            segments.append(Segment(text[cursor : span.start]))
        segments.append(Segment(text[span.start : span.end], span.label, span.explanation))
        cursor = span.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    flagged = [(label, result.explanations.get(label, "")) for label in result.labels]
    return MessageReview(text=text, segments=segments, flagged=flagged, rewrite=result.rewrite)


def disclosures():
    return listening_practice().items


def disclosure(share_id: str):
    found = next((item for item in disclosures() if item.id == share_id), None)
    if found is None:
        raise ServiceError("unknown_share", "That practice text doesn't exist.", field="share")
    return found


def random_disclosure(exclude: str | None = None):
    pool = [item for item in disclosures() if item.id != exclude]
    return random.choice(pool)  # noqa: S311 - variety, not security


def listening_feedback(disclosure_text: object, raw_reply: object) -> ListeningFeedback:
    shared = _clean(disclosure_text, field="disclosure", limit=MESSAGE_MAX, what="text shared")
    reply = _clean(raw_reply, field="reply", limit=REPLY_MAX, what="reply")
    result = language.listening(shared, reply)
    words = coach_content()
    went_well = [
        words.went_well[dimension][level]
        for dimension, level in (
            ("emotional_reactions", result.emotional_reactions),
            ("interpretations", result.interpretations),
            ("explorations", result.explorations),
        )
        if level > 0
    ]
    to_try = [words.moves[move] for move in result.moves if move in words.moves]
    for level, tip in (
        (result.emotional_reactions, words.try_.no_warmth),
        (result.interpretations, words.try_.no_understanding),
        (result.explorations, words.try_.no_question),
    ):
        if level == 0:
            to_try.append(tip)
    return ListeningFeedback(
        went_well=went_well, to_try=to_try[:2], attunement=result.attunement, result=result
    )


def clean_input(raw: object) -> str:
    return _clean(raw, field="text", limit=MESSAGE_MAX, what="text")

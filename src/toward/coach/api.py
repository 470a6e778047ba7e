from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from toward import language
from toward.api.schemas import Input, Text
from toward.coach import services

router = Router(tags=["coach"])


class TextIn(Input):
    text: Text


class ListeningIn(Input):
    disclosure: Text
    reply: Text


class SpanOut(Schema):
    label: str
    start: int
    end: int
    explanation: str


class PatternsOut(Schema):
    labels: list[str]
    scores: dict[str, float]
    spans: list[SpanOut]
    rewrite: str


class FeelingsOut(Schema):
    labels: list[str]
    scores: dict[str, float]
    feelings: list[str]


class ListeningOut(Schema):
    emotional_reactions: int
    interpretations: int
    explorations: int
    attunement: float
    moves: list[str]
    went_well: list[str]
    to_try: list[str]


@router.post("/coach/patterns", response=PatternsOut, summary="Review a message (nothing stored)")
def coach_patterns(request: HttpRequest, payload: TextIn):
    text = services.review_message(payload.text).text
    result = language.patterns(text)
    return {
        "labels": result.labels,
        "scores": result.scores,
        "spans": [vars(span) for span in result.spans],
        "rewrite": result.rewrite,
    }


@router.post("/coach/feelings", response=FeelingsOut, summary="Feelings in a text (nothing stored)")
def coach_feelings(request: HttpRequest, payload: TextIn):
    text = services.clean_input(payload.text)
    return language.feelings(text).to_dict()


@router.post(
    "/coach/listening", response=ListeningOut, summary="How a reply listens (nothing stored)"
)
def coach_listening(request: HttpRequest, payload: ListeningIn):
    feedback = services.listening_feedback(payload.disclosure, payload.reply)
    return {**feedback.result.to_dict(), "went_well": feedback.went_well, "to_try": feedback.to_try}

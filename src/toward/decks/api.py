"""JSON API for decks, questions, exchanges (ask each other), ratings and the pair's depth."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status

from toward.api.schemas import Error, Input, Ok, Text
from toward.core.errors import ServiceError
from toward.decks import daily, fileformat, services
from toward.decks.catalog import Deck, decks_for, get_deck
from toward.spaces.services import get_space_for_member

router = Router(tags=["questions"])


class QuestionOut(Schema):
    id: str
    text: str
    depth: str
    set: int | None = None


class DeckSummaryOut(Schema):
    id: str
    title: str
    summary: str
    kind: str
    question_count: int


class DeckOut(DeckSummaryOut):
    questions: list[QuestionOut]


class DeckIn(Input):
    title: Text


class QuestionIn(Input):
    depth: Text
    text: Text


class ImportIn(Input):
    title: Text
    csv: Text


class ExportOut(Schema):
    format: str
    content: str


class DepthOut(Schema):
    level: str
    offer_deeper: bool
    you_are_ready: bool


class DepthIn(Input):
    action: Text  # "deeper" or "lighter"


class AskIn(Input):
    question_id: Text


class AnswerIn(Input):
    text: Text


class RatingIn(Input):
    feeling: Text


class ExchangeOut(Schema):
    id: str
    question: str
    depth: str
    state: str  # to_answer, set_aside (only ever shown to you), waiting, revealed
    your_answer: str | None
    their_answer: str | None  # only once both have answered
    your_rating: str | None


class QuestionTodayOut(Schema):
    day: str
    question_id: str | None
    question: str | None
    depth: str | None


def _summary(deck: Deck) -> dict:
    return {
        "id": deck.ref,
        "title": deck.title,
        "summary": deck.summary,
        "kind": deck.kind,
        "question_count": len(deck.cards),
    }


def _deck(deck: Deck) -> dict:
    questions = [{"id": c.ref, "text": c.text, "depth": c.depth, "set": c.set} for c in deck.cards]
    return {**_summary(deck), "questions": questions}


def _exchange(view: services.ExchangeView) -> dict:
    row = view.exchange
    return {
        "id": row.id,
        "question": row.question_text,
        "depth": row.depth,
        "state": view.state,
        "your_answer": view.my_answer,
        "their_answer": view.other_answer,
        "your_rating": view.my_rating,
    }


def _depth(view: services.DepthView) -> dict:
    return {
        "level": view.level,
        "offer_deeper": view.offer_deeper,
        "you_are_ready": view.i_am_ready,
    }


@router.get(
    "/spaces/{space_id}/decks",
    response={200: list[DeckSummaryOut], 404: Error},
    summary="Question decks for this pair",
)
def list_decks(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [_summary(deck) for deck in decks_for(membership.space)]


@router.post(
    "/spaces/{space_id}/decks",
    response={201: DeckOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Start a deck of your own",
)
def create_deck(request: HttpRequest, space_id: str, payload: DeckIn):
    membership = get_space_for_member(request.auth, space_id)
    deck = services.create_deck(membership, payload.title)
    return Status(201, _deck(get_deck(membership.space, deck.id)))


@router.post(
    "/spaces/{space_id}/decks/import",
    response={201: DeckOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Import a deck file (CSV with the header id,depth,text) as a new deck",
)
def import_deck(request: HttpRequest, space_id: str, payload: ImportIn):
    membership = get_space_for_member(request.auth, space_id)
    try:
        deck, _ = services.import_deck(membership, payload.csv.encode("utf-8"), title=payload.title)
    except fileformat.DeckFileError as exc:
        raise ServiceError("invalid_file", str(exc), field="csv") from None
    return Status(201, _deck(get_deck(membership.space, deck.id)))


@router.get(
    "/spaces/{space_id}/decks/{deck_id}",
    response={200: DeckOut, 404: Error},
    summary="One deck with its questions",
)
def get_one_deck(request: HttpRequest, space_id: str, deck_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return _deck(get_deck(membership.space, deck_id))


@router.get(
    "/spaces/{space_id}/decks/{deck_id}/export",
    response={200: ExportOut, 404: Error},
    summary="A deck as a deck file (CSV)",
)
def export_deck(request: HttpRequest, space_id: str, deck_id: str):
    membership = get_space_for_member(request.auth, space_id)
    deck = get_deck(membership.space, deck_id)
    content = (
        services.export_deck(deck.custom) if deck.custom else services.export_builtin(deck.cards)
    )
    return {"format": "csv", "content": content}


@router.post(
    "/spaces/{space_id}/decks/{deck_id}/questions",
    response={201: QuestionOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Write a question into a deck of your own",
)
def add_question(request: HttpRequest, space_id: str, deck_id: str, payload: QuestionIn):
    membership = get_space_for_member(request.auth, space_id)
    deck = services.get_custom_deck(membership, deck_id)
    row = services.add_question(membership, deck, depth=payload.depth, text=payload.text)
    return Status(201, {"id": f"c:{row.id}", "text": row.text, "depth": row.depth})


@router.get(
    "/spaces/{space_id}/depth",
    response={200: DepthOut, 404: Error},
    summary="How deep this pair's questions go",
)
def get_depth(request: HttpRequest, space_id: str):
    return _depth(services.depth_for(get_space_for_member(request.auth, space_id)))


@router.post(
    "/spaces/{space_id}/depth",
    response={200: DepthOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary='Say you would like to go "deeper" (needs both of you), or go "lighter" (at once)',
)
def change_depth(request: HttpRequest, space_id: str, payload: DepthIn):
    membership = get_space_for_member(request.auth, space_id)
    if payload.action == "deeper":
        return _depth(services.go_deeper(membership))
    if payload.action == "lighter":
        return _depth(services.go_lighter(membership))
    raise ServiceError("invalid_action", 'Use "deeper" or "lighter".', field="action")


@router.get(
    "/spaces/{space_id}/question-of-the-day",
    response={200: QuestionTodayOut, 404: Error},
    summary="Today's question for the pair (the same for both)",
)
def question_of_the_day(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    day = daily.pair_today(membership.space)
    row = daily.question_for(membership.space, day)
    return {
        "day": day.isoformat(),
        "question_id": row.question_ref if row else None,
        "question": row.question_text if row else None,
        "depth": row.depth if row else None,
    }


@router.get(
    "/spaces/{space_id}/exchanges",
    response={200: list[ExchangeOut], 404: Error},
    summary="Questions you have asked each other, as you may see them",
)
def list_exchanges(request: HttpRequest, space_id: str):
    membership = get_space_for_member(request.auth, space_id)
    return [_exchange(view) for view in services.exchanges_for(membership)]


@router.post(
    "/spaces/{space_id}/exchanges",
    response={201: ExchangeOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Ask each other a question",
)
def ask(request: HttpRequest, space_id: str, payload: AskIn):
    membership = get_space_for_member(request.auth, space_id)
    row = services.ask(membership, payload.question_id)
    return Status(201, _exchange(services.view_exchange(membership, row)))


@router.get(
    "/spaces/{space_id}/exchanges/{exchange_id}",
    response={200: ExchangeOut, 404: Error},
    summary="One exchange; the other person's answer appears only once both have answered",
)
def get_exchange(request: HttpRequest, space_id: str, exchange_id: str):
    membership = get_space_for_member(request.auth, space_id)
    row = services.get_exchange(membership, exchange_id)
    return _exchange(services.view_exchange(membership, row))


@router.post(
    "/spaces/{space_id}/exchanges/{exchange_id}/answer",
    response={200: ExchangeOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="Answer privately (or change your answer until both are open)",
)
def answer(request: HttpRequest, space_id: str, exchange_id: str, payload: AnswerIn):
    membership = get_space_for_member(request.auth, space_id)
    row = services.answer(membership, services.get_exchange(membership, exchange_id), payload.text)
    return _exchange(services.view_exchange(membership, row))


@router.post(
    "/spaces/{space_id}/exchanges/{exchange_id}/not-right-now",
    response={200: Ok, 404: Error, 409: Error},
    summary="Set a question aside for now; the other person is never told",
)
def not_right_now(request: HttpRequest, space_id: str, exchange_id: str):
    membership = get_space_for_member(request.auth, space_id)
    services.not_right_now(membership, services.get_exchange(membership, exchange_id))
    return {"ok": True}


@router.post(
    "/spaces/{space_id}/exchanges/{exchange_id}/rating",
    response={200: ExchangeOut, 400: Error, 404: Error, 409: Error, 422: Error},
    summary="How the question felt: comfortable, stretching or too_much (private)",
)
def rate(request: HttpRequest, space_id: str, exchange_id: str, payload: RatingIn):
    membership = get_space_for_member(request.auth, space_id)
    row = services.get_exchange(membership, exchange_id)
    services.rate_exchange(membership, row, payload.feeling)
    return _exchange(services.view_exchange(membership, row))

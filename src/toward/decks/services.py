"""Every write in the decks practice goes through these functions; views, API and demo call them.

Access functions (``get_exchange``, ``get_custom_deck``, ``get_session``) are the only way to
fetch a pair's row by id: they answer the same 404 for "missing" and "not yours".
"""

from __future__ import annotations

import secrets
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from toward.core.compiled_sql import ModelQueries, first_of
from toward.core.errors import Conflict, ServiceError
from toward.decks import fileformat, pacing
from toward.decks.catalog import Card, find_card
from toward.decks.models import (
    ANSWER_MAX,
    DECK_TITLE_MAX,
    QUESTION_MAX,
    Answer,
    CustomDeck,
    CustomQuestion,
    DepthVote,
    Exchange,
    NotRightNow,
    PairDepth,
    Rating,
)
from toward.lib.text import clean_text
from toward.spaces.models import Membership, Space

QUIET_AFTER_NOT_RIGHT_NOW = timedelta(days=3)  # no nudge for three days; then it is simply open


# --- small helpers -----------------------------------------------------------------------------


def local_today(user) -> date:
    try:
        zone = zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return timezone.now().astimezone(zone).date()


def require_active(membership: Membership) -> None:
    if membership.space.state == Space.State.INACTIVE:
        raise Conflict(
            "space_inactive", "This space is no longer active, so nothing new can start."
        )
    if membership.space.state != Space.State.ACTIVE:
        raise Conflict(
            "space_waiting",
            "This needs both of you. Once the other person joins, it opens here.",
        )


def pair_members(space: Space) -> list[Membership]:
    """Both current members, the one who made the space first."""
    return _QUERIES.objects("pair", space=space.pk)


# What the questions page asks on every visit, compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    pair=lambda a: (
        Membership.objects.select_related("user")
        .filter(space_id=a["space"], left_at__isnull=True)
        .order_by("joined_at", "id")
    ),
    depth=lambda a: first_of(PairDepth.objects.filter(space_id=a["space"])),
    votes=lambda a: DepthVote.objects.filter(space_id=a["space"], level=a["level"]),
    ratings=lambda a: Rating.objects.filter(
        space_id=a["space"], depth=a["level"], created_at__gte=a["since"]
    ),
)


def clean_words(raw: object, *, field: str, limit: int, empty: str) -> str:
    if not isinstance(raw, str):
        raise ServiceError("invalid", "This needs to be text.", field=field)
    text = clean_text(raw).strip()
    if not text:
        raise ServiceError("empty", empty, field=field)
    if len(text) > limit:
        raise ServiceError(
            "too_long",
            f"Please keep this to {limit} characters or fewer (this has {len(text)}).",
            field=field,
        )
    return text


def clean_depth(raw: object) -> str:
    if raw not in pacing.DEPTHS:
        raise ServiceError(
            "invalid_depth", "Please choose surface, personal or core.", field="depth"
        )
    return str(raw)


# --- depth -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DepthView:
    level: str
    offer_deeper: bool
    i_am_ready: bool  # only ever about the person asking, never the other


def _pair_depth(space: Space, *, create: bool = False) -> PairDepth:
    # A pair is at surface from the day its space began, so earlier ratings count too. Reading
    # pages never writes the row (a GET changes nothing); the first change of depth does.
    if create:
        row, _ = PairDepth.objects.get_or_create(
            space=space, defaults={"changed_at": space.created_at}
        )
        return row
    row = _QUERIES.first("depth", space=space.pk)
    return row or PairDepth(space=space, level="surface", changed_at=space.created_at)


def _ratings_since(space: Space, row: PairDepth) -> list[pacing.Rating]:
    rows = _QUERIES.objects("ratings", space=space.pk, level=row.level, since=row.changed_at)
    return [pacing.Rating(str(r.user_id), r.depth, r.feeling, r.rated_on) for r in rows]


def _decide(
    space: Space, *, create: bool = False, pair: list[Membership] | None = None, **kwargs
) -> tuple[PairDepth, pacing.Pace]:
    row = _pair_depth(space, create=create)
    members = [str(m.user_id) for m in (pair_members(space) if pair is None else pair)]
    ready = {
        str(vote.user_id) for vote in _QUERIES.objects("votes", space=space.pk, level=row.level)
    }
    decision = pacing.decide(row.level, members, _ratings_since(space, row), ready=ready, **kwargs)
    return row, decision


def depth_for(membership: Membership, pair: list[Membership] | None = None) -> DepthView:
    """`pair`: the space's `pair_members`, when the caller has them already."""
    row, decision = _decide(membership.space, pair=pair)
    if decision.change == "raised":  # both chose it at the same moment, each blind to the other
        _move(membership.space, _pair_depth(membership.space, create=True), decision.level)
        row, decision = _decide(membership.space, pair=pair)
    mine = DepthVote.objects.filter(
        space_id=membership.space_id, user_id=membership.user_id, level=row.level
    ).exists()
    return DepthView(row.level, decision.offer_deeper, mine)


def _move(space: Space, row: PairDepth, new_level: str) -> None:
    """Compare-and-set: only one of two people pressing at once changes the level."""
    moved = PairDepth.objects.filter(pk=row.pk, level=row.level).update(
        level=new_level, changed_at=timezone.now()
    )
    if moved == 1:
        DepthVote.objects.filter(space=space).delete()


@transaction.atomic
def go_deeper(membership: Membership) -> DepthView:
    """Say "I'd like to go deeper". The level rises only once both have said so."""
    require_active(membership)
    row, decision = _decide(membership.space)
    if not decision.offer_deeper:
        raise Conflict(
            "not_yet",
            "Deeper questions open after you have both spent a little more time at this level.",
        )
    DepthVote.objects.get_or_create(
        space_id=membership.space_id, user_id=membership.user_id, level=row.level
    )
    row, decision = _decide(membership.space, create=True)
    if decision.change == "raised":
        _move(membership.space, row, decision.level)
    return depth_for(membership)


@transaction.atomic
def go_lighter(membership: Membership) -> DepthView:
    """Step back one level at once. Either person may; nobody is told who did."""
    row, decision = _decide(membership.space, create=True, lowered_by=str(membership.user_id))
    if decision.change != "lowered":
        raise Conflict("already_lightest", "You are already at the lightest questions.")
    _move(membership.space, row, decision.level)
    return depth_for(membership)


def rate(membership: Membership, card: Card, feeling: object, *, context: str) -> Rating:
    """How a card felt to this person. Rating again replaces the earlier rating."""
    if feeling not in pacing.FEELINGS:
        raise ServiceError(
            "invalid_feeling",
            "Please choose comfortable, stretching or too much.",
            field="feeling",
        )
    rating, _ = Rating.objects.update_or_create(
        user_id=membership.user_id,
        context=context,
        question_ref=card.ref,
        defaults={
            "space_id": membership.space_id,
            "depth": card.depth,
            "feeling": feeling,
            "rated_on": local_today(membership.user),
        },
    )
    return rating


# --- ask each other ----------------------------------------------------------------------------


def get_exchange(membership: Membership, exchange_id: str) -> Exchange:
    if not isinstance(exchange_id, str):
        raise Http404("No such exchange")
    try:
        return Exchange.objects.get(pk=exchange_id, space_id=membership.space_id)
    except Exchange.DoesNotExist:
        raise Http404("No such exchange") from None


def card_or_error(space: Space, ref: object) -> Card:
    card = find_card(space, ref) if isinstance(ref, str) else None
    if card is None:
        raise ServiceError(
            "unknown_question", "We couldn't find that question.", field="question_id"
        )
    return card


def ask(membership: Membership, question_ref: object) -> Exchange:
    """Send a question to the pair. Asking the same open question again returns that one."""
    require_active(membership)
    card = card_or_error(membership.space, question_ref)
    open_one = Exchange.objects.filter(
        space_id=membership.space_id, question_ref=card.ref, revealed_at__isnull=True
    ).first()
    if open_one:
        return open_one
    exchange = Exchange.objects.create(
        space_id=membership.space_id,
        question_ref=card.ref,
        question_text=card.text,
        depth=card.depth,
        asked_by=membership.user,
    )
    _tell_the_others(membership, exchange)
    return exchange


def _tell_the_others(membership: Membership, exchange: Exchange) -> None:
    """An in-app notice for the other member (never the question's words, never an email: a
    question can wait), held back while they are recharging."""
    from django.urls import reverse

    from toward.nudges.services import notify_partner

    notify_partner(
        membership,
        kind="question_asked",
        title="A question is waiting for you, whenever you're ready",
        url=reverse("decks:exchange", args=[membership.space_id, exchange.id]),
        email=False,
    )


def ask_any(membership: Membership) -> Exchange:
    """Ask a question Toward picks: from the pair's decks, at their depth, not asked before
    (once every question has been asked, any of them)."""
    import random

    from toward.decks.daily import pool

    require_active(membership)
    cards = pool(membership.space)
    asked = set(
        Exchange.objects.filter(space_id=membership.space_id).values_list("question_ref", flat=True)
    )
    fresh = [card for card in cards if card.ref not in asked] or cards
    if not fresh:
        raise Conflict("no_questions", "Every deck is switched off for the daily question.")
    return ask(membership, random.SystemRandom().choice(fresh).ref)


@transaction.atomic
def answer(membership: Membership, exchange: Exchange, text: object) -> Exchange:
    """Keep this person's private answer; reveal both once both have answered."""
    require_active(membership)
    # The exchange's row lock queues two answers sent at the same moment, so the second one
    # sees the first and opens the exchange (tests/test_atomic_reveal.py).
    exchange.revealed_at = (
        Exchange.objects.select_for_update()
        .values_list("revealed_at", flat=True)
        .get(pk=exchange.pk)
    )
    if exchange.revealed_at is not None:
        raise Conflict("already_revealed", "Both answers are already open, so this one is set.")
    clean = clean_words(
        text, field="text", limit=ANSWER_MAX, empty="Write a few words, or choose not right now."
    )
    Answer.objects.update_or_create(
        exchange=exchange, user_id=membership.user_id, defaults={"text": clean}
    )
    NotRightNow.objects.filter(exchange=exchange, user_id=membership.user_id).delete()
    _reveal_if_both_answered(membership.space, exchange)
    return exchange


def _reveal_if_both_answered(space: Space, exchange: Exchange) -> None:
    """Open the exchange once both current members have answered. Also called on every read:
    two answers committed at the same moment (neither seeing the other's) still open."""
    members = {m.user_id for m in pair_members(space)}
    answered = set(exchange.answers.values_list("user_id", flat=True))
    if len(members) == 2 and members <= answered:
        Exchange.objects.filter(pk=exchange.pk, revealed_at__isnull=True).update(
            revealed_at=timezone.now()
        )
        exchange.refresh_from_db()


def not_right_now(membership: Membership, exchange: Exchange) -> None:
    """Set a question aside. It stays open and quiet for three days; the other person is never
    told (PRODUCT.md principle 2)."""
    if exchange.revealed_at is not None:
        return
    if exchange.answers.filter(user_id=membership.user_id).exists():
        raise Conflict("already_answered", "You have already answered this one.")
    NotRightNow.objects.update_or_create(
        exchange=exchange,
        user_id=membership.user_id,
        defaults={"quiet_until": timezone.now() + QUIET_AFTER_NOT_RIGHT_NOW},
    )


def rate_exchange(membership: Membership, exchange: Exchange, feeling: object) -> Rating:
    if exchange.revealed_at is None:
        raise Conflict("not_revealed", "You can say how it felt once both answers are open.")
    card = Card(exchange.question_ref, exchange.question_text, exchange.depth, "")
    return rate(membership, card, feeling, context=exchange.id)


@dataclass(frozen=True)
class ExchangeView:
    """One exchange as one person may see it."""

    exchange: Exchange
    state: str  # "to_answer", "set_aside", "waiting", "revealed"
    my_answer: str | None
    other_answer: str | None  # only once revealed
    my_rating: str | None


def view_exchange(membership: Membership, exchange: Exchange) -> ExchangeView:
    return _view_exchanges(membership, [exchange])[0]


def _view_exchanges(membership: Membership, exchanges: list[Exchange]) -> list[ExchangeView]:
    """How one person sees each exchange: a fixed number of queries however many there are
    (the person's ratings of the revealed ones and their "not right now"s are read at once)."""
    answers = []
    for exchange in exchanges:
        texts = {a.user_id: a.text for a in exchange.answers.all()}
        if exchange.revealed_at is None and len(texts) == 2:
            _reveal_if_both_answered(membership.space, exchange)
        answers.append(texts)
    revealed = [e.id for e in exchanges if e.revealed_at is not None]
    open_ids = [
        e.id
        for e, texts in zip(exchanges, answers, strict=True)
        if e.revealed_at is None and membership.user_id not in texts
    ]
    ratings: dict[tuple[str, str], str] = {}
    if revealed:
        # One rating per person, card and context (a unique constraint).
        for context, ref, feeling in Rating.objects.filter(
            user_id=membership.user_id, context__in=revealed
        ).values_list("context", "question_ref", "feeling"):
            ratings.setdefault((context, ref), feeling)
    quiet = (
        set(
            NotRightNow.objects.filter(
                exchange_id__in=open_ids,
                user_id=membership.user_id,
                quiet_until__gt=timezone.now(),
            ).values_list("exchange_id", flat=True)
        )
        if open_ids
        else set()
    )
    views = []
    for exchange, texts in zip(exchanges, answers, strict=True):
        mine = texts.get(membership.user_id)
        other = next((t for uid, t in texts.items() if uid != membership.user_id), None)
        if exchange.revealed_at is not None:
            rating = ratings.get((exchange.id, exchange.question_ref))
            views.append(ExchangeView(exchange, "revealed", mine, other, rating))
        elif mine is not None:
            views.append(ExchangeView(exchange, "waiting", mine, None, None))
        else:
            state = "set_aside" if exchange.id in quiet else "to_answer"
            views.append(ExchangeView(exchange, state, None, None, None))
    return views


def exchanges_since(membership: Membership, since: datetime) -> QuerySet[Exchange]:
    """The exchanges the pair opened since then (indexed: exchange_space_recent)."""
    return Exchange.objects.filter(space_id=membership.space_id, created_at__gte=since)


def asked_since(membership: Membership, since: datetime) -> bool:
    """Whether the pair opened an exchange since then (for summaries on the space page)."""
    return exchanges_since(membership, since).exists()


def exchanges_for(membership: Membership, *, limit: int = 30) -> list[ExchangeView]:
    rows = (
        Exchange.objects.filter(space_id=membership.space_id)
        .prefetch_related("answers")
        .order_by("-created_at")[:limit]
    )
    return _view_exchanges(membership, list(rows))


# --- the pair's own decks ----------------------------------------------------------------------


def get_custom_deck(membership: Membership, deck_id: str) -> CustomDeck:
    if not isinstance(deck_id, str):
        raise Http404("No such deck")
    try:
        return CustomDeck.objects.get(pk=deck_id, space_id=membership.space_id)
    except CustomDeck.DoesNotExist:
        raise Http404("No such deck") from None


def get_custom_question(membership: Membership, question_id: str) -> CustomQuestion:
    if not isinstance(question_id, str):
        raise Http404("No such question")
    try:
        return CustomQuestion.objects.select_related("deck").get(
            pk=question_id, deck__space_id=membership.space_id
        )
    except CustomQuestion.DoesNotExist:
        raise Http404("No such question") from None


def create_deck(membership: Membership, title: object) -> CustomDeck:
    if membership.space.state == Space.State.INACTIVE:
        require_active(membership)
    clean = clean_words(
        title, field="title", limit=DECK_TITLE_MAX, empty="Please give the deck a name."
    )
    return CustomDeck.objects.create(
        space_id=membership.space_id, title=clean, created_by=membership.user
    )


def add_question(
    membership: Membership, deck: CustomDeck, *, depth: object, text: object
) -> CustomQuestion:
    if membership.space.state == Space.State.INACTIVE:
        require_active(membership)
    clean_d = clean_depth(depth)
    clean = clean_words(text, field="text", limit=QUESTION_MAX, empty="Please write the question.")
    for _ in range(3):
        try:
            with transaction.atomic():
                return CustomQuestion.objects.create(
                    deck=deck,
                    key=f"q{secrets.token_hex(5)}",
                    depth=clean_d,
                    text=clean,
                    created_by=membership.user,
                )
        except IntegrityError:
            continue
    raise Conflict("busy", "Please try again.")


def remove_question(membership: Membership, question: CustomQuestion) -> None:
    question.delete()


@transaction.atomic
def import_deck(
    membership: Membership, data: bytes, *, title: object = None, deck: CustomDeck | None = None
) -> tuple[CustomDeck, int]:
    """Import a deck file into a new deck (with ``title``) or an existing one. All or nothing:
    any bad row raises DeckFileError and nothing is written."""
    if membership.space.state == Space.State.INACTIVE:
        require_active(membership)
    existing = set(deck.questions.values_list("key", flat=True)) if deck else set()
    rows = fileformat.parse(data, existing_keys=existing)
    if deck is None:
        deck = create_deck(membership, title)
    CustomQuestion.objects.bulk_create(
        [
            CustomQuestion(
                deck=deck, key=row.key, depth=row.depth, text=row.text, created_by=membership.user
            )
            for row in rows
        ]
    )
    return deck, len(rows)


def export_deck(deck: CustomDeck) -> str:
    return fileformat.write((q.key, q.depth, q.text) for q in deck.questions.all())


def export_builtin(cards: list[Card]) -> str:
    return fileformat.write((card.ref, card.depth, card.text) for card in cards)

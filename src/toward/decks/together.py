"""Together mode on one device: deal cards from a deck, take turns, skip, end; and the guided
three-level conversation (surface check-in, personal reflection, core feelings)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import Http404
from django.utils import timezone

from toward.content.library import three_level_conversation
from toward.core.errors import Conflict, ServiceError
from toward.decks import pacing
from toward.decks.catalog import Card, Deck, decks_for, disabled_refs, get_deck
from toward.decks.models import PairDepth, Rating, Session
from toward.decks.services import pair_members, rate, require_active
from toward.spaces.models import Membership

DEFAULT_MINUTES = 45  # a deep conversation longer than this tends to tire more than it gives
MAX_MINUTES = 120
_random = random.SystemRandom()


def get_session(membership: Membership, session_id: str) -> Session:
    if not isinstance(session_id, str):
        raise Http404("No such session")
    try:
        return Session.objects.get(pk=session_id, space_id=membership.space_id)
    except Session.DoesNotExist:
        raise Http404("No such session") from None


def _level(membership: Membership) -> str:
    return (
        PairDepth.objects.filter(space_id=membership.space_id)
        .values_list("level", flat=True)
        .first()
        or "surface"
    )


def session_depth(membership: Membership, session: Session) -> str:
    level = _level(membership)
    return pacing.shallower(level) if session.stepped_back else level


def _clean_minutes(raw: object) -> int | None:
    if raw in (None, "", 0, "0"):
        return None
    try:
        minutes = int(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        minutes = -1
    if not 5 <= minutes <= MAX_MINUTES:
        raise ServiceError(
            "invalid_minutes",
            f"Choose between 5 and {MAX_MINUTES} minutes, or no time limit.",
            field="minutes",
        )
    return minutes


def _next_card(membership: Membership, session: Session, deck: Deck) -> Card | None:
    """The next card: in order for the closeness deck, otherwise at random at the session's
    depth, then shallower ones once those run out. Never one already dealt."""
    limit = session_depth(membership, session)
    fresh = [card for card in deck.cards if card.ref not in session.dealt]
    if deck.kind == "closeness":
        # The pair chose the escalating conversation; after "too much" it stays lighter.
        allowed = [c for c in fresh if not session.stepped_back or pacing.at_most(c.depth, limit)]
        return allowed[0] if allowed else None
    for depth in reversed(pacing.DEPTHS[: pacing.DEPTHS.index(limit) + 1]):
        here = [card for card in fresh if card.depth == depth]
        if here:
            return _random.choice(here)
    return None


def _show(session: Session, card: Card | None) -> None:
    session.card_ref = card.ref if card else ""
    session.card_text = card.text if card else ""
    session.card_depth = card.depth if card else ""
    if card:
        session.dealt = [*session.dealt, card.ref]


def start(
    membership: Membership, *, deck_ref: object, minutes: object = DEFAULT_MINUTES
) -> Session:
    require_active(membership)
    if not isinstance(deck_ref, str) or not deck_ref:
        raise ServiceError("unknown_deck", "Please choose a deck.", field="deck")
    try:
        deck = get_deck(membership.space, deck_ref)
    except Http404:
        raise ServiceError("unknown_deck", "Please choose a deck.", field="deck") from None
    limit = _clean_minutes(minutes)
    now = timezone.now()
    session = Session(
        space_id=membership.space_id,
        kind=Session.Kind.DECK,
        deck_ref=deck.ref,
        started_at=now,
        ends_at=now + timedelta(minutes=limit) if limit else None,
    )
    _show(session, _next_card(membership, session, deck))
    session.save()
    return session


def _require_open(session: Session) -> None:
    if session.ended_at is not None:
        raise Conflict("session_ended", "This conversation has ended. You can start a new one.")


def deal(membership: Membership, session: Session, *, skip: bool = False) -> Session:
    """The next card. A skip keeps the turn with the same person; "next" passes it on."""
    require_active(membership)
    _require_open(session)
    if session.kind == Session.Kind.THREE_LEVEL:
        card = _three_level_card(membership, session)
    else:
        card = _next_card(membership, session, get_deck(membership.space, session.deck_ref))
    if not skip:
        session.turn = (session.turn + 1) % 2
    _show(session, card)
    session.save()
    return session


def end(membership: Membership, session: Session) -> Session:
    if session.ended_at is None:
        Session.objects.filter(pk=session.pk, ended_at__isnull=True).update(ended_at=timezone.now())
        session.refresh_from_db()
    return session


def rate_card(
    membership: Membership, session: Session, feeling: object, *, for_member: object = None
) -> Rating:
    """Rate the card on the table. "Too much" from either person lightens the rest of this
    session by one level.

    On one device only one person is logged in, so ``for_member`` (a membership id of this
    pair) keeps a rating for the other person; it goes through the same ``rate`` path, so
    pacing counts it as theirs. A rating entered for someone else never takes back a "too
    much" already kept for them: only they can, from their own account. Nothing is said about
    it either way, so trying never tells anyone what the other person chose."""
    if not session.card_ref:
        raise Conflict("no_card", "There is no card to rate just now.")
    rater = rater_for(membership, for_member)
    card = Card(session.card_ref, session.card_text, session.card_depth, session.deck_ref)
    if rater.pk != membership.pk and feeling in pacing.FEELINGS and feeling != "too_much":
        kept = Rating.objects.filter(
            user_id=rater.user_id, context=session.id, question_ref=card.ref, feeling="too_much"
        ).first()
        if kept is not None:
            return kept
    rating = rate(rater, card, feeling, context=session.id)
    if feeling == "too_much" and not session.stepped_back:
        Session.objects.filter(pk=session.pk).update(stepped_back=True)
        session.stepped_back = True
    return rating


def rater_for(membership: Membership, for_member: object) -> Membership:
    """The person a rating is for: the one logged in, or the other current member of the pair."""
    if for_member in (None, "", membership.pk):
        return membership
    for member in pair_members(membership.space):
        if member.pk == for_member:
            return member
    raise ServiceError("unknown_member", "Please rate for one of you two.", field="member")


def my_rating(membership: Membership, session: Session) -> str | None:
    return (
        Rating.objects.filter(
            user_id=membership.user_id, context=session.id, question_ref=session.card_ref
        )
        .values_list("feeling", flat=True)
        .first()
    )


# --- the three-level conversation ---------------------------------------------------------------


def start_three_level(membership: Membership) -> Session:
    require_active(membership)
    from toward.nudges import services as nudges  # the pair's weekly pace (PRODUCT.md 3.14)

    if not nudges.deep_dive_allowed(membership.space_id):
        raise Conflict("deep_dive_limit", nudges.deep_dive_limit_message(membership.space_id))
    now = timezone.now()
    session = Session(
        space_id=membership.space_id,
        kind=Session.Kind.THREE_LEVEL,
        started_at=now,
        step_started_at=now,
    )
    _show(session, _three_level_card(membership, session))
    session.save()
    nudges.record_deep_dive(membership.space_id, now)
    return session


def step_depth(membership: Membership, session: Session) -> str:
    """The step's depth, never deeper than the pair has reached together."""
    steps = three_level_conversation().items
    wanted = steps[min(session.step, len(steps) - 1)].depth
    limit = session_depth(membership, session)
    return wanted if pacing.at_most(wanted, limit) else limit


def _three_level_card(membership: Membership, session: Session) -> Card | None:
    depth = step_depth(membership, session)
    off = disabled_refs(membership.space)
    cards = [
        card
        for deck in decks_for(membership.space)
        if deck.ref not in off and deck.kind != "closeness"
        for card in deck.cards
        if card.depth == depth and card.ref not in session.dealt
    ]
    return _random.choice(cards) if cards else None


def next_step(membership: Membership, session: Session) -> Session:
    """Walk one level down, or finish after the last step."""
    require_active(membership)
    _require_open(session)
    steps = three_level_conversation().items
    if session.step + 1 >= len(steps):
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])
        return session
    session.step += 1
    session.step_started_at = timezone.now()
    _show(session, _three_level_card(membership, session))
    session.save()
    return session


@dataclass(frozen=True)
class Rater:
    """One rating row on the shared screen. ``rating`` is filled only for the person logged in:
    what the other person chose is never read back, on this device or any other."""

    member_id: str
    name: str
    is_me: bool
    rating: str | None


@dataclass(frozen=True)
class SessionView:
    session: Session
    whose_turn: str
    depth: str
    past_time_box: bool
    deck_title: str
    my_rating: str | None
    step_ends_at: datetime | None
    raters: tuple[Rater, ...] = ()


def view(membership: Membership, session: Session) -> SessionView:
    members = pair_members(membership.space)
    names = [m.user.name for m in members] or [membership.user.name]
    now = timezone.now()
    mine = my_rating(membership, session)
    raters = tuple(
        Rater(m.pk, m.user.name, m.pk == membership.pk, mine if m.pk == membership.pk else None)
        for m in members
    ) or (Rater(membership.pk, membership.user.name, True, mine),)
    deck_title = ""
    step_ends = None
    if session.kind == Session.Kind.DECK:
        try:
            deck_title = get_deck(membership.space, session.deck_ref).title
        except Http404:
            deck_title = "A deck that has since been removed"
    else:
        step = three_level_conversation().items[min(session.step, 2)]
        step_ends = session.step_started_at + timedelta(minutes=step.minutes)
    return SessionView(
        session=session,
        whose_turn=names[session.turn % len(names)],
        depth=session_depth(membership, session),
        past_time_box=bool(session.ends_at and now >= session.ends_at),
        deck_title=deck_title,
        my_rating=mine,
        step_ends_at=step_ends,
        raters=raters,
    )

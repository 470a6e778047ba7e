"""Depth pacing: when a pair is offered deeper questions, and when it steps back (PRODUCT.md 3.3).

One pure function, ``decide``, holds the whole rule so it can be read and tested as a table:

- A pair starts at surface.
- Deeper questions are *offered* once both people have each rated at least
  ``CARDS_TO_GO_DEEPER`` cards at the current depth, most of them "comfortable" or "stretching",
  on at least ``DAYS_TO_GO_DEEPER`` different days.
- Any "too much" holds the pair where it is (only ratings after it count toward going deeper)
  and steps the current session back one level.
- Raising needs both people to say they are ready; either person can lower at any time.

Aron et al. (1997) found closeness grows when self-disclosure escalates gradually and is
reciprocated; this rule keeps the escalation gradual and mutual. No Django here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

Depth = Literal["surface", "personal", "core"]
Feeling = Literal["comfortable", "stretching", "too_much"]

DEPTHS: tuple[Depth, ...] = ("surface", "personal", "core")
FEELINGS: tuple[Feeling, ...] = ("comfortable", "stretching", "too_much")
CARDS_TO_GO_DEEPER = 5  # enough cards that one good evening is not the whole story
DAYS_TO_GO_DEEPER = 2  # trust grows across days, not inside one long sitting


@dataclass(frozen=True)
class Rating:
    member: str
    depth: Depth
    feeling: Feeling
    day: date


@dataclass(frozen=True)
class Pace:
    level: Depth  # the pair's depth after this decision
    offer_deeper: bool  # both have been at ease long enough: they may choose to go deeper
    session_depth: Depth  # the depth for the current session (one lower after "too much")
    change: Literal["raised", "lowered"] | None = None


def shallower(depth: Depth) -> Depth:
    return DEPTHS[max(0, DEPTHS.index(depth) - 1)]


def deeper(depth: Depth) -> Depth:
    return DEPTHS[min(len(DEPTHS) - 1, DEPTHS.index(depth) + 1)]


def at_most(depth: Depth, limit: Depth) -> bool:
    return DEPTHS.index(depth) <= DEPTHS.index(limit)


def _at_ease(member: str, ratings: Sequence[Rating]) -> bool:
    mine = [r for r in ratings if r.member == member]
    easy = sum(1 for r in mine if r.feeling in ("comfortable", "stretching"))
    return (
        len(mine) >= CARDS_TO_GO_DEEPER
        and easy * 2 > len(mine)
        and len({r.day for r in mine}) >= DAYS_TO_GO_DEEPER
    )


def decide(
    level: Depth,
    members: Sequence[str],
    ratings: Sequence[Rating],
    *,
    ready: Collection[str] = (),
    lowered_by: str | None = None,
    too_much_in_session: bool = False,
) -> Pace:
    """The pair's depth. ``ratings`` are those made since the pair reached ``level``, oldest
    first; ``ready`` holds the members who said they would like to go deeper; ``lowered_by`` is
    a member asking to step back now."""

    def session(depth: Depth) -> Depth:
        return shallower(depth) if too_much_in_session else depth

    if lowered_by is not None and lowered_by in members:
        new = shallower(level)
        return Pace(new, False, session(new), "lowered" if new != level else None)

    here = [r for r in ratings if r.depth == level]
    last_too_much = max((i for i, r in enumerate(here) if r.feeling == "too_much"), default=-1)
    counted = here[last_too_much + 1 :]
    offer = (
        level != DEPTHS[-1]
        and len(set(members)) == 2
        and all(_at_ease(member, counted) for member in members)
    )
    if offer and set(members) <= set(ready):
        new = deeper(level)
        return Pace(new, False, session(new), "raised")
    return Pace(level, offer, session(level))

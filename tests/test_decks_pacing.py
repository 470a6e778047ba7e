"""The depth-pacing rule, as a table: start, promotion, "too much", lowering, raising."""

from __future__ import annotations

from datetime import date

import pytest

from toward.decks.pacing import Pace, Rating, decide

A, B = "a", "b"
PAIR = (A, B)
MON, TUE, WED = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


def cards(member, n, feeling="comfortable", depth="surface", days=(MON, TUE)):
    return [Rating(member, depth, feeling, days[i % len(days)]) for i in range(n)]


BOTH_AT_EASE = cards(A, 5) + cards(B, 5)

CASES = [
    # (name, level, ratings, kwargs, expected)
    ("a new pair starts at surface", "surface", [], {}, Pace("surface", False, "surface")),
    (
        "four cards each are not yet enough",
        "surface",
        cards(A, 4) + cards(B, 4),
        {},
        Pace("surface", False, "surface"),
    ),
    (
        "only one person at ease is not enough",
        "surface",
        cards(A, 8),
        {},
        Pace("surface", False, "surface"),
    ),
    (
        "five cards each over two days: deeper is offered",
        "surface",
        BOTH_AT_EASE,
        {},
        Pace("surface", True, "surface"),
    ),
    (
        "stretching counts as at ease",
        "surface",
        cards(A, 5, "stretching") + cards(B, 5, "stretching"),
        {},
        Pace("surface", True, "surface"),
    ),
    (
        "all on one day is not enough",
        "surface",
        cards(A, 5, days=(MON,)) + cards(B, 5, days=(MON,)),
        {},
        Pace("surface", False, "surface"),
    ),
    (
        "ratings at another depth do not count",
        "personal",
        BOTH_AT_EASE,
        {},
        Pace("personal", False, "personal"),
    ),
    (
        "a too much holds the pair where it is",
        "surface",
        BOTH_AT_EASE + [Rating(B, "surface", "too_much", WED)],
        {},
        Pace("surface", False, "surface"),
    ),
    (
        "after a too much, fresh ease counts again",
        "surface",
        [Rating(A, "surface", "too_much", MON)] + BOTH_AT_EASE,
        {},
        Pace("surface", True, "surface"),
    ),
    (
        "too much in a session steps that session back one level",
        "personal",
        [],
        {"too_much_in_session": True},
        Pace("personal", False, "surface"),
    ),
    (
        "too much at surface stays at surface",
        "surface",
        [],
        {"too_much_in_session": True},
        Pace("surface", False, "surface"),
    ),
    (
        "one person lowering is enough",
        "core",
        [],
        {"lowered_by": A},
        Pace("personal", False, "personal", "lowered"),
    ),
    (
        "lowering from surface changes nothing",
        "surface",
        [],
        {"lowered_by": B},
        Pace("surface", False, "surface"),
    ),
    (
        "a stranger cannot lower",
        "personal",
        [],
        {"lowered_by": "mallory"},
        Pace("personal", False, "personal"),
    ),
    (
        "one person ready does not raise",
        "surface",
        BOTH_AT_EASE,
        {"ready": {A}},
        Pace("surface", True, "surface"),
    ),
    (
        "both ready raises one level",
        "surface",
        BOTH_AT_EASE,
        {"ready": {A, B}},
        Pace("personal", False, "personal", "raised"),
    ),
    (
        "both ready without enough ease does not raise",
        "surface",
        cards(A, 5),
        {"ready": {A, B}},
        Pace("surface", False, "surface"),
    ),
    (
        "personal to core by the same rule",
        "personal",
        cards(A, 6, depth="personal") + cards(B, 5, depth="personal"),
        {"ready": {A, B}},
        Pace("core", False, "core", "raised"),
    ),
    (
        "mostly too much never raises",
        "surface",
        cards(A, 5) + cards(B, 2) + cards(B, 3, "too_much"),
        {"ready": {A, B}},
        Pace("surface", False, "surface"),
    ),
    (
        "core is as deep as it goes",
        "core",
        cards(A, 5, depth="core") + cards(B, 5, depth="core"),
        {"ready": {A, B}},
        Pace("core", False, "core"),
    ),
]


@pytest.mark.parametrize(("name", "level", "ratings", "kwargs", "expected"), CASES)
def test_pacing(name, level, ratings, kwargs, expected):
    assert decide(level, PAIR, ratings, **kwargs) == expected, name


def test_a_pair_of_one_is_never_offered_deeper():
    assert decide("surface", (A,), cards(A, 10)).offer_deeper is False

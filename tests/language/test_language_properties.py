"""Any Unicode string returns a valid result, with spans inside the text and no exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toward.language import EMOTIONS, LABELS, MOVES, feelings, listening, patterns, specificity

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ANY_TEXT = st.text(alphabet=st.characters(codec=None), max_size=300)
SPICY = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\u202e",
        "שלום עליכם",
        "مرحبا بك",
        "😡😡😡",
        "👩‍❤️‍👨",
        "\ud800",
        "You always\x07 never",
        "e\u0301",
        "\r\n\t",
        "ﷺ",
        "İstanbul",
        "ǅ",
        "ß" * 50,
    ]
)


def check_feelings(text: str) -> None:
    r = feelings(text)
    assert list(r.scores) == list(EMOTIONS)
    assert set(r.labels) <= set(EMOTIONS)
    assert all(0 <= v <= 1 for v in r.scores.values())


def check_patterns(text: str) -> None:
    r = patterns(text)
    assert list(r.scores) == list(LABELS)
    assert set(r.labels) <= set(LABELS)
    for s in r.spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.label in r.labels
    assert isinstance(r.rewrite, str)


def check_specificity(text: str) -> None:
    r = specificity(text)
    assert 0 <= r.score <= 1 and isinstance(r.specific, bool)


def check_listening(d: str, reply: str) -> None:
    r = listening(d, reply)
    assert set(r.moves) <= set(MOVES)
    assert 0 <= r.attunement <= 1
    assert {r.emotional_reactions, r.interpretations, r.explorations} <= {0, 1, 2}


@FAST
@given(st.one_of(ANY_TEXT, st.lists(SPICY, max_size=8).map("".join)))
def test_any_text(text):
    check_feelings(text)
    check_patterns(text)
    check_specificity(text)
    check_listening(text, text)


@FAST
@given(ANY_TEXT, ANY_TEXT)
def test_any_pair(d, reply):
    check_listening(d, reply)


@settings(max_examples=5, deadline=None)
@given(st.sampled_from(["a", "You never ", "😡", "\u202e", "\x00", "I feel sad. "]))
def test_hundred_kilobytes(chunk):
    text = chunk * (100_000 // len(chunk))
    check_feelings(text)
    check_patterns(text)
    check_specificity(text)
    check_listening(text, text)


def test_control_characters():
    text = "".join(chr(i) for i in range(0, 32)) + "You always forget!" + "\x7f\x85"
    check_feelings(text)
    check_patterns(text)
    check_specificity(text)
    check_listening(text, text)

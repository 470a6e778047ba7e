from __future__ import annotations

import pytest

from toward.language import EXPLANATIONS, LABELS, PatternsResult, patterns


def test_labels_and_explanations():
    assert LABELS == (
        "criticism",
        "contempt",
        "sarcasm",
        "defensiveness",
        "stonewalling",
        "ultimatum",
        "scorekeeping",
        "mind_reading",
        "dismissal",
    )
    assert set(EXPLANATIONS) == set(LABELS)
    for text in EXPLANATIONS.values():
        assert text.endswith(".") and "you are a" not in text.lower()


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("You always leave your dishes for me to do.", "criticism"),
        ("You're too sensitive, it was just a joke.", "dismissal"),
        ("If you go out with them again, we're done.", "ultimatum"),
        ("Whatever.", "stonewalling"),
        ("I know you're only doing this to punish me.", "mind_reading"),
    ],
)
def test_clear_patterns_are_found_with_spans(text, label):
    result = patterns(text)
    assert isinstance(result, PatternsResult)
    assert label in result.labels
    spans = [s for s in result.spans if s.label == label]
    assert spans
    for s in spans:
        assert 0 <= s.start < s.end <= len(text)
        assert s.explanation == EXPLANATIONS[label]
    assert result.rewrite and result.rewrite != text


@pytest.mark.parametrize(
    "text",
    [
        "I felt hurt when you didn't call on my birthday. Could we talk about it tonight?",
        "I'm getting overwhelmed. Can we take twenty minutes and come back to this at eight?",
        "I'm sorry I snapped at you this morning. That wasn't fair.",
        "You always make me laugh when I need it most.",
        "I'm not comfortable lending money again. I love you, and this is my limit.",
    ],
)
def test_kind_messages_stay_unflagged(text):
    result = patterns(text)
    assert result.labels == [] and result.spans == []
    assert result.rewrite == text


def test_rewrite_keeps_the_situation_and_asks():
    result = patterns("You always come home late without texting. Whatever.")
    assert "come home late" in result.rewrite
    assert "?" in result.rewrite
    assert "Whatever" not in result.rewrite


def test_scores_for_all_nine():
    result = patterns("")
    assert list(result.scores) == list(LABELS)
    assert result.labels == [] and result.spans == [] and result.rewrite == ""


def test_rewrite_owns_always_and_never_as_a_feeling_and_drops_labels():
    result = patterns("You're so selfish. You never call me back.")
    assert "criticism" in result.labels
    assert "selfish" not in result.rewrite
    assert "it feels like you never call me back" in result.rewrite


def test_rewrite_is_warm_and_never_blames():
    for text in ["Whatever.", "You're too sensitive.", "If you leave now we're done."]:
        rewrite = patterns(text).rewrite
        assert rewrite.startswith("I ")
        assert "you are a" not in rewrite.lower() and "whatever" not in rewrite.lower()


@pytest.mark.parametrize(
    ("text", "sting"),
    [
        # Each clause alone scores under the line; together they are contempt or sarcasm.
        (
            "Bless you for trying, sweetheart, but maybe leave the numbers to the grown-ups.",
            "grown-ups",
        ),
        ("Wow, you made dinner. Someone call the newspapers.", "newspapers"),
    ],
)
def test_rewrite_leaves_out_every_clause_of_a_put_down(text, sting):
    result = patterns(text)
    assert {"contempt", "sarcasm"} & set(result.labels)
    assert sting not in result.rewrite
    assert any(sting in text[s.start : s.end] for s in result.spans)  # and shown
    assert result.rewrite.startswith("I feel") and result.rewrite.endswith("?")


def test_rewrite_keeps_a_kind_clause_next_to_a_put_down():
    text = "I'm sorry I snapped about the rent. Honestly, your budgeting is a joke."
    result = patterns(text)
    assert "contempt" in result.labels
    assert "I'm sorry I snapped about the rent." in result.rewrite
    assert "joke" not in result.rewrite

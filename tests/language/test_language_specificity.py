"""Appreciation specificity: general thanks read as general, a picturable act as specific."""

from __future__ import annotations

import pytest

from toward.language import SpecificityResult, specificity


@pytest.mark.parametrize(
    "text",
    ["thanks for everything", "Thank you for being you", "for all you do", "dinner", "ty x"],
)
def test_general_thanks_are_not_specific(text):
    result = specificity(text)
    assert isinstance(result, SpecificityResult)
    assert not result.specific and 0 <= result.score < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "thank you for picking me up when my train was cancelled",
        "You fixed my bike on Sunday morning before I woke up.",
        "you sat with me in the waiting room for three hours",
    ],
)
def test_a_picturable_act_is_specific(text):
    result = specificity(text)
    assert result.specific and result.score > 0.5
    assert result.to_dict() == {"score": result.score, "specific": True}


@pytest.mark.parametrize("text", ["", "   \n", "\x00", "😀😀", "\u202e" * 10, "a" * 100_000])
def test_any_text_gives_a_result(text):
    result = specificity(text)
    assert 0 <= result.score <= 1 and isinstance(result.specific, bool)


def test_rejects_non_text():
    with pytest.raises(TypeError):
        specificity(None)  # type: ignore[arg-type]

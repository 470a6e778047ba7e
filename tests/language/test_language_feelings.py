from __future__ import annotations

import pytest

from toward.language import EMOTIONS, WHEEL, FeelingsResult, feelings
from toward.language.feelings import wheel_words


def test_scores_cover_all_28_labels():
    result = feelings("I got the job, I start on Monday!")
    assert isinstance(result, FeelingsResult)
    assert list(result.scores) == list(EMOTIONS)
    assert len(EMOTIONS) == 28
    assert all(0.0 <= p <= 1.0 for p in result.scores.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thank you so much for picking up the kids, I really appreciate it.", "gratitude"),
        ("I'm so nervous about the interview tomorrow.", "nervousness"),
        ("We got the keys to the new flat, I can't wait to move in!", "excitement"),
        ("Our dog died this morning and the house feels so empty.", "sadness"),
    ],
)
def test_clear_check_ins_get_the_obvious_label(text, expected):
    result = feelings(text)
    assert expected in result.labels
    assert result.feelings, "an emotional text should suggest wheel words"


def test_labels_are_ordered_by_score_and_over_threshold():
    result = feelings("I'm furious and hurt that nobody told me.")
    scores = [result.scores[label] for label in result.labels]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_text_has_no_labels(text):
    result = feelings(text)
    assert result.labels == [] and result.feelings == []
    assert len(result.scores) == 28


def test_wheel_words_are_most_specific_first():
    words = wheel_words(["nervousness", "sadness"])
    assert words[:2] == ["apprehensive", "low"]
    assert words.index("anxious") < words.index("scared")
    assert set(WHEEL) == set(EMOTIONS)
    assert WHEEL["neutral"] == ()


def test_rejects_non_text():
    with pytest.raises(TypeError):
        feelings(None)  # type: ignore[arg-type]


def test_to_dict_matches_cli_contract():
    d = feelings("so happy today").to_dict()
    assert set(d) == {"labels", "scores", "feelings"}

from __future__ import annotations

import pytest

from toward.language import MOVES, ListeningResult, listening

DISCLOSURE = "I didn't get the promotion. They gave it to someone who started after me."


def test_result_shape():
    result = listening(DISCLOSURE, "Oh no, I'm sorry.")
    assert isinstance(result, ListeningResult)
    for level in (result.emotional_reactions, result.interpretations, result.explorations):
        assert level in (0, 1, 2)
    assert 0.0 <= result.attunement <= 1.0
    assert set(result.moves) <= set(MOVES)
    assert set(result.to_dict()) == {
        "emotional_reactions",
        "interpretations",
        "explorations",
        "attunement",
        "moves",
    }


def test_moves_are_named_exactly():
    assert MOVES == (
        "fixing",
        "judging",
        "explaining_away",
        "toxic_positivity",
        "parroting",
        "self_focus",
    )


def test_attuned_reply_scores_above_fixing():
    attuned = listening(
        DISCLOSURE,
        "That's so disappointing after all the work you put in. It makes sense you feel "
        "overlooked. How are you feeling about it today?",
    )
    fixing = listening(DISCLOSURE, "You should just update your CV and apply somewhere else.")
    assert attuned.attunement > fixing.attunement
    assert "fixing" in fixing.moves
    assert not attuned.moves
    assert attuned.explorations >= 1


@pytest.mark.parametrize(
    ("reply", "move"),
    [
        ("Look on the bright side, everything happens for a reason!", "toxic_positivity"),
        (
            "So you didn't get the promotion and they gave it to someone who started after you.",
            "parroting",
        ),
        ("Ugh same, my week was awful too, let me tell you about my boss.", "self_focus"),
    ],
)
def test_clear_moves_are_found(reply, move):
    assert move in listening(DISCLOSURE, reply).moves


def test_empty_reply_has_nothing():
    result = listening(DISCLOSURE, "   ")
    assert result.moves == [] and result.attunement == 0.0
    assert result.emotional_reactions == result.interpretations == result.explorations == 0


def test_rejects_non_text():
    with pytest.raises(TypeError):
        listening(DISCLOSURE, 3)  # type: ignore[arg-type]

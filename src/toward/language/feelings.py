"""Feelings from text: GoEmotions' 27 emotions plus neutral, mapped onto Toward's wheel.

The model is a linear classifier over hashed word and character n-grams, trained on
GoEmotions (Demszky et al., 2020) and on check-in style texts we wrote ourselves; each label
has its own threshold tuned on dev. See docs/models/feelings.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._cues import emotion_cues
from ._model import load_heads
from ._text import hash_features, ngram_features, normalise, tokens

EMOTIONS: tuple[str, ...] = (
    "admiration",
    "amusement",
    "anger",
    "annoyance",
    "approval",
    "caring",
    "confusion",
    "curiosity",
    "desire",
    "disappointment",
    "disapproval",
    "disgust",
    "embarrassment",
    "excitement",
    "fear",
    "gratitude",
    "grief",
    "joy",
    "love",
    "nervousness",
    "optimism",
    "pride",
    "realization",
    "relief",
    "remorse",
    "sadness",
    "surprise",
    "neutral",
)

FEATURE_DIM = 2**18

# Each GoEmotions label maps to words on Toward's feelings wheel
# (src/toward/content/data/feelings_wheel.yaml), most specific first; every word must exist on
# the wheel (tests/test_feelings.py checks it). "neutral" has no feeling words.
WHEEL: dict[str, tuple[str, ...]] = {
    "admiration": ("admiring", "respectful", "joyful"),
    "amusement": ("amused", "playful", "joyful"),
    "anger": ("furious", "angry", "angry"),
    "annoyance": ("irritated", "frustrated", "angry"),
    "approval": ("accepting", "appreciative", "calm"),
    "caring": ("compassionate", "caring", "loving"),
    "confusion": ("puzzled", "confused", "surprised"),
    "curiosity": ("intrigued", "curious", "joyful"),
    "desire": ("longing for change", "eager", "hopeful"),
    "disappointment": ("let down", "disappointed", "sad"),
    "disapproval": ("disapproving", "critical", "disgusted"),
    "disgust": ("repelled", "put off", "disgusted"),
    "embarrassment": ("embarrassed", "ashamed", "sad"),
    "excitement": ("eager", "excited", "joyful"),
    "fear": ("frightened", "afraid", "scared"),
    "gratitude": ("thankful", "grateful", "joyful"),
    "grief": ("grieving", "heartbroken", "sad"),
    "joy": ("delighted", "glad", "joyful"),
    "love": ("affectionate", "loving", "joyful"),
    "nervousness": ("apprehensive", "anxious", "scared"),
    "optimism": ("hopeful", "optimistic", "joyful"),
    "pride": ("proud", "confident", "joyful"),
    "realization": ("wondering", "moved", "surprised"),
    "relief": ("relieved", "calm", "calm"),
    "remorse": ("remorseful", "regretful", "sad"),
    "sadness": ("low", "gloomy", "sad"),
    "surprise": ("amazed", "surprised", "surprised"),
    "neutral": (),
}

# At most this many feelings are suggested: a short list is easier to choose from.
_MAX_SUGGESTED = 3


@dataclass(frozen=True)
class FeelingsResult:
    """Scores for all 28 labels, the labels over their thresholds, and wheel words."""

    labels: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    feelings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"labels": self.labels, "scores": self.scores, "feelings": self.feelings}


def featurise(text: str) -> tuple[np.ndarray, np.ndarray]:
    toks = tokens(normalise(text))
    return hash_features([ngram_features(toks), emotion_cues(toks)], FEATURE_DIM)


def wheel_words(labels: list[str]) -> list[str]:
    """Wheel words for labels (already ordered by score): precise ones first, then wider."""
    words: list[str] = []
    for ring in range(3):
        for label in labels:
            ring_words = WHEEL.get(label, ())
            if ring < len(ring_words) and ring_words[ring] not in words:
                words.append(ring_words[ring])
    return words


def feelings(text: str) -> FeelingsResult:
    """Score the 28 emotions in ``text`` and suggest feelings-wheel words.

    Empty or whitespace-only text yields no labels and no words (scores are still given).
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    heads = load_heads("feelings")
    idx, val = featurise(text)
    probs = heads.probabilities(idx, val)
    scores = {label: round(float(p), 4) for label, p in zip(heads.labels, probs, strict=False)}
    if not text.strip() or idx.size == 0:
        return FeelingsResult(labels=[], scores=scores, feelings=[])
    above = [
        (float(p), label)
        for label, p, t in zip(heads.labels, probs, heads.thresholds, strict=False)
        if p >= t
    ]
    above.sort(reverse=True)
    labels = [label for _, label in above]
    emotional = [label for label in labels if label != "neutral"][:_MAX_SUGGESTED]
    return FeelingsResult(labels=labels, scores=scores, feelings=wheel_words(emotional))

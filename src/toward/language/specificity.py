"""How specific an appreciation is: "thanks for everything" or "you picked me up when my train
was cancelled".

Specific thanks land more deeply than general ones (Algoe, Haidt and Gable, 2008), so the
appreciation practice offers a gentle hint when "what did they do?" reads as general. A small
logistic regression over hashed word n-grams and a few cues (a moment in time, a named person
or place, a clause that says when or why, generic words like "everything" or "being you")
scores the answer; it was trained on examples we wrote ourselves. See docs/models/specificity.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ._model import load_heads
from ._text import hash_features, ngram_features, normalise, tokens

FEATURE_DIM = 2**15

_TIME = re.compile(
    r"\b(yesterday|today|tonight|this (morning|afternoon|evening|week)|last (night|week|month)|"
    r"on (monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|"
    r"(at|by|before|after|until|till) \d|\d+ ?(am|pm)|midnight|christmas|birthday|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b"
)
_CLAUSE = re.compile(
    r"\b(when|while|after|before|so (that )?i|so we|even though|because|until|without)\b"
)
_GENERIC = {
    "everything",
    "always",
    "all",
    "stuff",
    "things",
    "being",
    "you're",
    "so",
    "such",
    "best",
    "amazing",
    "great",
    "lovely",
    "support",
    "help",
    "kindness",
}
_STOP = {
    "a",
    "an",
    "the",
    "for",
    "to",
    "of",
    "and",
    "you",
    "me",
    "my",
    "i",
    "it",
    "thanks",
    "thank",
    "so",
    "much",
    "your",
    "us",
    "our",
    "with",
    "in",
    "on",
    "at",
    "that",
    "this",
    "was",
    "were",
    "is",
    "be",
    "just",
    "really",
    "very",
}
# A capitalised word after the first one: often a name, a place or a brand ("Priya", "Lisbon").
_NAME = re.compile(r"(?<=\S\s)[A-Z][a-z]{2,}")


@dataclass(frozen=True)
class SpecificityResult:
    """``score`` is the probability that the text names a specific act; ``specific`` is
    whether it is over the model's threshold."""

    score: float = 0.0
    specific: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "specific": self.specific}


def _bucket(n: int, edges: tuple[int, ...]) -> int:
    return sum(n >= e for e in edges)


def cues(text: str, norm: str, toks: list[str]) -> dict[str, float]:
    words = [t for t in toks if t[0].isalnum()]
    content = [t for t in words if t not in _STOP and t not in _GENERIC]
    generic = sum(t in _GENERIC for t in words)
    out = {
        f"s:len{_bucket(len(words), (2, 4, 7, 11, 16))}": 1.0,
        f"s:content{_bucket(len(content), (1, 2, 3, 5, 8))}": 1.0,
        f"s:generic{min(generic, 3)}": 1.0,
    }
    if _TIME.search(norm):
        out["s:time"] = 1.0
    if _CLAUSE.search(norm):
        out["s:clause"] = 1.0
    if any(ch.isdigit() for ch in norm):
        out["s:digit"] = 1.0
    if _NAME.search(text[:400]):
        out["s:name"] = 1.0
    if words and words[0] in {"you", "u"}:
        out["s:you_did"] = 1.0
    return out


def featurise(text: str) -> tuple[np.ndarray, np.ndarray]:
    norm = normalise(text)
    toks = tokens(norm)
    return hash_features([ngram_features(toks), cues(text, norm, toks)], FEATURE_DIM)


def specificity(text: str) -> SpecificityResult:
    """Score how specific an appreciation's "what did they do?" answer is.

    Empty or whitespace text is not specific (score 0).
    """
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    if not text.strip():
        return SpecificityResult()
    heads = load_heads("specificity")
    idx, val = featurise(text)
    if idx.size == 0:
        return SpecificityResult()
    p = float(heads.probabilities(idx, val)[0])
    return SpecificityResult(score=round(p, 4), specific=p >= float(heads.thresholds[0]))

"""Listening analysis for a (disclosure, reply) pair.

Three levels (0 none, 1 generic, 2 specific) follow the EPITOME framework of Sharma et al.
(2020), "A Computational Approach to Understanding Empathy Expressed in Text-Based Mental
Health Support": emotional reactions, interpretations and explorations. The unhelpful moves
are those named in PRODUCT.md 3.5. The model is a set of linear heads over hashed n-grams of
the reply plus features of how the reply relates to the disclosure (echoed words, shared
topic words); see docs/models/listening.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ._cues import listening_cues
from ._model import load_heads
from ._text import hash_features, ngram_features, normalise, tokens

MOVES: tuple[str, ...] = (
    "fixing",
    "judging",
    "explaining_away",
    "toxic_positivity",
    "parroting",
    "self_focus",
)
HEADS: tuple[str, ...] = ("er1", "er2", "ip1", "ip2", "ex1", "ex2", "attuned", *MOVES)
FEATURE_DIM = 2**17

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "i",
        "me",
        "my",
        "you",
        "your",
        "we",
        "our",
        "he",
        "she",
        "his",
        "her",
        "they",
        "them",
        "their",
        "just",
        "really",
        "very",
        "not",
        "no",
        "do",
        "did",
        "have",
        "has",
        "had",
        "am",
        "im",
        "i'm",
        "you're",
        "it's",
        "that's",
    ]
)


@dataclass(frozen=True)
class ListeningResult:
    """EPITOME levels, an attunement score in [0, 1] and the unhelpful moves present."""

    emotional_reactions: int = 0
    interpretations: int = 0
    explorations: int = 0
    attunement: float = 0.0
    moves: list[str] = field(default_factory=list)
    move_scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "emotional_reactions": self.emotional_reactions,
            "interpretations": self.interpretations,
            "explorations": self.explorations,
            "attunement": self.attunement,
            "moves": self.moves,
        }


def _bin(x: float, edges: tuple[float, ...]) -> int:
    return sum(x >= e for e in edges)


def _longest_common_run(a: list[str], b: list[str]) -> int:
    if not a or not b:
        return 0
    a, b = a[:300], b[:300]
    best = 0
    for n in (2, 3, 4, 5, 6, 8):
        if n > len(a) or n > len(b):
            break
        grams = {tuple(a[i : i + n]) for i in range(len(a) - n + 1)}
        if any(tuple(b[i : i + n]) in grams for i in range(len(b) - n + 1)):
            best = n
        else:
            break
    return best


def pair_features(disclosure: str, reply: str) -> dict[str, float]:
    """How the reply relates to the disclosure: echoed runs, shared words, shape."""
    d_toks = tokens(normalise(disclosure))
    r_toks = tokens(normalise(reply))
    d_content = {t for t in d_toks if t.isalnum() and t not in _STOP and len(t) > 2}
    r_content = [t for t in r_toks if t.isalnum() and t not in _STOP and len(t) > 2]
    shared = [t for t in r_content if t in d_content]
    ratio = len(shared) / len(r_content) if r_content else 0.0
    run = _longest_common_run(d_toks, r_toks)
    n = len(r_toks)
    first = sum(t in ("i", "i'm", "me", "my", "mine", "im") for t in r_toks)
    second = sum(t in ("you", "your", "you're", "yourself") for t in r_toks)
    feats = {
        f"m:overlap{_bin(ratio, (0.1, 0.25, 0.4, 0.6, 0.8))}": 1.0,
        f"m:run{_bin(run, (2, 3, 4, 5, 6, 8))}": 1.0,
        f"m:shared{_bin(len(shared), (1, 2, 3, 5))}": 1.0,
        f"m:len{_bin(n, (3, 6, 12, 25, 45, 80))}": 1.0,
        f"m:q{min(reply.count('?'), 3)}": 1.0,
        f"m:first{_bin(first / (n or 1), (0.03, 0.08, 0.15))}": 1.0,
        f"m:second{_bin(second / (n or 1), (0.03, 0.08, 0.15))}": 1.0,
        f"m:bang{min(reply.count('!'), 3)}": 1.0,
    }
    for t in set(shared):
        feats["m:shared_word"] = feats.get("m:shared_word", 0.0) + 1.0
        feats[f"m:sw:{t}"] = 1.0
    if run >= 4 and ratio >= 0.6:
        feats["m:echo_without_more"] = 1.0
    return feats


def featurise(disclosure: str, reply: str) -> tuple[np.ndarray, np.ndarray]:
    norm = normalise(reply)
    return hash_features(
        [
            ngram_features(tokens(norm), prefix="r"),
            pair_features(disclosure, reply),
            listening_cues(norm),
        ],
        FEATURE_DIM,
    )


def pair_probabilities(
    disclosure: str, reply: str, prob: Callable[[np.ndarray, np.ndarray], np.ndarray]
) -> np.ndarray:
    """Head probabilities for the pair, as the package reports them.

    All heads read the whole reply. (Scoring moves sentence by sentence was tried and lowered
    move F1 on our dev set from 0.74 to 0.56: single sentences lose the context that tells a
    warm reply from an unhelpful one.)
    """
    return prob(*featurise(disclosure, reply))


def _level(p1: float, p2: float, t1: float, t2: float) -> int:
    if p2 >= t2:
        return 2
    return 1 if p1 >= t1 else 0


def listening(disclosure: str, reply: str) -> ListeningResult:
    """Analyse how ``reply`` listens to ``disclosure``. Empty replies have no levels or moves."""
    if not isinstance(disclosure, str) or not isinstance(reply, str):
        raise TypeError("disclosure and reply must be str")
    if not reply.strip():
        return ListeningResult(move_scores={m: 0.0 for m in MOVES})
    heads = load_heads("listening")
    probs = pair_probabilities(disclosure, reply, heads.probabilities)
    p = dict(zip(heads.labels, probs.tolist(), strict=False))
    t = dict(zip(heads.labels, heads.thresholds.tolist(), strict=False))
    moves = [m for m in MOVES if p[m] >= t[m]]
    return ListeningResult(
        emotional_reactions=_level(p["er1"], p["er2"], t["er1"], t["er2"]),
        interpretations=_level(p["ip1"], p["ip2"], t["ip1"], t["ip2"]),
        explorations=_level(p["ex1"], p["ex2"], t["ex1"], t["ex2"]),
        attunement=round(float(p["attuned"]), 4),
        moves=moves,
        move_scores={m: round(float(p[m]), 4) for m in MOVES},
    )

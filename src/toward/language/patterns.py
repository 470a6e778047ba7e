"""Communication patterns in a message, where they sit, and a gentler rewording.

The labels follow PRODUCT.md 5.3: Gottman's four horsemen (criticism, contempt,
defensiveness, stonewalling) plus sarcasm, ultimatums, scorekeeping, mind-reading and
dismissal. A linear model scores the whole message; the same model scores each sentence or
clause to find the spans. The rewording keeps what the person is asking for and reshapes it as
"I feel …, <the situation>, could we …?" with rules per label; see docs/models/patterns.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ._cues import pattern_cues
from ._model import load_heads
from ._text import hash_features, ngram_features, normalise, sentence_spans, tokens

LABELS: tuple[str, ...] = (
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
FEATURE_DIM = 2**17

# One sentence each, written for the person reading it: what the words tend to do, not
# what kind of person wrote them.
EXPLANATIONS: dict[str, str] = {
    "criticism": 'Words like "always", "never" or a label for who someone is can turn one '
    "situation into a verdict on the whole person, and that is hard to hear.",
    "contempt": 'Mockery or put-downs tend to land as "I look down on you", which hurts more '
    "than the problem itself.",
    "sarcasm": "Sarcasm hides what you really mean, so the other person hears the sting and "
    "may miss the need underneath.",
    "defensiveness": 'Answering a worry with "it\'s not my fault" or a counter-complaint can '
    "leave the other person feeling unheard.",
    "stonewalling": "Shutting the conversation down can feel like a wall to the other person; "
    "asking for a pause with a time to come back keeps the door open.",
    "ultimatum": "A threat or final warning puts pressure where a request could invite working "
    "it out together.",
    "scorekeeping": "Keeping a tally of past misses can make this moment feel like a trial "
    "instead of a chance to sort one thing out.",
    "mind_reading": "Telling someone what they think or intend leaves little room for them to "
    "share what was actually going on.",
    "dismissal": "Saying a feeling is too much or not worth it can leave the other person "
    "feeling alone with it.",
}

# What to ask for instead, per label: a request keeps the need without the sting.
_REQUESTS: dict[str, str] = {
    "criticism": "Could we talk about it and find something that works for both of us?",
    "contempt": "Could we talk about what's going on between us?",
    "sarcasm": "Could we talk about it?",
    "defensiveness": "I'd like to hear what this was like for you, and think about my part too.",
    "stonewalling": "I need a break to calm down. Could we come back to this in half an hour?",
    "ultimatum": "This matters a lot to me, and I'd like us to work out a change together.",
    "scorekeeping": "Could we find a way to share things that feels fair to both of us?",
    "mind_reading": "Can you tell me what was going on for you?",
    "dismissal": "Can you tell me more about why it hurt?",
}
# How the rewording opens, per label: the feeling underneath, said plainly.
_OPENERS: dict[str, str] = {
    "criticism": "I feel frustrated about this.",
    "contempt": "I feel hurt and angry right now.",
    "sarcasm": "I feel let down about this.",
    "defensiveness": "I feel caught off guard by this.",
    "stonewalling": "I feel overwhelmed right now.",
    "ultimatum": "I feel really upset about this.",
    "scorekeeping": "I feel worn out, and a bit alone with it.",
    "mind_reading": "I feel worried.",
    "dismissal": "I can see this matters to you.",
}

# Sentences past this many are not scored one by one (a 100 KB paste stays fast).
_MAX_UNITS = 40

_ALWAYS = re.compile(r"\b(you|u)\s+(always|constantly)\b", re.IGNORECASE)
_NEVER = re.compile(r"\b(you|u)\s+never\b", re.IGNORECASE)
_I_KNOW = re.compile(r"^\s*(i know|obviously|clearly)\s*,?\s*", re.IGNORECASE)
_STARTS_YOU = re.compile(r"^\s*(you|u)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    label: str
    start: int
    end: int
    explanation: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"label": self.label, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class PatternsResult:
    """Labels over threshold, scores for all nine, spans, explanations and a rewording."""

    labels: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    explanations: dict[str, str] = field(default_factory=dict)
    rewrite: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "labels": self.labels,
            "scores": self.scores,
            "spans": [s.to_dict() for s in self.spans],
            "rewrite": self.rewrite,
        }


def featurise(text: str) -> tuple[np.ndarray, np.ndarray]:
    norm = normalise(text)
    return hash_features([ngram_features(tokens(norm)), pattern_cues(norm)], FEATURE_DIM)


def _soften(unit: str, label: str) -> str:
    """A gentler form of one flagged sentence, or '' when it only carries the sting."""
    if label == "criticism":
        if {"cue:trait", "cue:verdict"} & set(pattern_cues(normalise(unit))):
            return ""  # a label for the person has no gentler form; the request carries it
        match = _ALWAYS.search(unit) or _NEVER.search(unit)
        if match:
            # "You never call" -> "Sometimes it feels like you never call": the same words,
            # owned as a feeling instead of stated as a fact about the person.
            you = unit[match.start() :]
            return unit[: match.start()] + "sometimes it feels like " + you[0].lower() + you[1:]
        return ""
    if label == "mind_reading":
        core = _I_KNOW.sub("", unit)
        if _STARTS_YOU.match(core):
            return "Sometimes I worry that " + core[0].lower() + core[1:]
        return ""
    return ""


def _unit_labels(
    text: str,
    units: list[tuple[int, int]],
    unit_probs: np.ndarray,
    thr: np.ndarray,
    names: tuple[str, ...],
) -> list[str | None]:
    """The pattern each sentence carries most strongly (relative to its threshold), if any.

    A sentence that only a cue catches (a label for the person, an insult) is still softened,
    so the rewording never keeps a put-down the scores missed.
    """
    out: list[str | None] = []
    for (start, end), row in zip(units, unit_probs, strict=False):
        ratio = row / thr
        if ratio.max() >= 1.0:
            out.append(names[int(ratio.argmax())])
            continue
        cues = pattern_cues(normalise(text[start:end]))
        if {"cue:trait", "cue:verdict", "cue:always_never"} & set(cues):
            out.append("criticism")
        elif "cue:insult" in cues:
            out.append("contempt")
        elif sum(t[0].isalnum() for t in tokens(normalise(text[start:end]))) <= 1:
            out.append("stonewalling")  # "Really." / "Fine." carry tone, not content
        else:
            out.append(None)
    return out


def _capitalise(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _rewrite(
    text: str, units: list[tuple[int, int]], unit_labels: list[str | None], labels: list[str]
) -> str:
    kept: list[str] = []
    for (start, end), label in zip(units, unit_labels, strict=False):
        piece = text[start:end].strip()
        if label is not None:
            piece = _soften(piece, label)
        if piece:
            piece = _capitalise(piece)
            if piece[-1] not in ".!?":
                piece += "."
            kept.append(piece)
    body = " ".join(kept)
    parts = []
    if not re.search(r"\bi feel\b", body, re.IGNORECASE):
        parts.append(_OPENERS[labels[0]])
    if body:
        parts.append(body)
    if "?" not in body:
        parts.append(_REQUESTS[labels[0]])
        if "ultimatum" in labels[1:]:
            # A threat left out of the rewording still marks something that matters a lot.
            parts.append(_REQUESTS["ultimatum"])
    return " ".join(parts)


def patterns(text: str) -> PatternsResult:
    """Find communication patterns in ``text``; empty or whitespace text yields none."""
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    heads = load_heads("patterns")
    idx, val = featurise(text)
    probs = heads.probabilities(idx, val)
    scores = {label: round(float(p), 4) for label, p in zip(heads.labels, probs, strict=False)}
    if not text.strip() or idx.size == 0:
        return PatternsResult(scores=scores, rewrite=text)
    thr = heads.thresholds
    units = sentence_spans(text) or [(0, len(text.rstrip()) or len(text))]
    if len(units) > _MAX_UNITS:
        units = units[:_MAX_UNITS]
    unit_probs = np.stack([heads.probabilities(*featurise(text[s:e])) for s, e in units])
    # A short sentence can be diluted in a long message, so a label counts when the whole
    # message or any one sentence carries it; its score is the larger of the two.
    best = np.maximum(probs, unit_probs.max(axis=0))
    scores = {label: round(float(p), 4) for label, p in zip(heads.labels, best, strict=False)}
    flagged = [
        (float(p), lab) for lab, p, t in zip(heads.labels, best, thr, strict=False) if p >= t
    ]
    if not flagged:
        return PatternsResult(scores=scores, rewrite=text)
    flagged.sort(reverse=True)
    labels = [lab for _, lab in flagged]

    spans: list[Span] = []
    unit_labels = _unit_labels(text, units, unit_probs, thr, heads.labels)
    for lab in labels:
        j = heads.labels.index(lab)
        col = unit_probs[:, j]
        hits = [i for i in range(len(units)) if col[i] >= thr[j]] or [int(col.argmax())]
        for i in hits:
            spans.append(Span(lab, *units[i], EXPLANATIONS[lab]))
            unit_labels[i] = unit_labels[i] or lab  # a highlighted sentence is always reworded
    spans.sort(key=lambda s: (s.start, s.label))
    return PatternsResult(
        labels=labels,
        scores=scores,
        spans=spans,
        explanations={lab: EXPLANATIONS[lab] for lab in labels},
        rewrite=_rewrite(text, units, unit_labels, labels),
    )

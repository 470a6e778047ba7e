"""Communication patterns in a message, where they sit, and a gentler rewording.

The labels follow PRODUCT.md 5.3: Gottman's four horsemen (criticism, contempt,
defensiveness, stonewalling) plus sarcasm, ultimatums, scorekeeping, mind-reading and
dismissal. Two models score a message and their scores are averaged: a linear model over
hashed n-grams and cues (scoring the whole message and each sentence or clause, taking the
larger) and a small convolutional network over word pieces, distilled from a fine-tuned
sentence encoder so that wordings unlike our examples are still recognised. The same average
per sentence finds the spans. The rewording keeps what the person is asking for and reshapes
it as "I feel …, <the situation>, could we …?" with rules per label; see
docs/models/patterns.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from . import wordpiece
from ._convnet import load_convnet
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


# Contempt and sarcasm rarely sit in one sentence: "Bless you for trying, sweetheart, but
# maybe leave the numbers to the grown-ups" is contempt as a whole while each clause scores
# under the line. In a message flagged for either, a clause that scores at least this share
# of the line for either of the two (and carries no mark of a kind message) is a sting too:
# highlighted with the rest and left out of the rewording. Chosen by reading every clause it
# adds on our flagged training messages: nearly all were put-downs the rewording used to keep.
_STING_SHARE = 0.35
_STINGS = ("contempt", "sarcasm")


def _unit_labels(
    text: str,
    units: list[tuple[int, int]],
    unit_probs: np.ndarray,
    thr: np.ndarray,
    names: tuple[str, ...],
    labels: list[str],
) -> list[str | None]:
    """The pattern each sentence carries most strongly (relative to its threshold), if any.

    A sentence that only a cue catches (a label for the person, an insult) is still softened,
    so the rewording never keeps a put-down the scores missed; nor one that only reads as a
    sting next to the others (``_STING_SHARE``).
    """
    flagged = [names.index(lab) for lab in _STINGS if lab in labels]
    stings = [names.index(lab) for lab in _STINGS] if flagged else []
    out: list[str | None] = []
    for (start, end), row in zip(units, unit_probs, strict=False):
        ratio = row / thr
        if ratio.max() >= 1.0:
            out.append(names[int(ratio.argmax())])
            continue
        cues = pattern_cues(normalise(text[start:end]))
        sting = max((ratio[j] for j in stings), default=0.0)
        if {"cue:trait", "cue:verdict", "cue:always_never"} & set(cues):
            out.append("criticism")
        elif "cue:insult" in cues:
            out.append("contempt")
        elif sting >= _STING_SHARE and not any(c.startswith("cue:kind_") for c in cues):
            out.append(names[max(flagged, key=lambda j: ratio[j])])  # as the message is flagged
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


def _convnet_probs(text: str) -> np.ndarray:
    return load_convnet("patterns_cnn").probabilities(wordpiece.encode(text))


# Word pieces past this many (over all sentences of one message) are not read by the
# convolutional network when it scores sentences one by one; a 100 KB paste stays fast.
_MAX_UNIT_PIECES = 1024


@dataclass
class _Scoring:
    """A message's scores, and what scoring its sentences one by one needs (done only when a
    label is flagged: the spans)."""

    text: str
    scores: np.ndarray
    units: list[tuple[int, int]]
    unit_linear: np.ndarray
    pieces: list[int]
    whole_rows: np.ndarray

    def unit_scores(self) -> np.ndarray:
        """Each sentence's nine scores: the same average as the message's."""
        cnn = load_convnet("patterns_cnn")
        budget, pieces = _MAX_UNIT_PIECES, []
        for s, e in self.units:
            ids = wordpiece.encode(self.text[s:e])
            pieces.append(ids[: max(budget, 0)])
            budget -= len(ids)
        flat = [i for ids in pieces for i in ids]
        done = len(self.whole_rows)
        if flat[:done] == self.pieces[: len(flat)]:
            # The sentences' pieces are the message's, in order (the usual case): the
            # message's own rows cover its first pieces; project only the rest.
            rest = cnn.project(flat[done:]) if len(flat) > done else self.whole_rows[:0]
            rows = np.vstack([self.whole_rows[: len(flat)], rest])
            starts = np.cumsum([0] + [len(ids) for ids in pieces])
            per_unit = cnn.pool([rows[a:b] for a, b in zip(starts, starts[1:], strict=False)])
        else:
            per_unit = cnn.probabilities_many(pieces)
        return (self.unit_linear + per_unit) / 2


def _score(text: str, features: tuple[np.ndarray, np.ndarray]) -> _Scoring:
    """The message's nine scores, as labels are decided: the linear model's (the larger of the
    whole message's and the best sentence's, so one sharp sentence in a long kind message is
    still seen) averaged with the convolutional network's over the whole message (its
    max-pooling finds the sharpest phrase). train_patterns.py tunes the thresholds on this."""
    heads = load_heads("patterns")
    whole = heads.probabilities(*features)
    units = sentence_spans(text) or [(0, len(text.rstrip()) or len(text))]
    if len(units) > _MAX_UNITS:
        units = units[:_MAX_UNITS]
    unit_linear = np.stack([heads.probabilities(*featurise(text[s:e])) for s, e in units])
    linear = np.maximum(whole, unit_linear.max(axis=0))
    cnn = load_convnet("patterns_cnn")
    pieces = wordpiece.encode(text)
    rows = cnn.project(pieces)
    return _Scoring(
        text=text,
        scores=(linear + cnn.pool([rows])[0]) / 2,
        units=units,
        unit_linear=unit_linear,
        pieces=pieces,
        whole_rows=rows,
    )


def patterns(text: str) -> PatternsResult:
    """Find communication patterns in ``text``; empty or whitespace text yields none."""
    if not isinstance(text, str):
        raise TypeError("text must be a str")
    heads = load_heads("patterns")
    features = featurise(text)
    if not text.strip() or features[0].size == 0:
        return PatternsResult(scores=dict.fromkeys(heads.labels, 0.0), rewrite=text)
    thr = heads.thresholds
    scored = _score(text, features)
    best, units = scored.scores, scored.units
    scores = {label: round(float(p), 4) for label, p in zip(heads.labels, best, strict=False)}
    flagged = [
        (float(p), lab) for lab, p, t in zip(heads.labels, best, thr, strict=False) if p >= t
    ]
    if not flagged:
        return PatternsResult(scores=scores, rewrite=text)
    flagged.sort(reverse=True)
    labels = [lab for _, lab in flagged]

    unit_scores = scored.unit_scores()
    spans: list[Span] = []
    unit_labels = _unit_labels(text, units, unit_scores, thr, heads.labels, labels)
    for lab in labels:
        j = heads.labels.index(lab)
        col = unit_scores[:, j]
        hits = [i for i in range(len(units)) if col[i] >= thr[j]] or [int(col.argmax())]
        if lab in _STINGS:
            # The clauses left out of the rewording as part of the put-down are shown too.
            hits = sorted({*hits, *(i for i, u in enumerate(unit_labels) if u == lab)})
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

"""The feelings wheel as the rest of Toward uses it: look-ups, search, the drawn wheel, and a
person's growing vocabulary.

The wheel itself is content (``content/data/feelings_wheel.yaml``): seven core feelings, each
opening into more exact ones, and again, so a person can say "apprehensive" or "let down"
instead of "stressed" or "bad". Putting a precise name to a feeling helps people regulate it
(Lieberman et al., 2007, Psychological Science 18(5), "Putting feelings into words").
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache

from toward.content.library import feelings_wheel
from toward.core.errors import ServiceError

SEARCH_LIMIT = 20  # enough to scan at a glance on a phone
SUGGESTION_LIMIT = 3  # a few good words, not a list to wade through


@dataclass(frozen=True)
class Feeling:
    id: str
    label: str
    definition: str
    level: int  # 1 core, 2 secondary, 3 precise
    colour: str  # the core feeling's colour family
    core_id: str
    parent_id: str | None
    children: tuple[str, ...]

    @property
    def path(self) -> list[Feeling]:
        """From the core feeling down to this one."""
        chain = [self]
        while chain[0].parent_id:
            chain.insert(0, feeling(chain[0].parent_id))
        return chain


@cache
def _index() -> dict[str, Feeling]:
    found: dict[str, Feeling] = {}
    for core in feelings_wheel().cores:
        found[core.id] = Feeling(
            core.id, core.label, core.definition, 1, core.colour, core.id, None,
            tuple(s.id for s in core.feelings),
        )  # fmt: skip
        for second in core.feelings:
            found[second.id] = Feeling(
                second.id, second.label, second.definition, 2, core.colour, core.id, core.id,
                tuple(p.id for p in second.feelings),
            )  # fmt: skip
            for precise in second.feelings:
                found[precise.id] = Feeling(
                    precise.id, precise.label, precise.definition, 3, core.colour, core.id,
                    second.id, (),
                )  # fmt: skip
    return found


def all_feelings() -> dict[str, Feeling]:
    return _index()


def cores() -> list[Feeling]:
    return [f for f in _index().values() if f.level == 1]


def children(feeling_id: str) -> list[Feeling]:
    return [_index()[child] for child in _index()[feeling_id].children]


@dataclass(frozen=True)
class Branch:
    feeling: Feeling
    branches: tuple[Branch, ...]


@cache
def tree() -> tuple[Branch, ...]:
    """The wheel as nested branches, for lists and pickers."""

    def branch(f: Feeling) -> Branch:
        return Branch(f, tuple(branch(_index()[c]) for c in f.children))

    return tuple(branch(core) for core in cores())


def feeling(feeling_id: str) -> Feeling:
    try:
        return _index()[feeling_id]
    except (KeyError, TypeError):
        raise ServiceError(
            "unknown_feeling",
            "We don't know that feeling. Please choose one from the wheel.",
            field="feelings",
        ) from None


def is_feeling(feeling_id: object) -> bool:
    return isinstance(feeling_id, str) and feeling_id in _index()


def search(query: str) -> list[Feeling]:
    """Feelings whose name, then whose definition, matches the words typed."""
    words = query.casefold().split()
    if not words:
        return []

    def rank(f: Feeling) -> int | None:
        label, text = f.label.casefold(), f.definition.casefold()
        if label == " ".join(words):
            return 0
        if all(w in label for w in words):
            return 1 if label.startswith(words[0]) else 2
        if all(w in label or w in text for w in words):
            return 3
        return None

    ranked = [(r, f.level, f.label, f) for f in _index().values() if (r := rank(f)) is not None]
    return [item[-1] for item in sorted(ranked, key=lambda item: item[:3])][:SEARCH_LIMIT]


def suggest_from_text(text: str) -> list[Feeling]:
    """More exact feelings for free text ("work has been crushing me"), from the offline
    language tools (PRODUCT.md 5.1). Returns [] where they are not installed, so every caller
    works without them."""
    try:
        from toward.language import WHEEL, feelings
    except ImportError:
        return []
    try:
        labels = feelings(text).labels
    except Exception:  # noqa: BLE001 - a suggestion is a nicety; never break a check-in for it
        return []
    by_label = {f.label: f for f in _index().values()}
    found: list[Feeling] = []
    for label in labels:
        for word in WHEEL.get(label, ()):
            match = by_label.get(word)
            if match is not None and match not in found:
                found.append(match)
                break
    return found[:SUGGESTION_LIMIT]


# --- a person's vocabulary --------------------------------------------------------------------


@dataclass(frozen=True)
class VocabularyMonth:
    month: date  # the first of the month
    distinct: int  # distinct feelings named that month
    new: int  # of those, named for the first time


def vocabulary(named: Iterable[tuple[date, str]]) -> list[VocabularyMonth]:
    """Distinct feelings a person named each month, oldest first, with the months between
    (a quiet month is shown as a quiet month, never as a gap to explain)."""
    per_month: dict[date, set[str]] = defaultdict(set)
    for day, feeling_id in named:
        per_month[day.replace(day=1)].add(feeling_id)
    if not per_month:
        return []
    months, seen = [], set()
    month, last = min(per_month), max(per_month)
    while month <= last:
        words = per_month.get(month, set())
        months.append(VocabularyMonth(month, len(words), len(words - seen)))
        seen |= words
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


CHART_MONTHS = 12  # a year at a glance
CHART_MIN_SLOTS = 6  # so a first month shows as one modest bar, not a wall of colour


def bar_chart(months: list[VocabularyMonth]) -> dict:
    """Geometry for a small SVG bar chart (the CSP allows no inline styles, so no CSS heights)."""
    shown = months[-CHART_MONTHS:]
    tallest = max((m.distinct for m in shown), default=0) or 1
    slot, top, height = 40, 18, 90
    bars = []
    for i, m in enumerate(shown):
        h = round(height * m.distinct / tallest, 1)
        bars.append(
            {
                "month": m,
                "x": i * slot + 6,
                "w": slot - 12,
                "h": h,
                "y": top + height - h,
                "mid": i * slot + slot / 2,
                "label_y": top + height - h - 4,
            }
        )
    return {"bars": bars, "width": max(len(shown), CHART_MIN_SLOTS) * slot}


# --- the drawn wheel ------------------------------------------------------------------------

# Radii of the rings in the SVG's own units (its viewBox is 400 wide, centred on 0).
RINGS = {1: (44.0, 100.0), 2: (100.0, 150.0), 3: (150.0, 198.0)}


@dataclass(frozen=True)
class Segment:
    feeling: Feeling
    path: str
    label_x: float
    label_y: float
    label_rotate: float
    show_label: bool


def wheel_segments() -> list[Segment]:
    """Arcs for every feeling, each as wide as the number of precise feelings under it."""
    return list(_segments())


@cache
def _segments() -> tuple[Segment, ...]:
    leaves = [f for f in _index().values() if f.level == 3]
    step = 2 * math.pi / len(leaves)
    spans: dict[str, tuple[float, float]] = {}
    for i, leaf in enumerate(leaves):
        spans[leaf.id] = (i * step, (i + 1) * step)
        for ancestor in leaf.path[:-1]:
            start, end = spans.get(ancestor.id, (i * step, (i + 1) * step))
            spans[ancestor.id] = (min(start, i * step), max(end, (i + 1) * step))
    segments = []
    for f in _index().values():
        start, end = spans[f.id]
        inner, outer = RINGS[f.level]
        middle, radius = (start + end) / 2, (inner + outer) / 2
        degrees = math.degrees(middle) - 90
        # Keep text upright: labels on the left half read from the outside in.
        rotate = degrees + 180 if 90 < degrees < 270 else degrees
        segments.append(
            Segment(
                feeling=f,
                path=_arc(inner, outer, start, end),
                label_x=round(radius * math.sin(middle), 2),
                label_y=round(-radius * math.cos(middle), 2),
                label_rotate=round(rotate if f.level > 1 else 0, 2),
                show_label=True,
            )
        )
    return tuple(segments)


def _arc(inner: float, outer: float, start: float, end: float) -> str:
    def point(r: float, a: float) -> str:
        return f"{r * math.sin(a):.2f} {-r * math.cos(a):.2f}"

    large = 1 if end - start > math.pi else 0
    return (
        f"M {point(inner, start)} L {point(outer, start)} "
        f"A {outer} {outer} 0 {large} 1 {point(outer, end)} L {point(inner, end)} "
        f"A {inner} {inner} 0 {large} 0 {point(inner, start)} Z"
    )

"""The shape of a self-assessment file (content/data/assessments/*.yaml) and its load-time checks.

A file carries its own scoring rules: the answer scale, item weights and reverse-scored items,
bands with inclusive boundaries and the words for each band, and which practices each band or
low-scoring group of items points to. Loading refuses a file whose bands overlap or leave a gap
over the possible score range, whose weights, reverse list or groups name an item that does not
exist, or whose suggestions name a practice (practices.yaml) or ritual (rituals.yaml, once that
file exists) that does not exist. docs/ASSESSMENTS.md describes the rules in words.

Like the other schemas it imports nothing from Django, so content/ stays free of app code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, model_validator

from toward.content.schema import (
    ALL_RELATIONSHIP_TYPES,
    ContentId,
    RelationshipType,
    ShortText,
    Source,
    Strict,
    Text,
)

STYLES: tuple[str, ...] = ("words", "touch", "time", "gestures")  # as the rituals library tags
Style = Literal["words", "touch", "time", "gestures"]
Direction = Literal["give", "receive"]
DATA_DIR = Path(__file__).resolve().parent / "data"


class Option(Strict):
    value: int = Field(ge=0, le=10)
    label: ShortText


class Question(Strict):
    id: ContentId
    text: Text
    style: Style | None = None  # expression styles only
    direction: Direction | None = None  # expression styles only


class Band(Strict):
    """A stretch of the score range, both ends included, and what it says."""

    id: ContentId
    min: int
    max: int
    title: ShortText
    text: Text = ""
    practices: list[ContentId] = Field(default_factory=list)  # candidates, best first
    reason: ShortText | None = None  # the one-line reason given with a band candidate
    prefer: Literal["new", "keep"] = "new"  # see recommend.py
    count: int = Field(default=2, ge=1, le=2)  # one or two suggestions, never more
    safety: bool = False  # show the quiet link to the safety page
    therapy: bool = False  # name a therapist as one good option, with the Learn explainer


class Group(Strict):
    """Items that belong together; when they score low, their practices come first."""

    id: ContentId
    items: list[ContentId] = Field(min_length=1)
    practices: list[ContentId] = Field(min_length=1)
    reason: ShortText


class SafetyNote(Strict):
    """Shown privately, with the safety page, when any of these items is answered this high."""

    items: list[ContentId] = Field(min_length=1)
    at_least: int = Field(ge=0)
    text: Text


class Bridge(Strict):
    text: ShortText
    ritual: ContentId | None = None  # an id in rituals.yaml, when that library has one to match


class StyleInfo(Strict):
    id: Style
    title: ShortText
    receive_phrase: ShortText  # "through words" — completes "likes to receive care …"
    practices: list[ContentId] = Field(min_length=1)
    reason: ShortText
    bridges: list[Bridge] = Field(min_length=2)


class Manner(Strict):
    """A way of expressing (directness, quiet) compared between the two in the shared view."""

    id: ContentId
    item: ContentId
    title: ShortText
    both_high: Text
    both_low: Text
    differ: Text


class SharedCopy(Strict):
    """Sentences of the shared-language view; {phrase} is a style's receive_phrase and {name}
    the other person's name."""

    intro: Text
    waiting: Text
    both_receive: ShortText
    you_give_they_receive: ShortText
    they_give_you_receive: ShortText
    you_receive_they_give_less: ShortText
    they_receive_you_give_less: ShortText
    no_meeting: ShortText
    no_gap: ShortText


class Assessment(Strict):
    version: int = Field(ge=1)
    id: ContentId
    title: ShortText
    summary: ShortText
    intro: Text
    kind: Literal["score", "styles"] = "score"
    minutes: int = Field(ge=1, le=15)
    relationship_types: list[RelationshipType] = Field(
        default_factory=lambda: list(ALL_RELATIONSHIP_TYPES), min_length=1
    )
    scale: list[Option] = Field(min_length=2, max_length=7)
    items: list[Question] = Field(min_length=3, max_length=20)
    weights: dict[ContentId, int] = Field(default_factory=dict)  # item id -> weight (default 1)
    reverse: list[ContentId] = Field(default_factory=list)  # items where agreeing scores lower
    bands: list[Band] = Field(default_factory=list)  # score: over the total; styles: per item
    groups: list[Group] = Field(default_factory=list)
    keep_reason: ShortText  # the reason given when a suggestion is a practice already in use
    safety_note: SafetyNote | None = None
    styles: list[StyleInfo] = Field(default_factory=list)
    manner: list[Manner] = Field(default_factory=list)
    general_bridges: list[Bridge] = Field(default_factory=list)
    shared: SharedCopy | None = None
    sources: list[Source] = Field(default_factory=list)

    # --- scoring arithmetic shared by the checks and the scorer ---------------------------

    @property
    def values(self) -> list[int]:
        return sorted(o.value for o in self.scale)

    def weight(self, item_id: str) -> int:
        return self.weights.get(item_id, 1)

    def points(self, item_id: str, value: int) -> int:
        """What one answer adds: the weight times the value, or times its mirror when reversed."""
        low, high = self.values[0], self.values[-1]
        return self.weight(item_id) * ((low + high - value) if item_id in self.reverse else value)

    def score_range(self, item_ids: list[str] | None = None) -> tuple[int, int]:
        ids = item_ids if item_ids is not None else [i.id for i in self.items]
        low, high = self.values[0], self.values[-1]
        return (
            sum(min(self.points(i, low), self.points(i, high)) for i in ids),
            sum(max(self.points(i, low), self.points(i, high)) for i in ids),
        )

    def band_range(self) -> tuple[int, int]:
        """Bands cover the total score; for expression styles they cover one item's answer."""
        if self.kind == "styles":
            return self.values[0], self.values[-1]
        return self.score_range()

    # --- load-time checks -----------------------------------------------------------------

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        item_ids = [i.id for i in self.items]
        _unique("item", item_ids)
        _unique("answer value", [o.value for o in self.scale])
        _unique("band", [b.id for b in self.bands])
        _unique("group", [g.id for g in self.groups])
        known = set(item_ids)
        named = [("weights", i) for i in self.weights] + [("reverse", i) for i in self.reverse]
        named += [(f"group {g.id!r}", i) for g in self.groups for i in g.items]
        if self.safety_note:
            named += [("safety_note", i) for i in self.safety_note.items]
        named += [(f"manner {m.id!r}", m.item) for m in self.manner]
        for where, item_id in named:
            if item_id not in known:
                raise ValueError(f"{where} names an item that does not exist: {item_id!r}")
        for item_id, weight in self.weights.items():
            if weight < 1 or weight > 5:
                raise ValueError(f"weights: {item_id!r} must weigh 1 to 5, not {weight}")
        check_bands(self.bands, *self.band_range())
        if self.kind == "score" and any(not b.text for b in self.bands):
            raise ValueError("every band needs its text")
        if self.kind == "styles":
            self._check_styles()
        elif self.styles or self.manner or self.general_bridges or self.shared:
            raise ValueError("styles, manner and general_bridges belong to kind: styles only")
        _check_links(self)
        return self

    def _check_styles(self) -> None:
        if sorted(s.id for s in self.styles) != sorted(STYLES):
            raise ValueError(f"styles must list each of {', '.join(STYLES)} once")
        pairs = [(i.style, i.direction) for i in self.items if i.style]
        for style in STYLES:
            for direction in ("give", "receive"):
                if pairs.count((style, direction)) != 1:
                    raise ValueError(f"needs exactly one item for {style}, {direction}")
        if any(bool(i.style) != bool(i.direction) for i in self.items):
            raise ValueError("an item with a style needs a direction, and the other way round")
        if self.shared is None:
            raise ValueError("expression styles need the shared-language sentences (shared:)")
        if len(self.general_bridges) < 3:
            raise ValueError("general_bridges needs at least three lines")


def _unique(what: str, values: list) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} is used twice")
        seen.add(value)


def check_bands(bands: list[Band], low: int, high: int) -> None:
    """Bands must tile [low, high] exactly: no gap, no overlap, nothing outside."""
    if not bands:
        raise ValueError("bands: at least one band is needed")
    ordered = sorted(bands, key=lambda b: (b.min, b.max))
    for band in ordered:
        if band.min > band.max:
            raise ValueError(f"band {band.id!r}: min {band.min} is above max {band.max}")
    if ordered[0].min != low:
        raise ValueError(
            f"bands start at {ordered[0].min}, but the lowest possible score is {low}"
            if ordered[0].min > low
            else f"band {ordered[0].id!r} starts at {ordered[0].min}, below the lowest possible "
            f"score {low}"
        )
    for before, after in zip(ordered, ordered[1:], strict=False):
        if after.min <= before.max:
            raise ValueError(f"bands {before.id!r} and {after.id!r} overlap at {after.min}")
        if after.min > before.max + 1:
            raise ValueError(
                f"bands leave a gap between {before.max} and {after.min} "
                f"({before.id!r}, {after.id!r})"
            )
    if ordered[-1].max != high:
        raise ValueError(
            f"bands end at {ordered[-1].max}, but the highest possible score is {high}"
        )


def _known_ids(name: str) -> set[str] | None:
    """Ids in another content file (None when the file does not exist yet)."""
    path = DATA_DIR / name
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    items = data.get("items") or data.get("rituals") or []
    return {item["id"] for item in items if isinstance(item, dict) and "id" in item}


def _check_links(assessment: Assessment) -> None:
    practices = _known_ids("practices.yaml") or set()
    named = [p for b in assessment.bands for p in b.practices]
    named += [p for g in assessment.groups for p in g.practices]
    named += [p for s in assessment.styles for p in s.practices]
    for practice in named:
        if practice not in practices:
            raise ValueError(f"names a practice that does not exist: {practice!r}")
    rituals = _known_ids("rituals.yaml")
    bridges = [b for s in assessment.styles for b in s.bridges] + assessment.general_bridges
    for bridge in bridges:
        if bridge.ritual and (rituals is None or bridge.ritual not in rituals):
            raise ValueError(f"a bridge names a ritual that does not exist: {bridge.ritual!r}")

"""The typed shape of every content file. A file that does not match is refused at load time.

Ids are stable forever: other rows (answers, ratings, schedules) point at them, so an id is never
reused or renamed — retire content by removing it, and write new content under a new id.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

RelationshipType = Literal["romantic", "friendship", "family"]
ALL_RELATIONSHIP_TYPES: tuple[RelationshipType, ...] = ("romantic", "friendship", "family")
Depth = Literal["surface", "personal", "core"]

ContentId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{1,79}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """A plain-text citation for a research fact, e.g. 'Aron et al. (1997), Personality and
    Social Psychology Bulletin 23(4)'."""

    cite: Text
    url: str | None = None


class Item(Strict):
    id: ContentId
    relationship_types: list[RelationshipType] = Field(
        default_factory=lambda: list(ALL_RELATIONSHIP_TYPES), min_length=1
    )
    sources: list[Source] = Field(default_factory=list)


class Collection(Strict):
    """A file: a version number and a list of items with unique ids."""

    version: int = Field(ge=1)

    @field_validator("items", check_fields=False)
    @classmethod
    def _unique_ids(cls, items: list[Item]) -> list[Item]:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"id {item.id!r} is used twice")
            seen.add(item.id)
        return items


# --- relationship types ---------------------------------------------------------------------


class RelationshipTypeItem(Strict):
    id: RelationshipType
    label: ShortText
    description: Text
    example: ShortText


class RelationshipTypes(Collection):
    items: list[RelationshipTypeItem] = Field(min_length=3, max_length=3)


# --- practices shown on the home page -------------------------------------------------------


class Practice(Item):
    title: ShortText
    summary: Text
    # solo: one person can do it alone; pair: it needs both people in the space.
    mode: Literal["solo", "pair", "both"]
    # The URL name of the practice's page; the home page lists a practice only once it exists.
    route: ShortText


class Practices(Collection):
    items: list[Practice] = Field(min_length=1)


class FirstStep(Item):
    text: Text
    when: Literal["waiting", "active"]


class FirstSteps(Collection):
    items: list[FirstStep] = Field(min_length=1)


# --- the safety page --------------------------------------------------------------------------


class SafetySection(Item):
    heading: ShortText
    paragraphs: list[Text] = Field(default_factory=list)
    points: list[Text] = Field(default_factory=list)


class HelpResource(Strict):
    name: ShortText
    detail: Text
    url: str | None = None


class SafetyPage(Strict):
    version: int = Field(ge=1)
    title: ShortText
    intro: Text
    sections: list[SafetySection] = Field(min_length=1)
    help: list[HelpResource] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)


# --- question decks (the decks app; PRODUCT.md 3.3) --------------------------------------------

CLOSENESS_SETS = 3  # Aron et al. (1997): three sets of questions that grow more personal
CLOSENESS_SET_SIZE = 12


class DeckQuestion(Item):
    depth: Depth
    text: Annotated[str, StringConstraints(min_length=8, max_length=300, strip_whitespace=True)]
    # Only in the closeness deck: which of its three sets the question belongs to.
    set: int | None = Field(default=None, ge=1, le=CLOSENESS_SETS)


class DeckFile(Collection):
    """One deck per file under data/decks/. Question ids are unique across all decks."""

    id: ContentId
    title: ShortText
    summary: Text
    kind: Literal["deck", "closeness"] = "deck"
    relationship_types: list[RelationshipType] = Field(
        default_factory=lambda: list(ALL_RELATIONSHIP_TYPES), min_length=1
    )
    sources: list[Source] = Field(default_factory=list)
    items: list[DeckQuestion] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _inherit_relationship_types(cls, data: object) -> object:
        """A question without its own relationship_types suits whatever the deck suits."""
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            kinds = data.get("relationship_types", list(ALL_RELATIONSHIP_TYPES))
            data = {
                **data,
                "items": [
                    {"relationship_types": kinds, **item} if isinstance(item, dict) else item
                    for item in data["items"]
                ],
            }
        return data

    @model_validator(mode="after")
    def _consistent(self) -> DeckFile:
        for question in self.items:
            extra = set(question.relationship_types) - set(self.relationship_types)
            if extra:
                raise ValueError(
                    f"question {question.id!r} is tagged {sorted(extra)}, which the deck is not"
                )
            if (question.set is None) != (self.kind == "deck"):
                raise ValueError(f"question {question.id!r}: only closeness questions have a set")
        if self.kind == "closeness":
            sizes = [sum(1 for q in self.items if q.set == n) for n in range(1, CLOSENESS_SETS + 1)]
            if sizes != [CLOSENESS_SET_SIZE] * CLOSENESS_SETS:
                raise ValueError(f"the closeness deck needs three sets of twelve, not {sizes}")
        return self


class ConversationStep(Item):
    """One step of the three-level conversation: a depth, a short guide and a timer."""

    depth: Depth
    title: ShortText
    guide: Text
    reminders: list[ShortText] = Field(min_length=1)
    minutes: int = Field(ge=1, le=30)


class ThreeLevelConversation(Collection):
    title: ShortText
    intro: Text
    closing: Text
    sources: list[Source] = Field(default_factory=list)
    items: list[ConversationStep] = Field(min_length=3, max_length=3)

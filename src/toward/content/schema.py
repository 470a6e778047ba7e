"""The typed shape of every content file. A file that does not match is refused at load time.

Ids are stable forever: other rows (answers, ratings, schedules) point at them, so an id is never
reused or renamed — retire content by removing it, and write new content under a new id.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

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

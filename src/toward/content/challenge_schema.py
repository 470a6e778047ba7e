"""The shape of challenge.yaml (the 30-day connection challenge) and experiences.yaml (ideas for
new things to do together). Kept beside schema.py so two apps' content can grow without editing
one shared module."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from toward.content.schema import Collection, ContentId, Item, ShortText, Strict, Text

CHALLENGE_DAYS = 28
DAYS_PER_WEEK = 7


class ChallengeWeek(Strict):
    number: int = Field(ge=1, le=4)
    theme: ShortText
    summary: Text
    reflection_prompt: ShortText
    reflection_hint: ShortText


class ChallengeDay(Strict):
    day: int = Field(ge=1, le=CHALLENGE_DAYS)
    title: ShortText
    task: Text
    why: Text
    # An id from practices.yaml (checked by content.library.check_links).
    practice: ContentId
    # A more exact page (a URL name), optional; `space_id` is filled in when the route takes it.
    route: ShortText | None = None
    route_args: dict[str, ShortText] = Field(default_factory=dict)

    @property
    def week(self) -> int:
        return (self.day - 1) // DAYS_PER_WEEK + 1


class ChallengeEndCopy(Strict):
    intro: Text
    worked_label: ShortText
    worked_hint: ShortText
    not_worked_label: ShortText
    not_worked_hint: ShortText
    keep_label: ShortText
    keep_hint: ShortText
    keep_note_label: ShortText


class ChallengeContent(Strict):
    version: int = Field(ge=1)
    intro: Text
    solo_intro: Text
    pair_intro: Text
    weeks: list[ChallengeWeek] = Field(min_length=4, max_length=4)
    days: list[ChallengeDay] = Field(min_length=CHALLENGE_DAYS, max_length=CHALLENGE_DAYS)
    end: ChallengeEndCopy
    fallback_practice: ContentId

    @field_validator("weeks")
    @classmethod
    def _weeks_in_order(cls, weeks: list[ChallengeWeek]) -> list[ChallengeWeek]:
        if [w.number for w in weeks] != [1, 2, 3, 4]:
            raise ValueError("the weeks must be numbered 1, 2, 3, 4, in that order")
        return weeks

    @field_validator("days")
    @classmethod
    def _days_in_order(cls, days: list[ChallengeDay]) -> list[ChallengeDay]:
        numbers = [d.day for d in days]
        if numbers != list(range(1, CHALLENGE_DAYS + 1)):
            raise ValueError(
                f"the days must be numbered 1 to {CHALLENGE_DAYS}, in order, once each"
            )
        return days

    def day(self, number: int) -> ChallengeDay:
        return self.days[number - 1]

    def week(self, number: int) -> ChallengeWeek:
        return self.weeks[number - 1]

    def practice_ids(self) -> list[str]:
        """The practices the challenge uses, in the order they first appear."""
        return list(dict.fromkeys(d.practice for d in self.days))


# --- shared experiences ------------------------------------------------------------------------

Cost = Literal["free", "low", "medium", "splurge"]
Duration = Literal["short", "hours", "day", "longer"]
Place = Literal["home", "out", "outdoors", "apart"]

COST_LABELS: dict[str, str] = {
    "free": "Free",
    "low": "Costs a little",
    "medium": "Costs something",
    "splurge": "A treat",
}
TIME_LABELS: dict[str, str] = {
    "short": "Under an hour",
    "hours": "A few hours",
    "day": "A day",
    "longer": "Longer, or over weeks",
}
PLACE_LABELS: dict[str, str] = {
    "home": "At home",
    "out": "Out and about",
    "outdoors": "Outdoors",
    "apart": "Apart, or online",
}
MIN_IDEAS = 40


class ExperienceIdea(Item):
    title: ShortText
    detail: Text
    cost: Cost
    time: Duration
    place: Place


class ExperiencesContent(Collection):
    intro: Text
    items: list[ExperienceIdea] = Field(min_length=MIN_IDEAS)

    @model_validator(mode="after")
    def _every_kind_of_pair_has_ideas(self) -> ExperiencesContent:
        for kind in ("romantic", "friendship", "family"):
            if sum(kind in idea.relationship_types for idea in self.items) < MIN_IDEAS // 2:
                raise ValueError(f"too few ideas suit {kind} pairs")
        return self

"""The shape of content/data/rituals.yaml: our own library of small rituals (PRODUCT.md 3.7)."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from toward.content.schema import Collection, Item, ShortText, Strict, Text

ExpressionStyle = Literal["words", "touch", "time", "gestures"]
Weekday = Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class SuggestedSchedule(Strict):
    frequency: Literal["daily", "weekdays", "weekly", "monthly"]
    days: list[Weekday] = Field(default_factory=list)
    time: str

    @field_validator("time")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not _CLOCK.match(value):
            raise ValueError("time must be HH:MM, 24-hour")
        return value

    @field_validator("days")
    @classmethod
    def _days_unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each day may appear only once")
        return value


class RitualIdea(Item):
    title: ShortText
    summary: Text
    why: Text
    styles: list[ExpressionStyle] = Field(min_length=1)
    suggested: SuggestedSchedule

    @field_validator("suggested")
    @classmethod
    def _weekly_has_days(cls, value: SuggestedSchedule) -> SuggestedSchedule:
        if value.frequency == "weekly" and not value.days:
            raise ValueError("a weekly ritual needs at least one day")
        return value


class RitualsContent(Collection):
    intro: Text
    items: list[RitualIdea] = Field(min_length=20)

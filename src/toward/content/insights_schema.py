"""The shape of content/data/insights.yaml: every sentence the insights page says (PRODUCT.md
3.11). Placeholders in braces are filled by the insights app with numbers only, never a name."""

from __future__ import annotations

from pydantic import Field

from toward.content.schema import ShortText, Source, Strict, Text


class InsightStatements(Strict):
    too_little_data: Text  # {weeks}: weeks so far; {needed}: weeks needed
    nothing_yet: Text  # enough weeks, but nothing in them: not a finding, and not a failing
    no_pattern: Text
    moment: Text  # {week}: the week of the dip
    rising: Text  # {months}, {usual}, {recent}
    falling: Text  # {months}, {usual}, {recent}
    no_statement: Text  # for series that never get one (depth, pauses)


class TogetherStatements(Strict):
    too_little_data: Text
    nothing_yet: Text
    no_pattern: Text
    moment: Text
    rising: Text


class Conversation(Strict):
    """What the page offers when the shared rhythm has been lower for the set number of months."""

    title: ShortText
    intro: Text  # {months}
    curious: Text
    scripts_intro: ShortText
    scripts: list[Text] = Field(min_length=2, max_length=3)
    therapy: Text
    sources: list[Source] = Field(min_length=1)


class InsightsContent(Strict):
    version: int = Field(ge=1)
    title: ShortText
    intro: Text
    private_note: Text
    together_title: ShortText
    together_intro: Text
    together_left_out: Text
    personal_title: ShortText
    personal_intro: Text
    method: Text  # a short "how we decide" note; docs/INSIGHTS.md has the whole method
    personal: InsightStatements
    together: TogetherStatements
    conversation: Conversation
    curiosity: Text  # the question PRODUCT.md 3.11 suggests, for every page

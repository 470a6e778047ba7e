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


# --- the feelings wheel (PRODUCT.md 3.2) -------------------------------------------------------

# Each core feeling is drawn in one colour family; the CSS defines each family for both themes.
ColourFamily = Literal["sun", "rose", "sage", "rain", "ember", "dusk", "sky"]
WHEEL_MIN_WORDS = 130  # enough words to say "apprehensive" rather than "stressed"


class _WheelNode(Strict):
    id: ContentId
    name: ShortText | None = None
    definition: ShortText

    @property
    def label(self) -> str:
        return self.name or self.id.replace("-", " ")


class PreciseFeeling(_WheelNode):
    pass


class SecondaryFeeling(_WheelNode):
    feelings: list[PreciseFeeling] = Field(min_length=2, max_length=4)


class CoreFeeling(_WheelNode):
    colour: ColourFamily
    feelings: list[SecondaryFeeling] = Field(min_length=4, max_length=8)


class FeelingsWheel(Strict):
    version: int = Field(ge=1)
    cores: list[CoreFeeling] = Field(min_length=6, max_length=8)

    @field_validator("cores")
    @classmethod
    def _unique_and_enough(cls, cores: list[CoreFeeling]) -> list[CoreFeeling]:
        seen: set[str] = set()
        for core in cores:
            for node in [core, *core.feelings, *(p for s in core.feelings for p in s.feelings)]:
                if node.id in seen:
                    raise ValueError(f"feeling id {node.id!r} is used twice")
                seen.add(node.id)
        if len(seen) < WHEEL_MIN_WORDS:
            raise ValueError(f"the wheel has {len(seen)} words; it needs {WHEEL_MIN_WORDS}")
        if len({core.colour for core in cores}) != len(cores):
            raise ValueError("each core feeling needs its own colour family")
        return cores


# --- the daily check-in (PRODUCT.md 3.1) -------------------------------------------------------


class CheckInPrompt(Strict):
    id: Literal["went_well", "hard", "worried", "pleased"]
    label: ShortText
    hint: ShortText


class TogetherCopy(Strict):
    intro: Text
    listen: Text
    closing: Text


class CheckInContent(Strict):
    version: int = Field(ge=1)
    intro: Text
    logistics: Text
    prompts: list[CheckInPrompt] = Field(min_length=4, max_length=4)
    feelings_label: ShortText
    feelings_hint: Text
    need_label: ShortText
    need_hint: Text
    private_label: ShortText
    private_hint: Text
    share_now: Text
    waiting_for_you: Text
    waiting_for_them: Text
    together: TogetherCopy

    @field_validator("prompts")
    @classmethod
    def _each_prompt_once(cls, prompts: list[CheckInPrompt]) -> list[CheckInPrompt]:
        if len({p.id for p in prompts}) != len(prompts):
            raise ValueError("each prompt id may appear only once")
        return prompts


# --- appreciations (PRODUCT.md 3.4, gratitude) -------------------------------------------------


class VagueRules(Strict):
    min_words: int = Field(ge=1, le=20)
    hint: Text
    phrases: list[ShortText] = Field(min_length=1)


class AppreciationsContent(Strict):
    version: int = Field(ge=1)
    intro: Text
    did_label: ShortText
    did_hint: ShortText
    felt_label: ShortText
    felt_hint: ShortText
    says_label: ShortText
    says_hint: ShortText
    private_label: ShortText
    private_hint: Text
    daily_prompt: Text
    sources: list[Source] = Field(min_length=1)
    vague: VagueRules


# --- the Learn library, the four pillars, the first reflection (issue 11) --------------------

PillarId = Literal["vulnerability", "communication", "trust", "shared-experience"]
# Reading time: a careful reader of a personal text reads about 200 words a minute, so 2 to 4
# minutes is roughly 300 to 900 words. Shorter says too little to be worth a page; longer is a
# chapter, and people who are tired should be able to finish in one sitting.
WORDS_PER_MINUTE = 200
EXPLAINER_WORDS = (450, 900)


class TryNext(Strict):
    """A practice in Toward to try after reading; `practice` is an id from practices.yaml."""

    practice: ContentId
    why: ShortText


class ExplainerSection(Strict):
    heading: ShortText | None = None
    paragraphs: list[Text] = Field(min_length=1)
    points: list[Text] = Field(default_factory=list)


class Explainer(Strict):
    """One explainer per file under data/learn/. Written by us; facts carry their sources."""

    version: int = Field(ge=1)
    id: ContentId
    title: ShortText
    summary: Text
    pillar: PillarId | None = None
    keywords: list[ShortText] = Field(default_factory=list)
    relationship_types: list[RelationshipType] = Field(
        default_factory=lambda: list(ALL_RELATIONSHIP_TYPES), min_length=1
    )
    sections: list[ExplainerSection] = Field(min_length=1)
    sources: list[Source] = Field(min_length=1)
    try_next: list[TryNext] = Field(min_length=1, max_length=2)
    related: list[ContentId] = Field(default_factory=list)
    links_safety_page: bool = False
    start_here: bool = False  # listed first on the Learn page, for a newcomer

    def words(self) -> int:
        text = [self.summary]
        for section in self.sections:
            text += [section.heading or "", *section.paragraphs, *section.points]
        return sum(len(part.split()) for part in text)

    @property
    def minutes(self) -> int:
        return max(1, round(self.words() / WORDS_PER_MINUTE))

    @model_validator(mode="after")
    def _readable_in_two_to_four_minutes(self) -> Explainer:
        low, high = EXPLAINER_WORDS
        if not low <= self.words() <= high:
            raise ValueError(
                f"an explainer should take 2 to 4 minutes to read ({low}-{high} words); "
                f"this one has {self.words()}"
            )
        return self


class FaqItem(Item):
    question: ShortText
    answer: list[Text] = Field(min_length=1)
    try_next: list[TryNext] = Field(default_factory=list, max_length=2)
    explainer: ContentId | None = None


class Faq(Collection):
    title: ShortText
    intro: Text
    items: list[FaqItem] = Field(min_length=1)


class Pillar(Strict):
    id: PillarId
    title: ShortText
    summary: Text
    practices: list[ContentId] = Field(min_length=1)
    explainer: ContentId
    quiet_suggestion: Text


class Pillars(Strict):
    """The four pillars and which practices build each: content, so the map can change without
    code. A practice may belong to more than one pillar."""

    version: int = Field(ge=1)
    intro: Text
    all_quiet: Text
    all_visited: Text
    items: list[Pillar] = Field(min_length=4, max_length=4)

    @field_validator("items")
    @classmethod
    def _each_pillar_once(cls, items: list[Pillar]) -> list[Pillar]:
        if len({p.id for p in items}) != len(items):
            raise ValueError("each pillar may appear only once")
        return items


ReflectionPromptId = Literal["closeness", "close_already", "distant", "more_of", "hard_to_open"]


class ReflectionPrompt(Strict):
    id: ReflectionPromptId
    label: ShortText
    hint: ShortText


class SuggestionRule(Strict):
    """If any of `words` appears in the answers (both people's, once revealed), suggest
    `practice`. Rules are tried in file order; the first with the most matches wins."""

    id: ContentId
    practice: ContentId
    words: list[ShortText] = Field(min_length=1)
    relationship_types: list[RelationshipType] = Field(
        default_factory=lambda: list(ALL_RELATIONSHIP_TYPES), min_length=1
    )
    why: Text


class ReflectionContent(Strict):
    version: int = Field(ge=1)
    intro: Text
    alone_intro: Text
    again_intro: Text
    prompts: list[ReflectionPrompt] = Field(min_length=5, max_length=5)
    rules: list[SuggestionRule] = Field(min_length=1)
    # When no rule matches: one gentle default per relationship type.
    fallback: dict[RelationshipType, TryNext]

    @field_validator("prompts")
    @classmethod
    def _each_prompt_once(cls, prompts: list[ReflectionPrompt]) -> list[ReflectionPrompt]:
        if len({p.id for p in prompts}) != len(prompts):
            raise ValueError("each prompt id may appear only once")
        return prompts

    @field_validator("fallback")
    @classmethod
    def _every_type(cls, fallback: dict) -> dict:
        missing = set(ALL_RELATIONSHIP_TYPES) - set(fallback)
        if missing:
            raise ValueError(f"a fallback is needed for {sorted(missing)}")
        return fallback


# --- guided exercises (the exercises app; PRODUCT.md 3.4) --------------------------------------


class ExerciseGuide(Item):
    # timer: a quiet countdown; breathing: the pacer; gratitude: turns; phone_free: a long window
    kind: Literal["timer", "breathing", "gratitude", "phone_free"]
    title: ShortText
    summary: Text
    what: Text
    why: Text
    steps: list[ShortText] = Field(min_length=1)
    during: Text
    end_cue: Text
    reflection_prompt: ShortText
    minutes_default: int | None = Field(default=None, ge=1, le=240)
    minutes_min: int | None = Field(default=None, ge=1, le=240)
    minutes_max: int | None = Field(default=None, ge=1, le=240)
    minutes_choices: list[int] = Field(default_factory=list)

    @model_validator(mode="after")
    def _minutes_make_sense(self) -> ExerciseGuide:
        timed = self.kind in ("timer", "phone_free")
        values = (self.minutes_default, self.minutes_min, self.minutes_max)
        if timed and None in values:
            raise ValueError(f"{self.id}: a timed exercise needs minutes_default, _min and _max")
        if timed and not self.minutes_min <= self.minutes_default <= self.minutes_max:  # type: ignore[operator]
            raise ValueError(f"{self.id}: minutes_default must lie between _min and _max")
        if not self.sources:
            raise ValueError(f"{self.id}: say where the fact behind 'why' comes from")
        return self


class ExercisesContent(Collection):
    intro: Text
    ready_hint: Text
    stopped: Text
    finished: Text
    reflection_hint: Text
    items: list[ExerciseGuide] = Field(min_length=1)


# --- repair after conflict and the pause (the repair app; PRODUCT.md 3.5, 3.6) -----------------


class RepairPartPrompt(Strict):
    id: Literal["my_part", "felt", "ask", "reconnect"]
    label: ShortText
    hint: Text


class RepairCopy(Strict):
    title: ShortText
    intro: Text
    why: Text
    sources: list[Source] = Field(min_length=1)
    parts: list[RepairPartPrompt] = Field(min_length=4, max_length=4)
    waiting: Text
    revealed: Text
    reconnected: Text
    not_now: Text


class PauseCopy(Strict):
    title: ShortText
    intro: Text
    why: Text
    sources: list[Source] = Field(min_length=1)
    during: Text
    note_label: ShortText
    note_hint: ShortText
    asked_notice: ShortText  # {time} is the agreed return time; nothing else, ever
    extended_notice: ShortText
    back_notice: ShortText
    ended_notice: ShortText
    email_subject: ShortText
    email_body: Text


class SelfCheckQuestion(Strict):
    id: ContentId
    text: ShortText


class SelfCheck(Strict):
    title: ShortText
    intro: Text
    questions: list[SelfCheckQuestion] = Field(min_length=5, max_length=5)
    closing: Text


class RepairContent(Strict):
    version: int = Field(ge=1)
    repair: RepairCopy
    pause: PauseCopy
    self_check: SelfCheck


# --- the coach: message review and listening practice (issue 8, PRODUCT.md 3.5) ---------------


class ListeningShare(Strict):
    id: ContentId
    text: Text


class ListeningPractice(Collection):
    items: list[ListeningShare] = Field(min_length=60)


Level = Literal[1, 2]


class CoachTry(Strict):
    no_warmth: Text
    no_understanding: Text
    no_question: Text


class CoachContent(Strict):
    version: int = Field(ge=1)
    went_well: dict[
        Literal["emotional_reactions", "interpretations", "explorations"], dict[Level, Text]
    ]
    try_: CoachTry = Field(alias="try")
    moves: dict[
        Literal[
            "fixing", "judging", "explaining_away", "toxic_positivity", "parroting", "self_focus"
        ],
        Text,
    ]
    nothing_to_flag: Text

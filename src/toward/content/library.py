"""The content library: every file under data/ has a schema, and is loaded once per process.

Apps that bring content add a line to ``FILES`` (a file name, or a glob such as
``decks/*.yaml`` for a folder of files that share one schema); ``toward content check``
validates them all and reports any file that no line covers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from toward.content.assessments_schema import Assessment
from toward.content.challenge_schema import ChallengeContent, ExperiencesContent
from toward.content.insights_schema import InsightsContent
from toward.content.loader import ContentError, Problem, load
from toward.content.rituals_schema import RitualsContent
from toward.content.schema import (
    AppreciationsContent,
    CheckInContent,
    CoachContent,
    DeckFile,
    ExercisesContent,
    Explainer,
    Faq,
    FeelingsWheel,
    FirstSteps,
    ListeningPractice,
    Pillars,
    Practices,
    ReflectionContent,
    RelationshipTypeItem,
    RelationshipTypes,
    RepairContent,
    SafetyPage,
    ThreeLevelConversation,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

FILES: dict[str, type[BaseModel]] = {
    "relationship_types.yaml": RelationshipTypes,
    "practices.yaml": Practices,
    "first_steps.yaml": FirstSteps,
    "safety.yaml": SafetyPage,
    "feelings_wheel.yaml": FeelingsWheel,
    "checkin.yaml": CheckInContent,
    "appreciations.yaml": AppreciationsContent,
    "decks/*.yaml": DeckFile,
    "three_level.yaml": ThreeLevelConversation,
    "learn/*.yaml": Explainer,  # the Learn library (issue 11)
    "learn_faq.yaml": Faq,
    "pillars.yaml": Pillars,
    "reflection.yaml": ReflectionContent,
    "exercises.yaml": ExercisesContent,  # guided exercises (issue 5)
    "repair.yaml": RepairContent,  # repair after conflict and the pause (issue 5)
    "coach.yaml": CoachContent,  # the coach pages (issue 8)
    "listening_practice.yaml": ListeningPractice,
    "assessments/*.yaml": Assessment,  # self-assessments (issue 7, PRODUCT.md 3.10)
    "insights.yaml": InsightsContent,  # insights: a pattern or a moment? (issue 7)
    "rituals.yaml": RitualsContent,  # rituals of connection (issue 6)
    "challenge.yaml": ChallengeContent,  # the 30-day connection challenge (issue 6)
    "experiences.yaml": ExperiencesContent,  # ideas for shared experiences (issue 6)
}


@cache
def _load(name: str, data_dir: Path = DATA_DIR) -> BaseModel:
    model = _schema_for(name)
    if model is None:
        raise KeyError(f"no schema is registered for {name}")
    return load(data_dir / name, model)


def load_glob(pattern: str, data_dir: Path = DATA_DIR) -> list[BaseModel]:
    """Every file matching a glob entry of FILES, in name order (cached per file)."""
    return [
        _load(path.relative_to(data_dir).as_posix(), data_dir)
        for path in _matching(pattern, data_dir)
    ]


def _matching(pattern: str, data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob(pattern)) if "*" in pattern else [data_dir / pattern]


def _schema_for(name: str) -> type[BaseModel] | None:
    if name in FILES:
        return FILES[name]
    for pattern, model in FILES.items():
        if "*" in pattern and PurePosixPath(name).match(pattern):
            return model
    return None


def check_all(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Every problem in every content file, plus files that have no schema at all."""
    problems: list[Problem] = []
    for pattern, model in FILES.items():
        paths = _matching(pattern, data_dir)
        if "*" not in pattern and not paths[0].exists():
            problems.append(Problem(paths[0], 1, "the file is missing"))
            continue
        for path in paths:
            try:
                load(path, model)
            except ContentError as exc:
                problems.extend(exc.problems)
    for path in sorted(data_dir.rglob("*.y*ml")):
        if _schema_for(path.relative_to(data_dir).as_posix()) is None:
            problems.append(Problem(path, 1, "no schema is registered for this file"))
    if not problems:
        problems.extend(check_links(data_dir))
    return problems


def relationship_types() -> list[RelationshipTypeItem]:
    return list(_load("relationship_types.yaml").items)  # type: ignore[attr-defined]


def relationship_type_ids() -> set[str]:
    return {item.id for item in relationship_types()}


def relationship_type(kind: str) -> RelationshipTypeItem | None:
    return next((item for item in relationship_types() if item.id == kind), None)


def practices() -> Practices:
    return _load("practices.yaml")  # type: ignore[return-value]


def first_steps() -> FirstSteps:
    return _load("first_steps.yaml")  # type: ignore[return-value]


def safety_page() -> SafetyPage:
    return _load("safety.yaml")  # type: ignore[return-value]


def decks() -> list[DeckFile]:
    """Every built-in question deck, in file-name order."""
    return load_glob("decks/*.yaml")  # type: ignore[return-value]


def three_level_conversation() -> ThreeLevelConversation:
    return _load("three_level.yaml")  # type: ignore[return-value]


def feelings_wheel() -> FeelingsWheel:
    return _load("feelings_wheel.yaml")  # type: ignore[return-value]


def checkin_content() -> CheckInContent:
    return _load("checkin.yaml")  # type: ignore[return-value]


def appreciations_content() -> AppreciationsContent:
    return _load("appreciations.yaml")  # type: ignore[return-value]


# --- the Learn library, the four pillars, the first reflection (issue 11) ---------------------


def explainers() -> list[Explainer]:
    """Every explainer of the Learn library, in file-name order."""
    return load_glob("learn/*.yaml")  # type: ignore[return-value]


def learn_faq() -> Faq:
    return _load("learn_faq.yaml")  # type: ignore[return-value]


def pillars() -> Pillars:
    return _load("pillars.yaml")  # type: ignore[return-value]


def reflection_content() -> ReflectionContent:
    return _load("reflection.yaml")  # type: ignore[return-value]


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    return 1


def check_links(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Links between files: every practice an explainer, the FAQ, the pillars or the reflection
    points to exists in practices.yaml, and every explainer they name exists."""
    practice_ids = {p.id for p in load(data_dir / "practices.yaml", Practices).items}
    explainer_ids = set()
    links: list[tuple[Path, str, str]] = []  # (file, "practice" | "explainer", id)
    for path in _matching("learn/*.yaml", data_dir):
        explainer = load(path, Explainer)
        explainer_ids.add(explainer.id)
        links += [(path, "practice", t.practice) for t in explainer.try_next]
        links += [(path, "explainer", other) for other in explainer.related]
    faq_path = data_dir / "learn_faq.yaml"
    for item in load(faq_path, Faq).items:
        links += [(faq_path, "practice", t.practice) for t in item.try_next]
        links += [(faq_path, "explainer", item.explainer)] if item.explainer else []
    pillars_path = data_dir / "pillars.yaml"
    for pillar in load(pillars_path, Pillars).items:
        links += [(pillars_path, "practice", p) for p in pillar.practices]
        links.append((pillars_path, "explainer", pillar.explainer))
    reflection_path = data_dir / "reflection.yaml"
    reflection = load(reflection_path, ReflectionContent)
    links += [(reflection_path, "practice", rule.practice) for rule in reflection.rules]
    links += [(reflection_path, "practice", t.practice) for t in reflection.fallback.values()]
    challenge_path = data_dir / "challenge.yaml"
    if challenge_path.exists():  # the 30-day challenge: every day names a practice
        challenge = load(challenge_path, ChallengeContent)
        links += [(challenge_path, "practice", d.practice) for d in challenge.days]
        links.append((challenge_path, "practice", challenge.fallback_practice))
    known = {"practice": practice_ids, "explainer": explainer_ids}
    return [
        Problem(path, _line_of(path, target), f"links to a {kind} that does not exist: {target!r}")
        for path, kind, target in links
        if target not in known[kind]
    ]


def exercises_content() -> ExercisesContent:
    return _load("exercises.yaml")  # type: ignore[return-value]


def repair_content() -> RepairContent:
    return _load("repair.yaml")  # type: ignore[return-value]


def coach_content() -> CoachContent:
    return _load("coach.yaml")  # type: ignore[return-value]


def listening_practice() -> ListeningPractice:
    return _load("listening_practice.yaml")  # type: ignore[return-value]


# --- the 30-day challenge and shared experiences (issue 6) -----------------------------------


def challenge_content() -> ChallengeContent:
    return _load("challenge.yaml")  # type: ignore[return-value]


def experiences_content() -> ExperiencesContent:
    return _load("experiences.yaml")  # type: ignore[return-value]


def rituals_content() -> RitualsContent:
    """The library of rituals (issue 6, PRODUCT.md 3.7)."""
    return _load("rituals.yaml")  # type: ignore[return-value]


def insights_content() -> InsightsContent:
    """Every sentence of the insights page (issue 7, PRODUCT.md 3.11)."""
    return _load("insights.yaml")  # type: ignore[return-value]


def assessments() -> list[Assessment]:
    """Every self-assessment questionnaire, in file-name order (issue 7, PRODUCT.md 3.10)."""
    return load_glob("assessments/*.yaml")  # type: ignore[return-value]

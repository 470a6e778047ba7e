"""The content library: every file under data/ has a schema, and is loaded once per process.

Apps that bring content add a line to ``FILES`` (a file name, or a glob such as
``decks/*.yaml`` for a folder of files that share one schema); ``toward content check``
validates them all and reports any file that no line covers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from toward.content.loader import ContentError, Problem, load
from toward.content.schema import (
    AppreciationsContent,
    CheckInContent,
    DeckFile,
    ExercisesContent,
    FeelingsWheel,
    FirstSteps,
    Practices,
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
    "decks/*.yaml": DeckFile,
    "three_level.yaml": ThreeLevelConversation,
    "feelings_wheel.yaml": FeelingsWheel,
    "checkin.yaml": CheckInContent,
    "appreciations.yaml": AppreciationsContent,
    "exercises.yaml": ExercisesContent,  # guided exercises (issue 5)
    "repair.yaml": RepairContent,  # repair after conflict and the pause (issue 5)
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


def exercises_content() -> ExercisesContent:
    return _load("exercises.yaml")  # type: ignore[return-value]


def repair_content() -> RepairContent:
    return _load("repair.yaml")  # type: ignore[return-value]

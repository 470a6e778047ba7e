"""The content library: every file under data/ has a schema, and is loaded once per process.

Apps that bring content add a line to ``FILES``; ``toward content check`` validates them all.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import BaseModel

from toward.content.loader import ContentError, Problem, load
from toward.content.schema import (
    FirstSteps,
    Practices,
    RelationshipTypeItem,
    RelationshipTypes,
    SafetyPage,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

FILES: dict[str, type[BaseModel]] = {
    "relationship_types.yaml": RelationshipTypes,
    "practices.yaml": Practices,
    "first_steps.yaml": FirstSteps,
    "safety.yaml": SafetyPage,
}


@cache
def _load(name: str, data_dir: Path = DATA_DIR) -> BaseModel:
    return load(data_dir / name, FILES[name])


def check_all(data_dir: Path = DATA_DIR) -> list[Problem]:
    """Every problem in every content file, plus files that have no schema at all."""
    problems: list[Problem] = []
    for name, model in FILES.items():
        path = data_dir / name
        if not path.exists():
            problems.append(Problem(path, 1, "the file is missing"))
            continue
        try:
            load(path, model)
        except ContentError as exc:
            problems.extend(exc.problems)
    for path in sorted(data_dir.rglob("*.y*ml")):
        if path.relative_to(data_dir).as_posix() not in FILES:
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

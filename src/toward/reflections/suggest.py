"""One small first practice, from the reflection's answers and the relationship type.

The rule lives in content/data/reflection.yaml (its header documents it) so it can be read and
changed without code: each rule that suits the relationship type counts how many of its words
appear as whole words in the answers; the most matches wins, ties go to the rule listed first;
with no match, the fallback for the relationship type. Answers the viewer may not read are
never given to this function, so a suggestion cannot leak them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toward.content.library import reflection_content

_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Suggestion:
    practice: str  # an id from practices.yaml
    why: str
    rule: str  # which rule chose it, or "fallback"


def _words(answers: list[dict[str, str]]) -> list[str]:
    return [w.lower() for a in answers for text in a.values() for w in _WORD.findall(text)]


def suggest(
    answers: list[dict[str, str]], relationship_type: str, available: set[str] | None = None
) -> Suggestion | None:
    """`available`: ids of practices whose pages exist (None: all). A rule pointing at a practice
    that is not built yet is skipped, so the suggestion is always something one can do today."""
    content = reflection_content()
    words = _words(answers)
    best, best_count = None, 0
    for rule in content.rules:
        if relationship_type not in rule.relationship_types:
            continue
        if available is not None and rule.practice not in available:
            continue
        count = sum(1 for w in words for key in rule.words if w == key.lower())
        if count > best_count:
            best, best_count = rule, count
    if best is not None:
        return Suggestion(best.practice, best.why, best.id)
    fallback = content.fallback[relationship_type]
    if available is not None and fallback.practice not in available:
        return None
    return Suggestion(fallback.practice, fallback.why, "fallback")

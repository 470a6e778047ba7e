"""Checking and scoring answers, by the rules each content file carries (docs/ASSESSMENTS.md).

- Every statement needs exactly one answer, and only the values of the file's scale count.
- An answer adds `weight * value`; for a reverse-scored statement, `weight * (low + high - value)`
  (so "almost always" on "I keep going when it's heated" adds what "not yet" adds elsewhere).
- The total falls in exactly one band; bands include both ends (content checks enforce that they
  cover the whole range with no gap and no overlap).
- A group of statements "scores low" when its share of its possible points is below LOW_SHARE.
- Expression styles have no total: each style keeps its give and receive answers.

Pure functions: no database, no Django; they raise ServiceError for answers a person can fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from toward.content.assessments_schema import Assessment, Band, Group
from toward.core.errors import ServiceError

LOW_SHARE = 0.5  # below half of a group's possible points: that is where a first step helps most


@dataclass(frozen=True)
class Scored:
    assessment: Assessment
    answers: dict[str, int]
    score: int | None  # None for expression styles
    band: Band | None  # None for expression styles
    low_groups: list[Group]  # lowest share first
    profile: dict[str, dict[str, int]] | None  # styles: {style: {"give": v, "receive": v}}
    manner: dict[str, int]  # styles: {manner id: value}
    safety: bool  # the file's safety note applies


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def clean_answers(assessment: Assessment, raw: object) -> dict[str, int]:
    """One allowed value for every statement, or a ServiceError naming the first problem."""
    if not isinstance(raw, dict):
        raise ServiceError(
            "invalid_answers", "Send the answers as an object of statement ids and values."
        )
    ids = [item.id for item in assessment.items]
    unknown = sorted(str(k) for k in raw if k not in ids)
    if unknown:
        raise ServiceError(
            "unknown_item",
            f"This questionnaire has no statement called {unknown[0]!r}.",
            field=unknown[0],
        )
    allowed = assessment.values
    missing = [i for i in ids if raw.get(i) in (None, "")]
    if missing:
        count = len(missing)
        raise ServiceError(
            "missing_answers",
            f"Please choose an answer for every statement; {count} "
            f"{'is' if count == 1 else 'are'} still open. Nothing was saved.",
            field=missing[0],
        )
    answers = {}
    for item_id in ids:
        value = _as_int(raw[item_id])
        if value not in allowed:
            raise ServiceError(
                "out_of_range",
                f"{raw[item_id]!r} is not one of the answers here; choose one of "
                f"{', '.join(str(v) for v in allowed)}. Nothing was saved.",
                field=item_id,
            )
        answers[item_id] = value
    return answers


def band_for(assessment: Assessment, score: int) -> Band:
    for band in assessment.bands:
        if band.min <= score <= band.max:
            return band
    raise ValueError(f"{score} is outside every band of {assessment.id}")  # content checks forbid


def _share(assessment: Assessment, group: Group, answers: dict[str, int]) -> float:
    low, high = assessment.score_range(group.items)
    got = sum(assessment.points(i, answers[i]) for i in group.items)
    return (got - low) / (high - low) if high > low else 1.0


def score(assessment: Assessment, answers: dict[str, int]) -> Scored:
    """Score answers that clean_answers accepted."""
    note = assessment.safety_note
    safety = bool(note and any(answers[i] >= note.at_least for i in note.items))
    if assessment.kind == "styles":
        profile: dict[str, dict[str, int]] = {}
        for item in assessment.items:
            if item.style and item.direction:
                profile.setdefault(item.style, {})[item.direction] = answers[item.id]
        manner = {m.id: answers[m.item] for m in assessment.manner}
        return Scored(assessment, answers, None, None, [], profile, manner, safety)
    total = sum(assessment.points(i, v) for i, v in answers.items())
    shares = [(g, _share(assessment, g, answers)) for g in assessment.groups]
    low = [g for g, share in sorted(shares, key=lambda pair: pair[1]) if share < LOW_SHARE]
    return Scored(assessment, answers, total, band_for(assessment, total), low, None, {}, safety)

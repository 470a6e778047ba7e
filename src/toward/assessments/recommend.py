"""THE recommendation rule: one or two practices for a result, never more, each with one line of
why. docs/ASSESSMENTS.md says the same in words; tests/test_assessments_rules.py holds its table.

1. Candidates, in order:
   - a scored questionnaire: the practices of each group of statements that scored low (lowest
     share first, each with its group's reason), then the band's own practices (with the band's
     reason);
   - expression styles: the styles ordered by how much the person likes to receive each (ties in
     the file's order); the first practice of each style, then the second, each with its style's
     reason. So two suggestions speak to the two styles that matter most to them.
2. Practices whose pages do not exist in this build are dropped, and each practice counts once.
3. What the person is already doing (practices used in the space lately,
   reflections.pillars.recent_practices) decides the order. Usually something new comes first and
   a practice already in use is offered only to fill a place, as "keep it going". A band marked
   `prefer: keep` (the "on a good path" bands) turns that round: keep what works, first.
4. The band says how many (`count`: 1 or 2); expression styles give two.

A pure function of its arguments, so the same answers and the same recent practices always give
the same suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass

from toward.assessments.scoring import Scored

MAX_SUGGESTIONS = 2  # PRODUCT.md 3.10: one or two practices, never ten


@dataclass(frozen=True)
class Suggestion:
    practice: str  # an id in practices.yaml
    reason: str
    keep: bool = False  # already in use: an encouragement to keep it going


def candidates(scored: Scored) -> list[tuple[str, str]]:
    """(practice, reason) pairs in the order of step 1, repeats included."""
    found: list[tuple[str, str]] = []
    assessment = scored.assessment
    if scored.profile is not None:
        order = {s.id: n for n, s in enumerate(assessment.styles)}
        styles = sorted(
            assessment.styles,
            key=lambda s: (-scored.profile.get(s.id, {}).get("receive", 0), order[s.id]),
        )
        depth = max(len(s.practices) for s in styles)
        for n in range(depth):  # each style's first practice, then each one's second
            found += [(s.practices[n], s.reason) for s in styles if n < len(s.practices)]
        return found
    for group in scored.low_groups:
        found += [(p, group.reason) for p in group.practices]
    band = scored.band
    if band is not None:
        found += [(p, band.reason or assessment.keep_reason) for p in band.practices]
    return found


def recommend(
    scored: Scored, *, recent: set[str], available: set[str] | None = None
) -> list[Suggestion]:
    """`recent`: practice ids the person has used lately; `available`: ids whose pages exist
    (None: all of them)."""
    seen: set[str] = set()
    ordered: list[tuple[str, str]] = []
    for practice, reason in candidates(scored):
        if practice in seen or (available is not None and practice not in available):
            continue
        seen.add(practice)
        ordered.append((practice, reason))
    keep_reason = scored.assessment.keep_reason
    new = [Suggestion(p, reason) for p, reason in ordered if p not in recent]
    doing = [Suggestion(p, keep_reason, keep=True) for p, _ in ordered if p in recent]
    band = scored.band
    prefer_keep = band is not None and band.prefer == "keep"
    count = min(band.count if band is not None else MAX_SUGGESTIONS, MAX_SUGGESTIONS)
    return ((doing + new) if prefer_keep else (new + doing))[:count]

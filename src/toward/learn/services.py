"""The Learn library: short explainers written by us, a FAQ, and a plain server-side search.

Nothing here is private or stored: the content lives in content/data/learn/ and learn_faq.yaml,
and `toward content check` verifies every link to a practice or another explainer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import Http404
from django.urls import NoReverseMatch, reverse

from toward.content.library import explainers, learn_faq, pillars, practices
from toward.content.schema import Explainer, FaqItem, TryNext

QUERY_MAX = 200  # a search box, not an essay
_WORD = re.compile(r"[\w']+")
# Where a word is found says how much it matters: a title match beats a passing mention.
WEIGHTS = {"title": 5, "keywords": 4, "summary": 3, "body": 1}


def all_explainers() -> list[Explainer]:
    return sorted(explainers(), key=lambda e: e.title.lower())


@dataclass(frozen=True)
class Group:
    title: str
    explainers: list[Explainer]


def grouped() -> list[Group]:
    """The reading order of the index: a start, then one group per pillar in the content's
    order, then everything else (barriers, hard places, other kinds of pairs)."""
    everything = all_explainers()
    groups = [Group("Start here", [e for e in everything if e.start_here])]
    for pillar in pillars().items:
        groups.append(
            Group(
                pillar.title, [e for e in everything if e.pillar == pillar.id and not e.start_here]
            )
        )
    groups.append(
        Group(
            "When it's hard, and other kinds of closeness",
            [e for e in everything if e.pillar is None and not e.start_here],
        )
    )
    return [g for g in groups if g.explainers]


def get_explainer(slug: str) -> Explainer:
    """The explainer with this id, or 404."""
    found = next((e for e in explainers() if e.id == slug), None)
    if found is None:
        raise Http404("No such explainer")
    return found


@dataclass(frozen=True)
class PracticeLink:
    id: str
    title: str
    why: str
    url: str | None  # None while the practice's page does not exist yet


def practice_links(items: list[TryNext]) -> list[PracticeLink]:
    by_id = {p.id: p for p in practices().items}
    links = []
    for item in items:
        practice = by_id.get(item.practice)
        if practice is None:
            continue  # content check refuses this; never break a page over it
        try:
            url = reverse(practice.route)
        except NoReverseMatch:
            url = None
        links.append(PracticeLink(practice.id, practice.title, item.why, url))
    return links


def related(explainer: Explainer) -> list[Explainer]:
    by_id = {e.id: e for e in explainers()}
    return [by_id[i] for i in explainer.related if i in by_id]


def for_practice(practice_id: str) -> list[Explainer]:
    """Explainers that suggest a practice: its "why this works" reading."""
    return [e for e in all_explainers() if any(t.practice == practice_id for t in e.try_next)]


def practice_title(practice_id: object) -> str | None:
    return next((p.title for p in practices().items if p.id == practice_id), None)


def pillar_title(explainer: Explainer) -> str | None:
    if explainer.pillar is None:
        return None
    return next((p.title for p in pillars().items if p.id == explainer.pillar), None)


# --- search ---------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _stem(word: str) -> str:
    """Good enough for English plurals and verb forms: "feelings" finds "feeling"."""
    for ending in ("ings", "ing", "ies", "es", "s", "ed"):
        if len(word) > len(ending) + 2 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def clean_query(raw: object) -> str:
    if not isinstance(raw, str):
        return ""
    return " ".join(raw.split())[:QUERY_MAX]


def _fields(explainer: Explainer) -> dict[str, str]:
    body = []
    for section in explainer.sections:
        body += [section.heading or "", *section.paragraphs, *section.points]
    return {
        "title": explainer.title,
        "keywords": " ".join(explainer.keywords),
        "summary": explainer.summary,
        "body": " ".join(body),
    }


def _score(fields: dict[str, str], terms: list[str]) -> int:
    total = 0
    for name, text in fields.items():
        stems = {_stem(w) for w in _words(text)}
        total += WEIGHTS[name] * sum(1 for term in terms if term in stems)
    matched_all = all(
        any(term in {_stem(w) for w in _words(t)} for t in fields.values()) for term in terms
    )
    return total if matched_all else 0


@dataclass(frozen=True)
class Results:
    query: str
    explainers: list[Explainer]
    faq: list[FaqItem]


def search(raw: object) -> Results:
    """Explainers and FAQ answers containing every word of the query, best match first."""
    query = clean_query(raw)
    terms = sorted({_stem(w) for w in _words(query)})
    if not terms:
        return Results(query, [], [])
    scored = [(_score(_fields(e), terms), e.title, e) for e in explainers()]
    found = [e for score, _, e in sorted(scored, key=lambda s: (-s[0], s[1])) if score > 0]
    faq = [
        item
        for item in learn_faq().items
        if _score({"title": item.question, "body": " ".join(item.answer)}, terms) > 0
    ]
    return Results(query, found, faq)

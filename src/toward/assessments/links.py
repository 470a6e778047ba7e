"""Links from a result to the practices and rituals it suggests. A link whose page is not built in
this copy of Toward becomes plain text rather than a broken link."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from toward.content import library


@dataclass(frozen=True)
class Link:
    title: str
    url: str | None


def practice_link(practice_id: str) -> Link | None:
    practice = next((p for p in library.practices().items if p.id == practice_id), None)
    if practice is None:
        return None
    try:
        return Link(practice.title, reverse(practice.route))
    except NoReverseMatch:
        return Link(practice.title, None)


def ritual_link(ritual_id: str | None, space_id: str | None = None) -> Link | None:
    """The ritual idea in the rituals library, ready to try in this space."""
    if not ritual_id or not hasattr(library, "rituals_content"):
        return None
    idea = next((r for r in library.rituals_content().items if r.id == ritual_id), None)
    if idea is None:
        return None
    try:
        url = reverse("rituals:new", kwargs={"space_id": space_id}) if space_id else None
    except NoReverseMatch:
        url = None
    return Link(idea.title, f"{url}?{urlencode({'idea': idea.id})}" if url else None)

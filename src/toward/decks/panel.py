"""The questions block on a space's home page: today's question and the ways to use it."""

from __future__ import annotations

from toward.decks import daily


def panel(request, membership) -> dict | None:
    space = membership.space
    if space.state != "active":
        return None
    return {"space_id": space.id, "today": daily.question_for(space, daily.pair_today(space))}

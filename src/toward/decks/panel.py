"""The questions block on a space's home page: today's question and the ways to use it."""

from __future__ import annotations

from toward.decks import daily


def panel(request, membership) -> dict | None:
    space = membership.space
    if space.state != "active":
        return None
    known = getattr(request, "other_member", None)  # the space page has asked for the other
    members = None
    if known and known[0] == membership.pk:
        present = [m for m in (membership, known[1]) if m is not None and m.left_at is None]
        members = sorted(present, key=lambda m: (m.joined_at, m.id))  # as pair_members orders
    return {
        "space_id": space.id,
        "today": daily.question_for(space, daily.pair_today(space, members)),
    }

"""A quiet link to the insights from the space's home page. No numbers on the space page: the
insights are for the person who goes looking, privately (PRODUCT.md principle 3)."""

from __future__ import annotations


def context(request, membership) -> dict | None:
    if not membership.is_current or membership.space.state != "active":
        return None
    return {"space_id": membership.space_id}

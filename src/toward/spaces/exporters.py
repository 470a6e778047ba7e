from __future__ import annotations

from toward.core import hooks
from toward.spaces.models import Membership


def export_spaces(user) -> list[dict]:
    """The person's own memberships. Nothing about the other person beyond the space itself."""
    return [
        {
            "space_id": m.space_id,
            "name": m.name,
            "relationship_type": m.space.relationship_type,
            "state": m.space.state,
            "joined_at": m.joined_at.isoformat(),
            "left_at": m.left_at.isoformat() if m.left_at else None,
        }
        for m in Membership.objects.select_related("space").filter(user=user)
    ]


def leave_every_space(user) -> None:
    """Erasing an account starts by leaving each space, quietly, as a leave would."""
    from toward.spaces.services import leave_space, spaces_for_nav

    for membership in spaces_for_nav(user):
        leave_space(membership)


hooks.register_exporter("spaces", export_spaces)
hooks.register_erase_handler(leave_every_space, order=10)

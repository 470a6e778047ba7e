"""Notices and rest in the account-wide actions: export, the demo, the space panel."""

from __future__ import annotations

from toward.nudges import services
from toward.nudges.models import Notice, SpacePace


def export_nudges(user) -> dict:
    """The person's own notices and rest settings, and the pace their spaces agreed on."""
    rest = services.rest_settings(user)
    spaces = list(user.memberships.filter(left_at__isnull=True).values_list("space_id", flat=True))
    return {
        "time_zone": user.time_zone,
        "quiet_hours": {
            "start": rest.quiet_start.strftime("%H:%M"),
            "end": rest.quiet_end.strftime("%H:%M"),
        },
        "recharging": services.is_recharging(user),
        "recharging_until": (
            until.isoformat() if (until := services.recharging_until(user)) else None
        ),
        "deep_dives_per_week": {
            p.space_id: p.deep_dives_per_week for p in SpacePace.objects.filter(space_id__in=spaces)
        },
        "notices": [
            {
                "kind": n.kind,
                "title": n.title,
                "url": n.url,
                "created_at": n.created_at.isoformat(),
                "read": n.read_at is not None,
            }
            for n in Notice.objects.filter(user_id=user.pk).order_by("created_at")
        ],
    }


def remove_on_leave(membership, *, keep_shared: bool) -> None:
    """A person's notices are their own: they go, whatever `keep_shared` says."""
    Notice.objects.filter(space_id=membership.space_id, user_id=membership.user_id).delete()


def seed_demo(pair) -> None:
    """A gentle demo: the pair agreed on at most two deep conversations a week."""
    first = pair.memberships[0]
    services.set_deep_dive_limit(first.space_id, 2)


def panel_rest(request, membership) -> dict | None:
    """On the space page: the neutral line for the other member who is recharging (and nothing
    else about them); for the person themselves, that their reminders are paused."""
    from toward.spaces.services import other_member

    known = getattr(request, "other_member", None)  # the space page has already asked
    other = known[1] if known and known[0] == membership.pk else other_member(membership)
    present = other is not None and other.left_at is None
    # Both people's rest in one query; the other's shows only as the neutral line.
    resting = services.recharging_among(
        [membership.user_id, other.user_id] if present else [membership.user_id]
    )
    mine = membership.user_id in resting
    theirs = None
    if present and other.user_id in resting:
        theirs = f"{other.user.name} is {services.PARTNER_REST_LINE}."
    if not mine and not theirs:
        return None
    return {"mine": mine, "theirs": theirs, "until": services.recharging_until(membership.user)}

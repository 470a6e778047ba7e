"""Repair and the pause in the account-wide actions: export, leaving, the demo, the panel."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from toward.repair import pauses, services
from toward.repair.models import Notice, Pause, Repair, RepairPart


def export_repair(user, data_key: bytes | None = None) -> dict:
    """The person's own repair parts and the pauses in their spaces (with only their own note).
    Never the other person's parts, and nothing about who asked or started."""
    parts = []
    for part in RepairPart.objects.select_related("repair").filter(user=user):
        parts.append(
            {
                "space_id": part.repair.space_id,
                "opened_together": part.repair.revealed_at is not None,
                "reconnected": part.repair.reconnected_at is not None,
                "parts": services.open_parts(part.repair, part, user.pk, data_key),
            }
        )
    spaces = user.memberships.values_list("space_id", flat=True)
    pause_rows = Pause.objects.filter(space_id__in=list(spaces)).order_by("created_at")
    return {
        "repairs": parts,
        "pauses": [
            {
                "space_id": p.space_id,
                "minutes": p.minutes,
                "return_at": p.return_at.isoformat(),
                "ended_early": p.ended_at is not None,
                **({"my_note": p.note} if p.note_author_id == user.pk and p.note else {}),
            }
            for p in pause_rows
        ],
    }


def remove_on_leave(membership, *, keep_shared: bool) -> None:
    """The leaver's parts and notes leave with them; a running pause ends without a reminder.
    With `keep_shared`, their parts of repairs that opened for both stay (sealed to both
    members' key pairs, so the other person still opens them); parts not yet opened go. A pause
    note is a passing word about one moment, not something written together, so it goes."""
    space_id, user_id = membership.space_id, membership.user_id
    parts = RepairPart.objects.filter(repair__space_id=space_id, user_id=user_id)
    if keep_shared:
        parts = parts.filter(repair__revealed_at__isnull=True)
    parts.delete()
    Notice.objects.filter(space_id=space_id, user_id=user_id).delete()
    Pause.objects.filter(space_id=space_id, note_author_id=user_id).update(
        note="", note_author=None
    )
    Pause.objects.filter(space_id=space_id, ended_at__isnull=True, reminded_at__isnull=True).update(
        ended_at=timezone.now()
    )


def seed_demo(pair) -> None:
    """One disagreement a couple of weeks ago: a pause, then a repair both wrote and opened."""
    sam, alex = pair.memberships
    pause = pauses.ask_for_pause(
        alex, minutes=30, note="I'm getting flooded. I want to come back to this."
    )
    when = pair.started + timedelta(days=10, hours=21)
    Pause.objects.filter(pk=pause.pk).update(
        created_at=when,
        return_at=when + timedelta(minutes=30),
        reminded_at=when + timedelta(minutes=30),
    )
    Notice.objects.filter(pause=pause).update(created_at=when, seen_at=when + timedelta(hours=1))
    repair = services.start_repair(sam, pause=pause)
    services.write_parts(
        sam,
        repair,
        my_part="I kept talking over you when you tried to explain the plan.",
        felt="Rushed, and then a bit ashamed of how sharp I sounded.",
        ask="What was the evening like for you before I came in?",
        reconnect="A walk by the river tomorrow morning?",
    )
    services.write_parts(
        alex,
        repair,
        my_part="I went quiet instead of saying I was tired.",
        felt="Overwhelmed, and lonely in the middle of it.",
        ask="What did you need from me when you got home?",
        reconnect="A long hug, and planning the weekend together.",
    )
    services.mark_reconnected(alex, repair)
    Repair.objects.filter(pk=repair.pk).update(
        created_at=when + timedelta(hours=1),
        revealed_at=when + timedelta(hours=2),
        reconnected_at=when + timedelta(days=1),
    )


def panel_now(request, membership) -> dict | None:
    """Near the top of the space's page, only while something is happening: a pause that is on,
    a notice about a pause, or a repair that is open. Worked out once per request: the quiet
    panel below asks the same question."""
    done = getattr(request, "_repair_panel_now", None)
    if done is not None and done[0] == membership.pk:
        return done[1]
    context = _panel_now(request, membership)
    if request is not None:
        request._repair_panel_now = (membership.pk, context)
    return context


def _panel_now(request, membership) -> dict | None:
    running = pauses.deliver_due_then_running(membership)
    notices = pauses.notices_for(membership)
    current = services.open_repair(membership)
    if running is None and not notices and current is None:
        return None
    return {
        "space_id": membership.space_id,
        "running": running,
        "back_at": running and pauses.local_time(membership.user, running.return_at),
        "notices": notices,
        "told": any(n.kind in ("asked", "extended") for n in notices),
        "repair": services.view_repair(membership, current, getattr(request, "data_key", None))
        if current
        else None,
    }


def panel_quiet(request, membership) -> dict | None:
    """Further down, when nothing is happening: a quiet way in, for when it's needed."""
    if panel_now(request, membership) is not None:
        return None
    return {"space_id": membership.space_id}

"""Guided exercises in the account-wide actions: export, leaving, the demo, the space page."""

from __future__ import annotations

from datetime import timedelta

from toward.accounts import vault
from toward.exercises import services
from toward.exercises.models import Ready, Reflection, Run


def export_exercises(user, data_key: bytes | None = None) -> dict:
    """Exercises the person took part in (what, when, how it ended) and their own reflections,
    readable when they exported with their key. Never anything of the other person's."""
    runs = (
        Run.objects.filter(ready_marks__user=user)
        .distinct()
        .order_by("created_at")
        .values("id", "space_id", "exercise", "state", "minutes", "started_at", "ended_at")
    )
    reflections = []
    for row in Reflection.objects.select_related("run").filter(user=user):
        text = (
            vault.unseal(data_key, user, services.REFLECTION_PURPOSE, row.id, row.sealed_text)
            if data_key is not None
            else None
        )
        reflections.append(
            {
                "space_id": row.run.space_id,
                "exercise": row.run.exercise,
                "text": text,
                "readable": text is not None,
            }
        )
    return {
        "runs": [
            {
                "space_id": r["space_id"],
                "exercise": r["exercise"],
                "ended": r["state"],
                "minutes": r["minutes"],
                "started_at": r["started_at"].isoformat() if r["started_at"] else None,
                "ended_at": r["ended_at"].isoformat() if r["ended_at"] else None,
            }
            for r in runs
        ],
        "reflections": reflections,
    }


def remove_on_leave(membership, *, keep_shared: bool) -> None:
    """The leaver's reflections and ready marks leave with them; an open exercise simply ends.
    Reflections are private to their author, so `keep_shared` keeps nothing here."""
    space_id, user_id = membership.space_id, membership.user_id
    Reflection.objects.filter(run__space_id=space_id, user_id=user_id).delete()
    Ready.objects.filter(run__space_id=space_id, user_id=user_id).delete()
    for run in Run.objects.filter(space_id=space_id, state__in=services.OPEN_STATES):
        services.stop(membership, run)


def seed_demo(pair) -> None:
    """A few exercises done over the past weeks, and some phone-free evenings."""
    sam, alex = pair.memberships
    plan = [
        ("eye-gazing", 3, {"minutes": 3}),
        ("breathing-together", 6, {"pace": "slow"}),
        ("phone-free", 8, {"minutes": 60}),
        ("phone-free", 12, {"minutes": 90}),
        ("gratitude-round", 15, {}),
        ("phone-free", 19, {"minutes": 30}),
    ]
    for ref, day, options in plan:
        run = services.start(sam, ref, **options)
        services.ready(alex, services.ready(sam, run))
        when = pair.started + timedelta(days=day, hours=20)
        length = services._guided_length(run) or timedelta(minutes=20)
        Run.objects.filter(pk=run.pk).update(
            created_at=when,
            started_at=when,
            ends_at=when + length,
            ended_at=when + length,
            state=Run.State.FINISHED,
        )


def panel(request, membership) -> dict | None:
    """On the space's page: an exercise that is waiting for this person, or a gentle way in."""
    run = services.open_run(membership)
    return {
        "space_id": membership.space_id,
        "open": services.view(membership, run) if run else None,
        "log": services.phone_free_log(membership, limit=1),
    }

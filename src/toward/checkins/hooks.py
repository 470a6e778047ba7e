"""Check-ins and appreciations in the account-wide actions: export, leaving a space, the demo."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from toward.checkins import appreciations, services
from toward.checkins.models import Appreciation, CheckIn
from toward.core import hooks

DEMO_DAYS = 21  # three weeks: enough history for the history view and the vocabulary chart


def export_checkins(user, data_key: bytes | None = None) -> list[dict]:
    """The person's own check-ins in full (their private notes too, when they export with their
    key), and what the reveal rule lets them read of the other person's: never a private note
    or an unrevealed answer."""
    out = []
    for membership, views in services.checkin_views_for_export(user, data_key):
        for view in views:
            if not view.revealed:
                continue
            out.append(
                {
                    "space_id": membership.space_id,
                    "day": view.day.isoformat(),
                    "author": "me" if view.mine else view.author_name,
                    "answers": view.answers,
                    "feelings": [
                        {"id": n.feeling.id, "name": n.feeling.label, "intensity": n.intensity}
                        for n in view.feelings
                    ],
                    "need_tonight": view.need_tonight,
                    **(
                        {"private_note": view.private_note, "note_locked": view.note_locked}
                        if view.mine
                        else {}
                    ),
                }
            )
    return out


def export_appreciations(user, data_key: bytes | None = None) -> list[dict]:
    return [
        {
            "day": v.day.isoformat(),
            "author": "me" if v.mine else v.author_name,
            "did": v.did,
            "felt": v.felt,
            "says": v.says,
            **({"private_draft": v.is_private} if v.mine else {}),
            **({"note": "Sealed: export after unlocking to include it."} if v.locked else {}),
        }
        for v in appreciations.appreciation_views_for_export(user, data_key)
    ]


def leave(membership, *, keep_shared: bool) -> None:
    """The leaver's entries leave with them (PRODUCT.md section 2: shared ones too, by default),
    so their check-ins and appreciations disappear from the other person's view at once.

    With `keep_shared`, what the other person could already read stays: check-ins on days they
    checked in too, or shared early (the reveal rule in services.view_checkins), without the
    private note; and appreciations that were shared. Drafts and unrevealed days still go."""
    mine = CheckIn.objects.filter(space_id=membership.space_id, author_id=membership.user_id)
    appreciations = Appreciation.objects.filter(
        space_id=membership.space_id, author_id=membership.user_id
    )
    if not keep_shared:
        mine.delete()
        appreciations.delete()
        return
    others_days = CheckIn.objects.filter(space_id=membership.space_id).exclude(
        author_id=membership.user_id
    )
    seen = Q(shared_early=True) | Q(day__in=others_days.values("day"))
    mine.exclude(seen).delete()
    mine.update(sealed_note="")
    appreciations.filter(is_private=True).delete()


# --- the demo ------------------------------------------------------------------------------

_DEMO_DAYS = [
    {
        "went_well": "Lunch outside in the sun for once.",
        "hard": "The printer ate my afternoon.",
        "worried": "Whether the car will pass its check.",
        "pleased": "A message from an old friend.",
        "feelings": [("content", 3), ("irritated", 2)],
        "need_tonight": "A quiet dinner and an early night.",
    },
    {
        "went_well": "I finished the report I had been dreading.",
        "hard": "Too many meetings back to back.",
        "worried": "",
        "pleased": "The new plant has a flower.",
        "feelings": [("accomplished", 4), ("weary", 3)],
        "need_tonight": "To be listened to without advice.",
    },
    {
        "went_well": "A long walk at lunch.",
        "hard": "I felt left out of a decision at work.",
        "worried": "How my sister is doing after her news.",
        "pleased": "",
        "feelings": [("left-out", 3), ("preoccupied", 3)],
        "need_tonight": "A hug.",
    },
    {
        "went_well": "We laughed at breakfast.",
        "hard": "",
        "worried": "Money for the trip, a little.",
        "pleased": "Tickets for the concert came through!",
        "feelings": [("thrilled", 4), ("apprehensive", 2)],
        "need_tonight": "",
    },
    {
        "went_well": "Slept well for the first time this week.",
        "hard": "A difficult phone call with my dad.",
        "worried": "",
        "pleased": "Cooking together.",
        "feelings": [("refreshed", 3), ("torn", 2), ("affectionate", 4)],
        "need_tonight": "Some time to read.",
    },
]

_DEMO_APPRECIATIONS = [
    (
        "You made tea without asking when you saw I was tired.",
        "Looked after.",
        "You notice things about me before I say them.",
    ),
    (
        "You listened to the whole story about my sister and didn't try to fix it.",
        "Understood, and calmer.",
        "You're patient in a way I'd like to learn.",
    ),
    ("You booked the table for Friday.", "Excited.", "You remember what matters to me."),
]


def seed_demo(pair) -> None:
    """A few weeks of plausible check-ins: most days both check in, some days one, some none."""
    rng = random.Random(7)  # the same demo every time
    today = timezone.localdate()
    for back in range(DEMO_DAYS, 0, -1):
        day = today - timedelta(days=back)
        evening = timezone.make_aware(datetime.combine(day, time(21, 0)))
        for membership in pair.memberships:
            if rng.random() < 0.25:
                continue  # life happens; nothing counts it
            entry = dict(rng.choice(_DEMO_DAYS))
            services.submit_checkin(membership, now=evening, **entry)
    for n, (did, felt, says) in enumerate(_DEMO_APPRECIATIONS):
        membership = pair.memberships[n % 2]
        when = timezone.now() - timedelta(days=3 * (len(_DEMO_APPRECIATIONS) - n))
        appreciations.add_appreciation(membership, did=did, felt=felt, says=says, now=when)


hooks.register_exporter("checkins", export_checkins)
hooks.register_exporter("appreciations", export_appreciations)
hooks.register_leave_handler(leave)
hooks.register_demo_seeder(seed_demo, order=30)


def panel(request, membership) -> dict | None:
    """On the space's page: today's check-in, as the reveal rule lets this person see it."""
    if membership.space.state == "inactive":
        return None
    now = services.today(membership)
    return {
        "space_id": membership.space_id,
        "mine": now.mine is not None,
        "theirs": now.theirs,
    }


def has_activity(membership) -> bool:
    """Whether this person has checked in here yet (their own check-ins only)."""
    return CheckIn.objects.filter(
        space_id=membership.space_id, author_id=membership.user_id
    ).exists()


hooks.register_space_panel(
    hooks.SpacePanel("checkins/_panel.html", panel, order=10, has_activity=has_activity)
)

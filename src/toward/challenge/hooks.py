"""The 30-day challenge in the account-wide actions and on the space's home page."""

from __future__ import annotations

from datetime import timedelta

from toward.accounts import vault
from toward.challenge import services
from toward.challenge.models import Challenge
from toward.core import hooks
from toward.spaces.models import Membership, Space


def export_challenge(user, data_key: bytes | None = None) -> list[dict]:
    return services.export_for(user, data_key)


def leave(membership: Membership, *, keep_shared: bool) -> None:
    services.remove_for_leaver(membership, keep_shared=keep_shared)


def _panel(request, membership: Membership) -> dict | None:
    """Today's day of the challenge going in this space (the pair's first, else your own)."""
    if membership.space.state == Space.State.INACTIVE:
        return None
    going = services.open_challenges(membership)
    if not going:
        return None
    view = services.view_challenge(membership, going[0])
    return {"space_id": membership.space_id, "view": view, "day": view.today_day}


def _has_activity(membership: Membership) -> bool:
    return services.open_challenges(membership) != []


def _key(person) -> bytes:
    key = vault.unlock_with_password(person.user, person.password)
    if key is None:
        key, _ = vault.create_keys(person.user, person.password)
    return key


def seed_demo(pair) -> None:
    """The pair began the challenge twelve days ago and has done most days, one let go, a few
    done late; both wrote about week 1."""
    first, second = pair.memberships
    for m in pair.memberships:
        m.space.refresh_from_db()
    challenge = services.start_challenge(first, together=True)
    started = services.local_today(first.user) - timedelta(days=11)
    Challenge.objects.filter(pk=challenge.pk).update(started_on=started)
    challenge.refresh_from_db()
    for day in range(1, 12):
        who = first if day % 2 else second
        state = "let_go" if day == 6 else "done"
        if day in (9, 10):
            continue  # still open: whenever suits
        services.mark_day(who, challenge, day, state)
    texts = [
        "How often I pick up my phone when I'm bored, not when I need it.",
        "That you always look at me when I come home, even when you're busy.",
    ]
    for person, membership, text in zip(pair.people, pair.memberships, texts, strict=True):
        services.write_reflection(membership, challenge, _key(person), 1, {"text": text})


hooks.register_exporter("challenge", export_challenge)
hooks.register_leave_handler(leave)
hooks.register_demo_seeder(seed_demo, order=70)
hooks.register_space_panel(
    hooks.SpacePanel(
        template="challenge/_panel.html", context=_panel, order=40, has_activity=_has_activity
    )
)

"""The first reflection, dreams and the pillars map in the account-wide actions."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from toward.accounts import vault
from toward.core import hooks
from toward.reflections import dreams, pillars, services
from toward.reflections.models import Reflection, Round
from toward.spaces.models import Membership


def export_reflections(user, data_key: bytes | None = None) -> list[dict]:
    return services.export_for(user, data_key)


def leave(membership: Membership, *, keep_shared: bool) -> None:
    services.remove_for_leaver(membership, keep_shared=keep_shared)
    dreams.remove_for_leaver(membership, keep_shared=keep_shared)


# --- where the pair has been spending time (the pillars map) -------------------------------


def _reflected(membership: Membership, since: datetime) -> list[QuerySet]:
    """Own answers count; the other's only once revealed, so the map reveals nothing."""
    return [
        Reflection.objects.filter(
            round__space_id=membership.space_id, author_id=membership.user_id, updated_at__gte=since
        ),
        Round.objects.filter(space_id=membership.space_id, revealed_at__gte=since),
    ]


def _checked_in(membership: Membership, since: datetime) -> list[QuerySet]:
    from toward.checkins import services as checkins

    return [checkins.checkins_seen_since(membership, since.date())]


def _asked(membership: Membership, since: datetime) -> list[QuerySet]:
    from toward.decks import services as decks

    return [decks.exchanges_since(membership, since)]


pillars.register_activity("first-reflection", _reflected)
pillars.register_activity("dreams", dreams.activity_since)
pillars.register_activity("check-in", _checked_in)
pillars.register_activity("questions", _asked)


# --- the demo -------------------------------------------------------------------------------

_DEMO_ANSWERS = [
    {
        "closeness": "Being able to say I'm tired without having to explain it.",
        "close_already": "Sunday mornings, when we cook and talk about nothing.",
        "distant": "Weekday evenings, when we're both on our phones.",
        "more_of": "Time together without screens, even just a little.",
        "hard_to_open": "I worry I'll sound like I'm complaining.",
    },
    {
        "closeness": "Feeling that you're curious about what's going on inside me.",
        "close_already": "When we walk and the talking comes easily.",
        "distant": "After a busy week I feel we only talk about logistics.",
        "more_of": "Evenings together where we actually talk.",
        "hard_to_open": "I grew up in a family where feelings weren't talked about.",
    },
]


def _key(person) -> bytes:
    key = vault.unlock_with_password(person.user, person.password)
    if key is None:
        key, _ = vault.create_keys(person.user, person.password)
    return key


def seed_demo(pair) -> None:
    """Both wrote the first reflection in the first days; one dream each, with a cheer."""
    when = pair.started + timedelta(days=2)
    for person, membership, answers in zip(
        pair.people, pair.memberships, _DEMO_ANSWERS, strict=True
    ):
        membership.space.refresh_from_db()
        services.write_reflection(membership, _key(person), answers, now=when)
    first, second = pair.memberships
    run = dreams.add_dream(
        first,
        title="Run a half marathon",
        detail="I've never run further than 10 km. I'd like to try before I'm 40.",
        help_wanted="Company on the long Sunday runs, now and then.",
        now=timezone.now() - timedelta(days=9),
    )
    dreams.add_milestone(first, run, text="First 15 km run")
    dreams.add_note(second, run, kind="cheer", text="I love this. I'll make the pasta.")
    dreams.add_dream(
        second,
        title="Learn to throw pots",
        detail="An evening class in spring, just for me.",
        now=timezone.now() - timedelta(days=4),
    )


hooks.register_exporter("reflections", export_reflections)
hooks.register_exporter("dreams", dreams.export_for)
hooks.register_leave_handler(leave)
hooks.register_demo_seeder(seed_demo, order=60)
hooks.register_space_panel(
    hooks.SpacePanel(
        template="reflections/_pillars_panel.html", context=pillars.panel_context, order=80
    )
)
hooks.register_space_panel(
    hooks.SpacePanel(
        template="reflections/_reflection_panel.html",
        context=lambda request, membership: _reflection_panel(membership),
        order=20,
    )
)


def _reflection_panel(membership: Membership) -> dict | None:
    """A quiet invitation to the first reflection on the space's home page, until it has opened."""
    if membership.space.state == "inactive":
        return None
    round = services.current_round(membership)
    if round is not None and round.revealed_at is not None:
        return None
    written = round is not None and round.reflections.filter(author_id=membership.user_id).exists()
    return {"space_id": membership.space_id, "written": written}

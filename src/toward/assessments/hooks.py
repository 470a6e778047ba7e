"""Self-assessments in the account-wide actions: export, leave, erase, the demo, the space page,
and the four pillars map (assessments belong to the trust pillar)."""

from __future__ import annotations

from datetime import timedelta

from toward.accounts import vault
from toward.assessments import services
from toward.assessments.models import Result
from toward.core import hooks
from toward.spaces.models import Membership, Space


def export_assessments(user, data_key: bytes | None = None) -> list[dict]:
    return services.export_for(user, data_key)


def _panel(request, membership: Membership) -> dict | None:
    """Only when there is something the other person chose to share; otherwise the practice is
    a quiet entry on the home page, not a nudge."""
    if membership.space.state != Space.State.ACTIVE:
        return None
    theirs, language = services.shared_in_space(membership)
    if not theirs and not language:
        return None
    return {"space_id": membership.space_id, "theirs": theirs, "language": language}


def _has_activity(membership: Membership) -> bool:
    return Result.objects.filter(
        space_id=membership.space_id, author_id=membership.user_id
    ).exists()


# --- the demo -------------------------------------------------------------------------------

_DEMO_STYLES = [
    {  # the first person: words and time
        "words-give": 4, "words-receive": 3, "touch-give": 1, "touch-receive": 2,
        "time-give": 3, "time-receive": 4, "gestures-give": 1, "gestures-receive": 1,
        "direct": 4, "quiet": 1,
    },
    {  # the second: touch and gestures, and comfortable in quiet
        "words-give": 1, "words-receive": 4, "touch-give": 4, "touch-receive": 4,
        "time-give": 3, "time-receive": 3, "gestures-give": 4, "gestures-receive": 2,
        "direct": 1, "quiet": 4,
    },
]  # fmt: skip

_DEMO_BUILDER = {
    "check-feelings": 1, "nonverbal": 1, "silence": 0, "vulnerability": 1, "rituals": 0,
    "meta-talk": 0, "boundaries": 1, "validating": 1, "unplugging": 0, "feedback": 1,
}  # fmt: skip


def _key(person) -> bytes:
    key = vault.unlock_with_password(person.user, person.password)
    if key is None:
        key, _ = vault.create_keys(person.user, person.password)
    return key


def seed_demo(pair) -> None:
    """Both shared how they show and receive care; one took the connection builder twice."""
    for n, (person, membership) in enumerate(zip(pair.people, pair.memberships, strict=True)):
        membership.space.refresh_from_db()
        key = _key(person)
        styles = services.submit(
            membership,
            services.STYLES_ID,
            _DEMO_STYLES[n],
            key,
            recent=set(),
            now=pair.started + timedelta(days=3 + n),
        )
        services.share(membership, styles, key)
    first = pair.memberships[0]
    earlier = {**_DEMO_BUILDER, "vulnerability": 0, "feedback": 0}
    for days, answers in ((5, earlier), (20, _DEMO_BUILDER)):
        services.submit(
            first,
            "connection-builder",
            answers,
            _key(pair.people[0]),
            recent=set(),
            now=pair.started + timedelta(days=days),
        )


def _register_pillar() -> None:
    from toward.reflections import pillars  # the shared registry of "used lately"

    pillars.register_activity("assessments", services.activity_since)


hooks.register_exporter("assessments", export_assessments)
hooks.register_leave_handler(services.remove_for_leaver)
hooks.register_erase_handler(services.erase)
hooks.register_demo_seeder(seed_demo, order=75)
hooks.register_space_panel(
    hooks.SpacePanel(
        template="assessments/_panel.html", context=_panel, order=85, has_activity=_has_activity
    )
)
_register_pillar()

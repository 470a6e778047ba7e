"""Shared experiences in the account-wide actions and on the space's home page."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from toward.core import hooks
from toward.experiences import services
from toward.experiences.models import Plan
from toward.spaces.models import Membership, Space


def leave(membership: Membership, *, keep_shared: bool) -> None:
    services.remove_for_leaver(membership, keep_shared=keep_shared)


def _panel(request, membership: Membership) -> dict | None:
    """The next settled plan, and a plan waiting for this person's answer (never the other's)."""
    if membership.space.state != Space.State.ACTIVE:
        return None
    upcoming = services.plans_for(membership)
    settled = next((p for p in upcoming if p.state == Plan.State.ACCEPTED), None)
    my_turn = next(
        (
            p
            for p in upcoming
            if p.state == Plan.State.PROPOSED and p.awaiting_id == membership.user_id
        ),
        None,
    )
    return {
        "space_id": membership.space_id,
        "next": settled,
        "next_when": services.local(membership.user, settled.starts_at) if settled else None,
        "my_turn": my_turn,
    }


def _demo_sunrise():
    """A small drawn sunrise for the demo's first memory, so the timeline shows a photo."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    width, height = 480, 320
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # dawn sky: deep blue at the top, warm apricot at the horizon
        t = y / (height - 1)
        draw.line(
            [(0, y), (width, y)],
            fill=(int(40 + 205 * t), int(52 + 120 * t), int(110 + 20 * t)),
        )
    draw.ellipse([190, 200, 290, 300], fill=(255, 214, 150))
    draw.rectangle([0, 250, width, height], fill=(52, 70, 60))  # the hill they walked up
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile("sunrise.jpg", buffer.getvalue(), content_type="image/jpeg")


def seed_demo(pair) -> None:
    """A settled plan for Saturday, a proposal waiting for an answer, and two memories."""
    first, second = pair.memberships
    for m in pair.memberships:
        m.space.refresh_from_db()
    soon = (timezone.now() + timedelta(days=5)).replace(hour=10, minute=0, second=0, microsecond=0)
    walk = services.propose(first, idea_id="map-pin-walk", when=soon)
    services.accept(second, walk)
    services.propose(
        second,
        idea_id="cook-unknown-cuisine",
        when=soon + timedelta(days=7, hours=8),
        note="Georgian? I've heard about khachapuri.",
    )
    today = timezone.now().date()
    services.add_memory(
        first,
        title="The first sunrise walk",
        happened_on=today - timedelta(days=16),
        note="Freezing, and completely worth it. The flask of tea saved us.",
        photo=_demo_sunrise(),
    )
    services.add_memory(
        second, title="Dumplings from scratch", happened_on=today - timedelta(days=6)
    )


hooks.register_exporter("experiences", services.export_for)
hooks.register_leave_handler(leave)
hooks.register_erase_handler(services.erase_for, order=50)
hooks.register_demo_seeder(seed_demo, order=75)
hooks.register_space_panel(
    hooks.SpacePanel(template="experiences/_panel.html", context=_panel, order=45)
)

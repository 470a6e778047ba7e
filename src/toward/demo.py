"""`toward demo`: a pair with a few weeks of plausible history, so a newcomer can look around.

Each practice adds its own activity through ``core.hooks.register_demo_seeder``; this module only
makes the two people and their space. Running it again replaces the demo pair.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from toward.accounts import vault
from toward.accounts.models import User
from toward.core import hooks
from toward.spaces import services as spaces
from toward.spaces.models import Membership, Space

DEMO_PEOPLE = [("Sam", "sam@demo.toward.local"), ("Alex", "alex@demo.toward.local")]
DEMO_HISTORY_DAYS = 24


@dataclass
class DemoPerson:
    name: str
    email: str
    password: str
    user: User


@dataclass
class DemoPair:
    people: list[DemoPerson]
    space: Space
    memberships: list[Membership]
    started: object  # datetime the space was made
    extra: dict = field(default_factory=dict)

    @property
    def space_url(self) -> str:
        return settings.BASE_URL + reverse("spaces:detail", args=[self.space.id])


@transaction.atomic
def create_demo() -> DemoPair:
    User.objects.filter(email__in=[email for _, email in DEMO_PEOPLE]).delete()
    Space.objects.filter(memberships__isnull=True).delete()
    people = []
    for name, email in DEMO_PEOPLE:
        password = "-".join(secrets.token_hex(3) for _ in range(3))
        user = User.objects.create_user(
            email, password, display_name=name, time_zone="Europe/London"
        )
        user.date_joined = timezone.now() - timedelta(days=DEMO_HISTORY_DAYS)
        user.save(update_fields=["date_joined"])
        vault.create_keys(user, password)  # as sign-up does, so text for two is sealed to both
        people.append(DemoPerson(name=name, email=email, password=password, user=user))

    started = timezone.now() - timedelta(days=DEMO_HISTORY_DAYS)
    first = spaces.create_space(people[0].user, relationship_type="romantic", name="Alex and me")
    issued = spaces.create_invitation(first)
    second = spaces.join_space(people[1].user, code=issued.code, name="Sam and me")
    Space.objects.filter(pk=first.space_id).update(created_at=started)
    Membership.objects.filter(pk=first.pk).update(joined_at=started)
    Membership.objects.filter(pk=second.pk).update(joined_at=started + timedelta(days=1, hours=3))
    pair = DemoPair(
        people=people,
        space=Space.objects.get(pk=first.space_id),
        memberships=[first, second],
        started=started,
    )
    for seeder in hooks.demo_seeders():
        seeder(pair)
    return pair

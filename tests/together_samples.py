"""Real challenges, plans and memories in alice's space, for the permission matrix."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from toward.challenge import services as challenge
from toward.experiences import services as experiences


def challenge_id(pair) -> str:
    found = challenge.open_challenges(pair[0])
    return found[0].id if found else challenge.start_challenge(pair[0], together=True).id


def day(pair) -> str:
    return "1"


def week(pair) -> str:
    return "1"


def plan_id(pair) -> str:
    when = timezone.now() + timedelta(days=10)
    return experiences.propose(pair[0], title="A walk", when=when).id


def memory_id(pair) -> str:
    return experiences.add_memory(pair[0], title="A walk", happened_on=timezone.now().date()).id

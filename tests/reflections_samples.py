"""Real reflection and dream objects in alice's space, for the permission matrix."""

from __future__ import annotations

from tests.conftest import PASSWORD
from toward.accounts import vault
from toward.reflections import dreams, services


def alice_key(pair) -> bytes:
    user = pair[0].user
    return vault.unlock_with_password(user, PASSWORD) or vault.create_keys(user, PASSWORD)[0]


def round_id(pair) -> str:
    reflection = services.write_reflection(pair[0], alice_key(pair), {"closeness": "Walks."})
    return reflection.round_id


def dream_id(pair) -> str:
    return dreams.add_dream(pair[0], title="Learn the cello").id


def milestone_id(pair) -> str:
    dream = dreams.add_dream(pair[0], title="Run a marathon")
    return dreams.add_milestone(pair[0], dream, text="First 10 km").id

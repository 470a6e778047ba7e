"""Property: whatever two members do (check in, edit, share early, change time zone, over days),
no response to A ever contains B's private note or an answer of B's that is not revealed to A;
and every answer that is revealed does reach A (the rule is not just "show nothing")."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD, ApiClient
from toward.accounts import services as accounts
from toward.accounts import vault
from toward.checkins import services
from toward.core import hooks
from toward.core.errors import ServiceError
from toward.spaces import services as spaces

ZONES = ["UTC", "Pacific/Auckland", "America/Los_Angeles", "Asia/Kolkata"]
WHO = st.sampled_from(["a", "b"])
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("checkin"), WHO, st.integers(0, 1)),
        st.tuples(st.just("share"), WHO, st.just(0)),
        st.tuples(st.just("zone"), WHO, st.sampled_from(range(len(ZONES)))),
        st.tuples(st.just("wait"), st.just(""), st.sampled_from([3, 9, 20])),
    ),
    min_size=1,
    max_size=12,
)


@dataclass
class Model:
    """What B has written, as the oracle sees it."""

    current: dict[date, str] = field(default_factory=dict)  # B's day -> current answer marker
    shared: set[date] = field(default_factory=set)
    a_days: set[date] = field(default_factory=set)
    old_answers: set[str] = field(default_factory=set)
    notes: set[str] = field(default_factory=set)

    def revealed(self) -> set[str]:
        return {m for d, m in self.current.items() if d in self.shared or d in self.a_days}


def _make_pair():
    a = accounts.sign_up(email="a@example.com", password=PASSWORD)
    b = accounts.sign_up(email="b@example.com", password=PASSWORD)
    a.test_key = vault.create_keys(a, PASSWORD)[0]
    b.test_key = vault.create_keys(b, PASSWORD)[0]
    mine = spaces.create_space(a, relationship_type="friendship", name="B")
    theirs = spaces.join_space(b, code=spaces.create_invitation(mine).code, name="A")
    mine.space.refresh_from_db()
    return mine, theirs


def _everything_a_can_read(mine, api: ApiClient, pages: bool) -> str:
    """A's API responses and export; with `pages`, A's pages too (slower: they draw the wheel)."""
    parts = [
        json.dumps(api.get(f"/spaces/{mine.space_id}/checkins/today").json()),
        json.dumps(api.get(f"/spaces/{mine.space_id}/checkins").json()),
        json.dumps(hooks.exporters()["checkins"](mine.user, data_key=mine.user.test_key)),
        json.dumps(hooks.exporters()["appreciations"](mine.user), default=str),
    ]
    if pages:
        client = Client()
        client.post("/login/", {"username": mine.user.email, "password": PASSWORD})
        parts.append(client.get(f"/spaces/{mine.space_id}/checkin/").content.decode())
        parts.append(client.get(f"/spaces/{mine.space_id}/checkins/").content.decode())
    return "\n".join(parts)


def _apply(step: int, op: tuple, clock: datetime, people: dict, model: Model) -> datetime:
    kind, who, arg = op
    if kind == "wait":
        return clock + timedelta(hours=arg)
    membership = people.get(who)
    if kind == "zone":
        accounts.update_profile(membership.user, time_zone=ZONES[arg])
    elif kind == "share":
        try:
            checkin = services.share_now(membership, now=clock)
        except ServiceError:
            return clock
        if who == "b":
            model.shared.add(checkin.day)
    elif kind == "checkin":
        day = services.local_today(membership.user, clock) - timedelta(days=arg)
        answer, note = f"{who}-answer-{step}-q", f"{who}-note-{step}-q"
        checkin = services.submit_checkin(
            membership,
            went_well=answer,
            private_note=note,
            data_key=membership.user.test_key,
            day=day,
            now=clock,
        )
        if who == "a":
            model.a_days.add(checkin.day)
        else:
            if checkin.day in model.current:
                model.old_answers.add(model.current[checkin.day])
            model.current[checkin.day] = answer
            model.notes.add(note)
    return clock


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_a_never_reads_what_b_has_not_revealed(db, operations):
    with transaction.atomic():
        mine, theirs = _make_pair()
        people = {"a": mine, "b": theirs}
        model = Model()
        api = ApiClient(mine.user)
        clock = datetime.now(UTC) - timedelta(days=3)
        for step, op in enumerate(operations):
            clock = _apply(step, op, clock, people, model)
            seen = _everything_a_can_read(mine, api, pages=step == len(operations) - 1)
            for note in model.notes:
                assert note not in seen, f"B's private note reached A after {operations}"
            for answer in model.old_answers:
                assert answer not in seen, f"an edited-away answer reached A: {operations}"
            revealed = model.revealed()
            for answer in set(model.current.values()) - revealed:
                assert answer not in seen, f"an unrevealed answer reached A: {operations}"
            for answer in revealed:
                assert answer in seen, f"a revealed answer is missing for A: {operations}"
        transaction.set_rollback(True)

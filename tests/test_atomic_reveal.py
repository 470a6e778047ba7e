"""SAFETY-CHECKLIST item 3, atomic reveal: when both members send the last two answers of a
"both write, then it opens" flow at the same moment, both sends succeed, both answers are kept,
the pair's thing opens exactly once (one reveal timestamp, set by the second write itself, not by
a later read), and nobody gets a notice or an email twice.

Real concurrency: two threads, each with its own database connection, wait on a barrier and call
the service together, on a transactional test database (SQLite and PostgreSQL). Every race runs
ROUNDS times on a fresh pair, so an unlucky interleaving is likely to show up on every run.

Flows: question exchanges (decks), first reflections, repair parts, shared challenge week
reflections, and daily check-ins (whose reveal is computed on read, so the race must only keep
both rows and show each to the other).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial

import pytest
from django.core import mail
from django.db import connections

from tests.conftest import PASSWORD
from toward.accounts import services as accounts
from toward.accounts import vault
from toward.challenge import services as challenge
from toward.challenge.models import Challenge, WeekReflection
from toward.checkins import services as checkins
from toward.checkins.models import CheckIn
from toward.decks import services as decks
from toward.decks.models import Answer, Exchange
from toward.nudges.models import Notice
from toward.reflections import services as reflections
from toward.reflections.models import Reflection, Round
from toward.repair import services as repair
from toward.repair.models import Repair, RepairPart
from toward.spaces import services as spaces
from toward.spaces.models import Membership

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = int(os.environ.get("TOWARD_RACE_ROUNDS", "20"))


@pytest.fixture
def race_db(transactional_db, tmp_path):
    """The database the writers race on. PostgreSQL as it is. For SQLite, a file copy of the
    in-memory test database, as in production (WAL, IMMEDIATE transactions, a busy timeout):
    in-memory SQLite shares one cache between connections and refuses a second writer at once
    ("database table is locked") where a real file queues it."""
    conn = connections["default"]
    if conn.vendor != "sqlite" or not conn.is_in_memory_db():
        yield
        return
    conn.ensure_connection()
    memory, name = conn.connection, conn.settings_dict["NAME"]
    copy = sqlite3.connect(tmp_path / "races.sqlite3")
    memory.backup(copy)
    copy.close()
    conn.connection = None  # `memory` keeps the in-memory database alive meanwhile
    conn.settings_dict["NAME"] = str(tmp_path / "races.sqlite3")
    try:
        yield
    finally:
        conn.close()
        conn.settings_dict["NAME"] = name
        conn.connection = memory


def _pair(n: int) -> tuple[Membership, Membership, bytes, bytes]:
    """A fresh pair with data keys (the keys are made before the race, as at sign-up)."""
    a = accounts.sign_up(email=f"a{n}@example.com", password=PASSWORD, display_name=f"A{n}")
    b = accounts.sign_up(email=f"b{n}@example.com", password=PASSWORD, display_name=f"B{n}")
    keys = [
        vault.unlock_with_password(u, PASSWORD) or vault.create_keys(u, PASSWORD)[0] for u in (a, b)
    ]
    mine = spaces.create_space(a, relationship_type="romantic", name="Us")
    theirs = spaces.join_space(b, code=spaces.create_invitation(mine).code, name="Us")
    return _fresh(mine), theirs, keys[0], keys[1]


def _fresh(membership: Membership) -> Membership:
    """A writer's own copy: no model instance is shared between the two threads."""
    return Membership.objects.select_related("space", "user").get(pk=membership.pk)


def race(*calls: Callable[[], object]) -> list[tuple[str, object]]:
    """Run the calls at the same moment, one thread and one connection each; returns
    ("ok", result) or ("error", exception) per call."""
    barrier = threading.Barrier(len(calls))
    results: list[tuple[str, object]] = [("error", "did not run")] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=20)
            results[i] = ("ok", call())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[i] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _both_succeeded(results) -> None:
    failures = [r for kind, r in results if kind != "ok"]
    assert not failures, f"a send failed in the race: {failures!r}"


def _quiet(before_notices: int, before_mail: int) -> None:
    """No flow here tells anyone about the reveal; the race must not invent or double one."""
    assert Notice.objects.count() == before_notices
    assert len(mail.outbox) == before_mail


def test_two_answers_to_one_question_open_it_once(race_db):
    for n in range(ROUNDS):
        mine, theirs, _, _ = _pair(n)
        exchange = decks.ask(mine, "iw-01")
        notices, mails = Notice.objects.count(), len(mail.outbox)
        results = race(
            partial(
                decks.answer, _fresh(mine), Exchange.objects.get(pk=exchange.pk), "Lighthouses."
            ),
            partial(
                decks.answer,
                _fresh(theirs),
                Exchange.objects.get(pk=exchange.pk),
                "The kitchen table.",
            ),
        )
        _both_succeeded(results)
        assert Answer.objects.filter(exchange_id=exchange.pk).count() == 2
        # open at once, by the second answer itself: no page has been read yet
        assert Exchange.objects.get(pk=exchange.pk).revealed_at is not None, f"round {n}"
        for me, other_words in ((mine, "The kitchen table."), (theirs, "Lighthouses.")):
            view = decks.view_exchange(me, Exchange.objects.get(pk=exchange.pk))
            assert view.state == "revealed" and view.other_answer == other_words
        _quiet(notices, mails)


def test_two_first_reflections_open_one_round_once(race_db):
    alice_words = {"closeness": "Walks after dinner."}
    bob_words = {"closeness": "Saying I'm tired without explaining."}
    for n in range(ROUNDS):
        mine, theirs, key_a, key_b = _pair(n)
        notices, mails = Notice.objects.count(), len(mail.outbox)
        results = race(
            partial(reflections.write_reflection, _fresh(mine), key_a, alice_words),
            partial(reflections.write_reflection, _fresh(theirs), key_b, bob_words),
        )
        _both_succeeded(results)
        rounds = Round.objects.filter(space_id=mine.space_id)
        assert rounds.count() == 1, f"round {n}: the race started {rounds.count()} rounds"
        assert rounds.get().revealed_at is not None, f"round {n}: never opened"
        assert Reflection.objects.filter(round__space_id=mine.space_id).count() == 2
        _quiet(notices, mails)


def test_two_repair_parts_open_the_repair_once(race_db):
    from tests.test_repair import OTHER_PARTS, PARTS

    for n in range(ROUNDS):
        mine, theirs, _, _ = _pair(n)
        opened = repair.start_repair(mine)
        notices, mails = Notice.objects.count(), len(mail.outbox)
        results = race(
            partial(repair.write_parts, _fresh(mine), Repair.objects.get(pk=opened.pk), **PARTS),
            partial(
                repair.write_parts, _fresh(theirs), Repair.objects.get(pk=opened.pk), **OTHER_PARTS
            ),
        )
        _both_succeeded(results)
        assert RepairPart.objects.filter(repair_id=opened.pk).count() == 2
        assert Repair.objects.get(pk=opened.pk).revealed_at is not None, f"round {n}"
        view = repair.view_repair(_fresh(theirs), Repair.objects.get(pk=opened.pk))
        assert view.state == "open"
        _quiet(notices, mails)


def test_two_week_reflections_of_a_shared_challenge_both_open(race_db):
    t0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    day7 = t0 + timedelta(days=6)
    for n in range(ROUNDS):
        mine, theirs, key_a, key_b = _pair(n)
        shared = challenge.start_challenge(mine, together=True, now=t0)
        notices, mails = Notice.objects.count(), len(mail.outbox)
        results = race(
            partial(
                challenge.write_reflection,
                _fresh(mine),
                Challenge.objects.get(pk=shared.pk),
                key_a,
                1,
                {"text": "alice week"},
                now=day7,
            ),
            partial(
                challenge.write_reflection,
                _fresh(theirs),
                Challenge.objects.get(pk=shared.pk),
                key_b,
                1,
                {"text": "bob week"},
                now=day7,
            ),
        )
        _both_succeeded(results)
        assert WeekReflection.objects.filter(challenge=shared, week=1).count() == 2
        for me, key, words in ((mine, key_a, "bob week"), (theirs, key_b, "alice week")):
            week = challenge.view_reflections(_fresh(me), shared, key)[1]
            assert week.revealed and words in str(week.theirs)
        _quiet(notices, mails)


def test_two_check_ins_for_one_day_show_each_to_the_other(race_db):
    for n in range(ROUNDS):
        mine, theirs, _, _ = _pair(n)
        notices, mails = Notice.objects.count(), len(mail.outbox)
        results = race(
            partial(checkins.submit_checkin, _fresh(mine), went_well="alice day"),
            partial(checkins.submit_checkin, _fresh(theirs), went_well="bob day"),
        )
        _both_succeeded(results)
        rows = CheckIn.objects.filter(space_id=mine.space_id)
        assert rows.count() == 2
        for me, words in ((mine, "bob day"), (theirs, "alice day")):
            seen = checkins.view_checkins(_fresh(me), rows.select_related("author"))
            other = next(v for v in seen if not v.mine)
            assert other.revealed and other.answers["went_well"] == words
        _quiet(notices, mails)

"""Queries compiled once per process (core.compiled_sql) give what the ORM gives.

Every module's hot model queries are registered with `ModelQueries`; here each one runs both ways
on the demo pair's data, for both people, a stranger, and several moments, and the objects must
be the same field for field, with the same related objects already loaded, on both databases.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import get_resolver
from django.utils import timezone

from toward.core import compiled_sql


def as_seen(obj) -> object:
    """What a page can read from a model object and what came with it (select_related)."""
    if obj is None:
        return None

    def fields(o):
        return {f.attname: getattr(o, f.attname) for f in o._meta.concrete_fields}

    cached = obj._state.fields_cache
    return (
        type(obj),
        fields(obj),
        {name: as_seen(related) for name, related in sorted(cached.items())},
        obj._state.adding,
        obj._state.db,
    )


def _registered() -> list[tuple[str, compiled_sql.ModelQueries, str]]:
    get_resolver().url_patterns  # noqa: B018  (imports every app's views and services)
    return [
        (f"{queries.builders[name].__module__}.{name}", queries, name)
        for queries in compiled_sql.REGISTRY
        for name in queries.builders
    ]


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
def test_every_registered_query_compiled_once_answers_as_the_orm_does(db, settings, zone, mallory):
    from toward.demo import create_demo
    from toward.spaces.models import Membership

    settings.TIME_ZONE = zone
    demo = create_demo()
    # What the space page asks about only while it is happening: a pause (with its notice to
    # the other person), a repair, an exercise waiting for the other.
    from toward.exercises import services as exercises
    from toward.repair import pauses
    from toward.repair import services as repair

    first = demo.memberships[0]
    repair.start_repair(first, pause=pauses.ask_for_pause(first, minutes=20))
    exercises.start(first, "eye-gazing")
    # What the questions page reads: today's question, a deck set aside, a vote to go deeper and
    # a rating at the pair's level (made directly: only the queries are under test here).
    from toward.decks import daily
    from toward.decks.models import DepthVote, Rating

    daily.question_for(first.space, timezone.localdate())
    daily.set_deck_enabled(first, "a-deck-set-aside", False)
    DepthVote.objects.get_or_create(space_id=first.space_id, user_id=first.user_id, level="surface")
    Rating.objects.create(
        space_id=first.space_id,
        user_id=first.user_id,
        context="compiled-sql-test",
        question_ref="a-question",
        depth="surface",
        feeling="comfortable",
        rated_on=timezone.localdate(),
    )
    stranger = Membership.objects.get(user=mallory)
    registered = _registered()
    assert len(registered) >= 10, [label for label, _, _ in registered]
    with_rows = set()
    for label, queries, name in registered:
        assert queries.compiled(name) is not None, label  # none left to the ORM
        for membership in [*demo.memberships, stranger]:
            for days in (-3, 0, 2, 30):
                now = timezone.now() + timedelta(days=days)
                args = {
                    "user": membership.user_id,
                    "space": membership.space_id,
                    "membership": membership.pk,
                    "now": now,
                    "since": now - timedelta(days=1),
                    "day": timezone.localdate(now),
                    "level": "surface",
                }
                orm = [as_seen(o) for o in queries.builders[name](args)]
                assert [as_seen(o) for o in queries.objects(name, **args)] == orm, label
                if orm:
                    with_rows.add(label)
    # Compared on rows, not only on empty answers: the demo has something for most of them.
    assert len(with_rows) >= len(registered) - 2, {r[0] for r in registered} - with_rows


def test_a_query_that_cannot_be_compiled_runs_through_the_orm(db, alice):
    from toward.spaces.models import Membership

    queries = compiled_sql.ModelQueries(
        # values() gives dicts, not model objects: not a plain model query.
        values=lambda a: Membership.objects.filter(user_id=a["user"]).values("pk"),
        # The id is changed on the way in, so the made-up value is not among the parameters.
        changed=lambda a: Membership.objects.filter(user_id=a["user"] + 1),
    )
    try:
        assert queries.compiled("values") is None
        assert queries.objects("values", user=alice.pk) == []
        assert queries.compiled("changed") is None
        assert queries.objects("changed", user=alice.pk - 1) == list(
            Membership.objects.filter(user_id=alice.pk)
        )
    finally:
        compiled_sql.REGISTRY.remove(queries)


def test_who_is_asking_is_read_as_the_orm_reads_it(alice, bob, django_assert_num_queries):
    """Every signed-in request looks its person up by id (ModelBackend.get_user); that lookup runs
    compiled SQL and must behave as the ORM's get: the same person, the same errors, and no
    short cut for lookups that filter more."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    with django_assert_num_queries(1):
        found = user_model.objects.get(pk=alice.pk)
    assert as_seen(found) == as_seen(user_model.objects.filter(pk=alice.pk).first())
    assert user_model.objects.get(pk=str(bob.pk)) == bob  # as the session stores it
    with pytest.raises(user_model.DoesNotExist):
        user_model.objects.get(pk=alice.pk + bob.pk + 1000)
    with pytest.raises(ValueError, match="expected a number"):
        user_model.objects.get(pk="not-an-id")
    assert user_model.objects.get(email=alice.email) == alice  # other lookups: the ORM's
    group = Group.objects.create(name="readers")
    group.user_set.add(alice)
    assert group.user_set.get(pk=alice.pk) == alice
    with pytest.raises(user_model.DoesNotExist):
        group.user_set.get(pk=bob.pk)  # a related manager still filters by its group
    assert ModelBackend().get_user(alice.pk) == alice
    user_model.objects.filter(pk=bob.pk).update(is_active=False)
    assert ModelBackend().get_user(bob.pk) is None  # a closed account is nobody

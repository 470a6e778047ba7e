"""Invitations from one member to the other (a question asked, an exercise opened) reach the other
person as an in-app notice that never carries what was written, and wait while they recharge."""

from __future__ import annotations

import pytest
from django.core import mail

from toward.decks import services as decks
from toward.exercises import services as exercises
from toward.nudges import services as nudges
from toward.nudges.models import Notice

pytestmark = pytest.mark.django_db


def _invite(kind, membership):
    if kind == "question":
        return decks.ask_any(membership).question_text
    exercises.start(membership, exercises.guides()[0].id, minutes=5)
    return None


@pytest.mark.parametrize("kind", ["question", "exercise"])
def test_the_other_member_hears_of_it_without_the_words(pair, kind):
    mine, theirs = pair
    words = _invite(kind, mine)
    notices = list(Notice.objects.filter(user=theirs.user))
    assert len(notices) == 1 and notices[0].url.startswith(f"/spaces/{mine.space_id}/")
    if words:
        assert words not in notices[0].title
    assert not Notice.objects.filter(user=mine.user).exists()  # nothing for the one who asked
    assert mail.outbox == []  # an invitation can wait: in the app only


@pytest.mark.parametrize("kind", ["question", "exercise"])
def test_nothing_reaches_a_person_who_is_recharging(pair, kind):
    mine, theirs = pair
    nudges.start_recharging(theirs.user, duration="few_days")
    _invite(kind, mine)
    assert not Notice.objects.filter(user=theirs.user).exists()

"""Together mode on one device and the three-level conversation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import client_for, page_text
from toward.core.errors import ServiceError
from toward.decks import services, together
from toward.decks.models import PairDepth, Session


def _session_url(member, session):
    return f"/spaces/{member.space_id}/questions/together/{session.id}/"


def test_deal_turns_skip_and_end(pair):
    alice_m, bob_m = pair
    client = client_for(alice_m.user)
    started = client.post(
        f"/spaces/{alice_m.space_id}/questions/together/",
        {"deck_choice": "inner-world", "minutes": "45"},
    )
    assert started.status_code == 302
    session = Session.objects.get()
    assert session.card_depth == "surface" and session.card_ref.startswith("iw-")
    assert "Alice's turn" in page_text(client.get(started["Location"]))

    client.post(started["Location"], {"action": "next"})
    session.refresh_from_db()
    assert "Bob's turn" in page_text(client.get(started["Location"]))
    client.post(started["Location"], {"action": "skip"})
    session.refresh_from_db()
    assert session.turn == 1 and len(session.dealt) == 3 and len(set(session.dealt)) == 3
    # The other person can follow along on their own phone too.
    assert "Bob's turn" in page_text(client_for(bob_m.user).get(_session_url(bob_m, session)))

    client.post(started["Location"], {"action": "end"})
    assert "Thank you both" in page_text(client.get(started["Location"]))
    with pytest.raises(ServiceError):
        together.deal(alice_m, Session.objects.get())


def test_cards_come_at_the_pairs_depth_and_too_much_steps_back(pair):
    alice_m, bob_m = pair
    PairDepth.objects.create(space=alice_m.space, level="personal")
    session = together.start(alice_m, deck_ref="dreams-values", minutes=0)
    assert session.card_depth == "personal" and session.ends_at is None
    together.rate_card(bob_m, session, "too_much")
    session.refresh_from_db()
    assert session.stepped_back
    for _ in range(5):
        session = together.deal(alice_m, session)
        assert session.card_depth == "surface"
    assert PairDepth.objects.get().level == "personal", "the pair's own depth is unchanged"


def test_every_card_is_dealt_once_then_it_says_so(pair):
    alice_m, _ = pair
    session = together.start(alice_m, deck_ref="play", minutes=0)
    for _ in range(40):
        session = together.deal(alice_m, session, skip=True)
    assert session.card_ref == ""
    assert len(session.dealt) == len(set(session.dealt)) == 16  # the surface cards of "play"
    page = page_text(client_for(alice_m.user).get(_session_url(alice_m, session)))
    assert "every card here" in page


def test_the_closeness_deck_is_dealt_in_order(pair):
    alice_m, _ = pair
    session = together.start(alice_m, deck_ref="closeness", minutes=60)
    refs = [session.card_ref]
    for _ in range(14):
        session = together.deal(alice_m, session)
        refs.append(session.card_ref)
    assert refs == [f"cl-{n:02d}" for n in range(1, 16)]


def test_the_time_box_ends_softly(pair):
    alice_m, _ = pair
    session = together.start(alice_m, deck_ref="play", minutes=45)
    assert session.ends_at - session.started_at == timedelta(minutes=45)
    Session.objects.filter(pk=session.pk).update(ends_at=session.started_at)
    page = page_text(client_for(alice_m.user).get(_session_url(alice_m, session)))
    assert "good place to wind down" in page
    assert "Next card" in page, "nothing is cut off"


def test_a_bad_time_limit_keeps_the_choice(pair):
    response = client_for(pair[0].user).post(
        f"/spaces/{pair[0].space_id}/questions/together/", {"deck_choice": "", "minutes": "45"}
    )
    assert response.status_code == 400
    assert "Please choose a deck" in page_text(response)
    with pytest.raises(ServiceError):
        together.start(pair[0], deck_ref="play", minutes=500)


def test_the_three_level_conversation_walks_down_at_the_pairs_pace(pair):
    alice_m, _ = pair
    client = client_for(alice_m.user)
    started = client.post(f"/spaces/{alice_m.space_id}/questions/conversation/")
    session = Session.objects.get()
    assert session.kind == "three_level" and session.card_depth == "surface"
    page = page_text(client.get(started["Location"]))
    assert "Check in" in page and "data-timer" in page and "Listen to understand" in page

    client.post(started["Location"], {"action": "next_step"})
    session.refresh_from_db()
    assert session.step == 1
    # The pair is still at surface, so the personal step's question stays at surface.
    assert session.card_depth == "surface"
    assert "stays a little lighter" in page_text(client.get(started["Location"]))

    PairDepth.objects.update_or_create(space=alice_m.space, defaults={"level": "core"})
    client.post(started["Location"], {"action": "next_step"})
    session.refresh_from_db()
    assert session.step == 2 and session.card_depth == "core"
    client.post(started["Location"], {"action": "next_step"})
    page = page_text(client.get(started["Location"]))
    assert "thank each other" in page


def test_together_needs_both_people(alice):
    from toward.spaces import services as spaces

    member = spaces.create_space(alice, relationship_type="family", name="Waiting")
    with pytest.raises(ServiceError):
        together.start(member, deck_ref="family-ties")
    with pytest.raises(ServiceError):
        services.require_active(member)

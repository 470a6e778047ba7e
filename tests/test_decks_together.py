"""Together mode on one device and the three-level conversation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import client_for, page_text
from toward.core.errors import ServiceError
from toward.decks import services, together
from toward.decks.models import PairDepth, Rating, Session


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


# --- both people rate on one device ---------------------------------------------------------


def _rate(client, member, session, feeling, *, for_member=None):
    body = {"feeling": feeling}
    if for_member is not None:
        body["member"] = for_member.pk
    return client.post(_session_url(member, session) + "rate/", body, follow=True)


def _ratings(session, member):
    return list(
        Rating.objects.filter(user_id=member.user_id, context=session.id).values_list(
            "question_ref", "feeling"
        )
    )


def _rating_rows(response):
    page = page_text(response)
    start = page.index('class="card soft rate-together"')
    return page[start : page.index("</section>", start)]


def test_the_shared_screen_has_a_rating_row_for_each_person(pair):
    alice_m, bob_m = pair
    client = client_for(alice_m.user)
    session = together.start(alice_m, deck_ref="play", minutes=0)
    page = page_text(client.get(_session_url(alice_m, session)))
    assert "How did that one feel for Alice?" in page
    assert "How did that one feel for Bob?" in page
    assert page.count('name="member"') == 2
    assert "Only you see this" not in page
    assert "ever shown the other's ratings later" in page

    # Alice is logged in; Bob taps his own row on her phone.
    shown = page_text(_rate(client, alice_m, session, "stretching", for_member=bob_m))
    assert "Kept for Bob. It only sets the pace." in shown, "the words never echo the choice"
    assert _ratings(session, bob_m) == [(session.card_ref, "stretching")]
    assert _ratings(session, alice_m) == []
    # The shared screen never reads back what Bob chose: his row has no pressed state at all.
    rows = _rating_rows(client.get(_session_url(alice_m, session)))
    assert 'aria-pressed="true"' not in rows

    _rate(client, alice_m, session, "comfortable", for_member=alice_m)
    assert _ratings(session, alice_m) == [(session.card_ref, "comfortable")]
    rows = _rating_rows(client.get(_session_url(alice_m, session)))
    assert rows.count('aria-pressed="true"') == 1, "only Alice's own choice shows for Alice"
    assert 'value="comfortable" class="secondary" aria-pressed="true"' in rows

    # Later, on her own phone, Bob sees his own rating and never Alice's.
    bob_rows = _rating_rows(client_for(bob_m.user).get(_session_url(bob_m, session)))
    assert bob_rows.count('aria-pressed="true"') == 1
    assert 'value="stretching" class="secondary" aria-pressed="true"' in bob_rows
    # A rating kept for Bob is Bob's: it is in his export, never in Alice's.
    from toward.decks.exporters import export_questions

    assert [r["feeling"] for r in export_questions(bob_m.user)["ratings"]] == ["stretching"]
    assert [r["feeling"] for r in export_questions(alice_m.user)["ratings"]] == ["comfortable"]


def test_ratings_from_one_device_count_for_both_people(pair):
    alice_m, bob_m = pair
    client = client_for(alice_m.user)
    session = together.start(alice_m, deck_ref="play", minutes=0)
    for n in range(5):
        _rate(client, alice_m, session, "comfortable", for_member=alice_m)
        _rate(client, alice_m, session, "comfortable", for_member=bob_m)
        if n < 4:
            session = together.deal(alice_m, session)
    assert len(_ratings(session, alice_m)) == len(_ratings(session, bob_m)) == 5
    assert not services.depth_for(alice_m).offer_deeper, "one day is not yet enough"
    # Two of those cards were another evening.
    yesterday = services.local_today(alice_m.user) - timedelta(days=1)
    for member in pair:
        first = Rating.objects.filter(user_id=member.user_id).order_by("created_at", "id")[:2]
        Rating.objects.filter(pk__in=[r.pk for r in first]).update(rated_on=yesterday)
    assert services.depth_for(alice_m).offer_deeper
    assert services.depth_for(bob_m).offer_deeper


def test_too_much_entered_for_the_other_person_steps_back(pair):
    alice_m, bob_m = pair
    PairDepth.objects.create(space=alice_m.space, level="personal")
    client = client_for(alice_m.user)
    session = together.start(alice_m, deck_ref="dreams-values", minutes=0)
    assert session.card_depth == "personal"
    page = page_text(_rate(client, alice_m, session, "too_much", for_member=bob_m))
    assert "a little lighter" in page
    session.refresh_from_db()
    assert session.stepped_back
    assert _ratings(session, bob_m) == [(session.card_ref, "too_much")]
    client.post(_session_url(alice_m, session), {"action": "next"})
    session.refresh_from_db()
    assert session.card_depth == "surface"
    assert PairDepth.objects.get().level == "personal"


def test_a_too_much_is_only_taken_back_by_its_own_person(pair):
    alice_m, bob_m = pair
    client = client_for(alice_m.user)
    session = together.start(alice_m, deck_ref="play", minutes=0)
    _rate(client, alice_m, session, "too_much", for_member=bob_m)
    shown = page_text(_rate(client, alice_m, session, "comfortable", for_member=bob_m))
    assert "Kept for Bob" in shown, "the same words either way, so nothing is given away"
    assert _ratings(session, bob_m) == [(session.card_ref, "too_much")]
    # Bob, logged in himself, can change his mind.
    _rate(client_for(bob_m.user), bob_m, session, "comfortable")
    assert _ratings(session, bob_m) == [(session.card_ref, "comfortable")]
    # A mistaken tap that is not "too much" can be corrected on the shared screen.
    _rate(client, alice_m, session, "stretching", for_member=alice_m)
    _rate(client, alice_m, session, "comfortable", for_member=alice_m)
    assert _ratings(session, alice_m) == [(session.card_ref, "comfortable")]


def test_nobody_outside_the_pair_can_be_rated_for(pair, mallory):
    alice_m, _ = pair
    from toward.spaces.models import Membership

    theirs = Membership.objects.get(user=mallory)
    client = client_for(alice_m.user)
    session = together.start(alice_m, deck_ref="play", minutes=0)
    page = page_text(_rate(client, alice_m, session, "comfortable", for_member=theirs))
    assert "one of you two" in page
    assert not Rating.objects.exists()
    with pytest.raises(ServiceError):
        together.rate_card(alice_m, session, "comfortable", for_member=["x"])


def test_why_this_works_links_to_the_explainers(pair):
    alice_m, _ = pair
    client = client_for(alice_m.user)
    link = '<a href="/learn/?practice=questions">Why this works</a>'
    base = f"/spaces/{alice_m.space_id}/questions/"
    assert link in page_text(client.get(base))
    assert link in page_text(client.get(base + "together/"))
    deck = together.start(alice_m, deck_ref="play", minutes=0)
    assert link in page_text(client.get(_session_url(alice_m, deck)))
    talk = together.start_three_level(alice_m)
    assert link in page_text(client.get(_session_url(alice_m, talk)))
    behind = page_text(client.get("/learn/?practice=questions"))
    assert "Questions that go deeper, step by step" in behind

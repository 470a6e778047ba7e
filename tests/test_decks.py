"""Question decks from a person's point of view: content, asking each other, the reveal,
"not right now", depth pacing, the question of the day, export and leaving."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import client_for, page_text
from toward.content.library import decks
from toward.core.errors import ServiceError
from toward.decks import daily, services
from toward.decks.catalog import decks_for
from toward.decks.exporters import export_questions
from toward.decks.models import Answer, DailyQuestion, NotRightNow, PairDepth, Rating
from toward.spaces import services as spaces

# --- content -----------------------------------------------------------------------------------


def test_there_are_enough_decks_and_questions_at_every_depth():
    all_decks = decks()
    questions = [q for deck in all_decks for q in deck.items]
    assert len(all_decks) >= 8
    assert len(questions) >= 300
    assert len({q.id for q in questions}) == len(questions), "question ids are unique"
    assert len({q.text.lower() for q in questions}) == len(questions), "no question twice"
    depths = Counter(q.depth for q in questions)
    assert min(depths.values()) >= 80, depths


def test_questions_are_open_and_free_of_jargon():
    closed = re.compile(r"^(do|did|does|is|are|was|were|have|has|can|could|would|will)\b", re.I)
    jargon = re.compile(r"\b(trauma|attachment style|codependen|narciss|gaslight|toxic)", re.I)
    for deck in decks():
        for q in deck.items:
            assert q.text.endswith("?"), q.id
            assert not closed.match(q.text), f"{q.id} reads as a yes/no question: {q.text}"
            assert not jargon.search(q.text), q.id


def test_the_closeness_deck_is_three_sets_of_twelve_growing_more_personal():
    deck = next(d for d in decks() if d.kind == "closeness")
    sets = [[q for q in deck.items if q.set == n] for n in (1, 2, 3)]
    assert [len(s) for s in sets] == [12, 12, 12]
    weight = {"surface": 0, "personal": 1, "core": 2}
    means = [sum(weight[q.depth] for q in s) / 12 for s in sets]
    assert means[0] < means[1] < means[2]
    assert any("Aron" in source.cite for source in deck.sources)


@pytest.mark.parametrize("kind", ["friendship", "family"])
def test_friends_and_family_get_their_own_deck_and_no_romantic_questions(make_user, kind):
    member = spaces.create_space(make_user(f"{kind}@example.com"), relationship_type=kind, name="x")
    found = decks_for(member.space)
    refs = {card.ref for deck in found for card in deck.cards}
    titles = {deck.ref for deck in found}
    assert {"friendship": "between-friends", "family": "family-ties"}[kind] in titles
    assert {"friendship": "family-ties", "family": "between-friends"}[kind] not in titles
    romantic_only = {q.id for d in decks() for q in d.items if q.relationship_types == ["romantic"]}
    assert romantic_only and not romantic_only & refs


# --- ask each other ----------------------------------------------------------------------------


def _exchange_page(user, exchange):
    return client_for(user).get(f"/spaces/{exchange.space_id}/questions/exchanges/{exchange.id}/")


def test_answers_stay_private_until_both_have_answered(pair):
    alice_m, bob_m = pair
    alice, bob = alice_m.user, bob_m.user
    response = client_for(alice).post(
        f"/spaces/{alice_m.space_id}/questions/ask/", {"question_id": "iw-01"}
    )
    assert response.status_code == 302
    exchange = services.exchanges_for(alice_m)[0].exchange

    answered = client_for(alice).post(
        response["Location"], {"text": "Mostly the garden, honestly."}
    )
    assert answered.status_code == 302
    alice_page = page_text(_exchange_page(alice, exchange))
    assert "Your answer is kept" in alice_page
    bob_page = page_text(_exchange_page(bob, exchange))
    assert "Mostly the garden" not in bob_page
    assert "Keep my answer" in bob_page and "Not right now" in bob_page

    client_for(bob).post(response["Location"], {"text": "A song I can't stop humming."})
    for user in (alice, bob):
        page = page_text(_exchange_page(user, exchange))
        assert "Mostly the garden" in page and "A song I can't stop humming" in page
        assert not re.search(r"\b\d{1,2}:\d{2}\b", page), "the reveal shows no times"
        assert "first" not in page.lower()


def test_the_api_shows_the_other_answer_only_after_both(pair, api):
    alice_m, bob_m = pair
    alice, bob = api(alice_m.user), api(bob_m.user)
    base = f"/spaces/{alice_m.space_id}/exchanges"
    created = alice.post(base, {"question_id": "pl-01"})
    assert created.status_code == 201, created.content
    url = f"{base}/{created.json()['id']}"
    first = alice.post(f"{url}/answer", {"text": "A goose in a hat."})
    assert first.json()["state"] == "waiting" and first.json()["their_answer"] is None
    assert bob.get(url).json() == {
        "id": created.json()["id"],
        "question": created.json()["question"],
        "depth": "surface",
        "state": "to_answer",
        "your_answer": None,
        "their_answer": None,
        "your_rating": None,
    }
    second = bob.post(f"{url}/answer", {"text": "My own sneeze."})
    assert second.json()["state"] == "revealed"
    assert second.json()["their_answer"] == "A goose in a hat."
    assert alice.get(url).json()["their_answer"] == "My own sneeze."
    rated = bob.post(f"{url}/rating", {"feeling": "stretching"})
    assert rated.json()["your_rating"] == "stretching"
    assert alice.get(url).json()["your_rating"] is None
    bad = bob.post(f"{url}/rating", {"feeling": "meh"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_feeling"


def test_an_empty_answer_keeps_the_form_and_says_why(pair):
    alice_m, _ = pair
    exchange = services.ask(alice_m, "iw-01")
    response = client_for(alice_m.user).post(
        f"/spaces/{alice_m.space_id}/questions/exchanges/{exchange.id}/", {"text": "   "}
    )
    assert response.status_code == 400
    assert "not right now" in page_text(response).lower()
    assert not Answer.objects.exists()


def test_not_right_now_is_quiet_and_never_shown_to_the_asker(pair):
    alice_m, bob_m = pair
    exchange = services.ask(alice_m, "iw-03")
    services.answer(alice_m, exchange, "A novel about lighthouses.")
    before = page_text(_exchange_page(alice_m.user, exchange))
    home_before = page_text(client_for(alice_m.user).get(f"/spaces/{alice_m.space_id}/questions/"))

    response = client_for(bob_m.user).post(
        f"/spaces/{bob_m.space_id}/questions/exchanges/{exchange.id}/not-now/"
    )
    assert response.status_code == 302
    assert services.view_exchange(bob_m, exchange).state == "set_aside"
    bob_home = page_text(client_for(bob_m.user).get(f"/spaces/{bob_m.space_id}/questions/"))
    assert "Set aside for now" in bob_home and "Waiting for your answer" not in bob_home

    assert _without_csrf(page_text(_exchange_page(alice_m.user, exchange))) == _without_csrf(before)
    home_after = page_text(client_for(alice_m.user).get(f"/spaces/{alice_m.space_id}/questions/"))
    assert _without_csrf(home_after) == _without_csrf(home_before)
    assert services.view_exchange(alice_m, exchange).state == "waiting"

    # After three quiet days it is simply open again, with no fuss.
    NotRightNow.objects.update(quiet_until=timezone.now() - timedelta(seconds=1))
    assert services.view_exchange(bob_m, exchange).state == "to_answer"
    services.answer(bob_m, exchange, "Whatever is on the kitchen table.")
    assert services.view_exchange(alice_m, exchange).state == "revealed"
    assert not NotRightNow.objects.exists()


def _without_csrf(text: str) -> str:
    return re.sub(
        r'(csrf-token" content="|"X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]+', "", text
    )


def test_asking_needs_both_people(alice):
    member = spaces.create_space(alice, relationship_type="romantic", name="Waiting")
    with pytest.raises(ServiceError) as caught:
        services.ask(member, "iw-01")
    assert caught.value.code == "space_waiting"
    page = page_text(client_for(alice).get(f"/spaces/{member.space_id}/questions/"))
    assert "opens once the other person joins" in page


def test_a_question_from_another_kind_of_pair_cannot_be_asked(pair):
    with pytest.raises(ServiceError):
        services.ask(pair[0], "bf-01")  # a friendship question in a romantic space


# --- depth pacing ------------------------------------------------------------------------------


def _reveal_and_rate(pair, refs, feeling="comfortable", day_offset=0):
    for ref in refs:
        exchange = services.ask(pair[0], ref)
        services.answer(pair[0], exchange, "one")
        services.answer(pair[1], exchange, "two")
        for member in pair:
            rating = services.rate_exchange(member, exchange, feeling)
            Rating.objects.filter(pk=rating.pk).update(
                rated_on=timezone.localdate() - timedelta(days=day_offset)
            )


def test_depth_rises_only_when_both_choose_and_either_can_lower(pair):
    alice_m, bob_m = pair
    assert services.depth_for(alice_m).level == "surface"
    _reveal_and_rate(pair, ["iw-01", "iw-02", "iw-03"], day_offset=1)
    assert services.depth_for(alice_m).offer_deeper is False
    _reveal_and_rate(pair, ["iw-04", "iw-05"])
    assert services.depth_for(alice_m).offer_deeper is True

    client_for(alice_m.user).post(
        f"/spaces/{alice_m.space_id}/questions/depth/", {"action": "deeper"}
    )
    assert services.depth_for(alice_m).level == "surface"
    assert services.depth_for(alice_m).i_am_ready is True
    bob_page = page_text(client_for(bob_m.user).get(f"/spaces/{bob_m.space_id}/questions/"))
    assert "Alice" not in bob_page.split("How deep you go")[1].split("</section>")[0]
    assert "I'd like to go deeper" in bob_page

    services.go_deeper(bob_m)
    assert services.depth_for(alice_m).level == "personal"
    assert services.depth_for(bob_m).offer_deeper is False

    client_for(bob_m.user).post(f"/spaces/{bob_m.space_id}/questions/depth/", {"action": "lighter"})
    assert PairDepth.objects.get(space=alice_m.space).level == "surface"
    alice_page = page_text(client_for(alice_m.user).get(f"/spaces/{alice_m.space_id}/questions/"))
    assert "Bob" not in alice_page.split("How deep you go")[1].split("</section>")[0]


def test_going_deeper_before_it_is_offered_is_refused_kindly(pair, api):
    response = api(pair[0].user).post(f"/spaces/{pair[0].space_id}/depth", {"action": "deeper"})
    assert response.status_code == 409
    assert "a little more time" in response.json()["error"]["message"]
    assert api(pair[0].user).get(f"/spaces/{pair[0].space_id}/depth").json() == {
        "level": "surface",
        "offer_deeper": False,
        "you_are_ready": False,
    }


def test_a_too_much_holds_the_pair_where_it_is(pair):
    _reveal_and_rate(pair, ["iw-01", "iw-02"], day_offset=1)
    _reveal_and_rate(pair, ["iw-03", "iw-04", "iw-05"])
    assert services.depth_for(pair[0]).offer_deeper
    _reveal_and_rate(pair, ["iw-06"], feeling="too_much")
    assert not services.depth_for(pair[0]).offer_deeper


# --- question of the day -----------------------------------------------------------------------


def test_the_question_of_the_day_is_the_same_for_both_and_stays_for_the_day(pair, api):
    alice_m, bob_m = pair
    first = api(alice_m.user).get(f"/spaces/{alice_m.space_id}/question-of-the-day").json()
    second = api(bob_m.user).get(f"/spaces/{bob_m.space_id}/question-of-the-day").json()
    assert first == second and first["question"]
    assert first["depth"] == "surface"
    assert DailyQuestion.objects.count() == 1
    page = page_text(client_for(bob_m.user).get(f"/spaces/{bob_m.space_id}/questions/"))
    assert first["question"] in page


def test_the_question_of_the_day_never_repeats_until_the_pool_is_used(pair):
    space = pair[0].space
    for deck in decks_for(space):
        if deck.ref != "play":
            daily.set_deck_enabled(pair[0], deck.ref, False)
    pool = {card.ref for card in daily.pool(space)}
    assert pool and all(ref.startswith("pl-") for ref in pool)
    start = timezone.localdate()
    seen = [
        daily.question_for(space, start + timedelta(days=n)).question_ref for n in range(len(pool))
    ]
    assert set(seen) == pool
    again = daily.question_for(space, start + timedelta(days=len(pool))).question_ref
    assert again in pool


# --- export, leaving, demo -----------------------------------------------------------------------


def test_export_holds_my_answers_and_never_the_others_unrevealed_one(pair):
    alice_m, bob_m = pair
    exchange = services.ask(alice_m, "iw-01")
    services.answer(bob_m, exchange, "Bob's secret thought")
    services.answer(alice_m, services.ask(alice_m, "iw-02"), "Alice's own words")
    mine = export_questions(alice_m.user)
    text = str(mine)
    assert "Alice's own words" in text and "Bob's secret thought" not in text


def test_leaving_takes_the_leavers_answers_with_them(pair):
    alice_m, bob_m = pair
    open_one = services.ask(alice_m, "iw-01")
    services.answer(bob_m, open_one, "unrevealed from Bob")
    services.not_right_now(bob_m, services.ask(alice_m, "iw-02"))
    spaces.leave_space(bob_m)
    assert not Answer.objects.filter(user=bob_m.user).exists()
    assert not NotRightNow.objects.exists()
    assert services.view_exchange(alice_m, open_one).state == "to_answer"
    fresh = spaces.get_space_for_member(alice_m.user, alice_m.space_id)
    with pytest.raises(ServiceError):
        services.answer(fresh, open_one, "too late")


def test_the_demo_pair_has_a_few_weeks_of_exchanges(db):
    from toward.demo import create_demo

    pair = create_demo()
    sam = pair.memberships[0]
    views = services.exchanges_for(sam)
    assert sum(1 for v in views if v.state == "revealed") >= 6
    assert services.depth_for(sam).level == "personal"


def test_the_questions_home_page_stays_cheap(pair, django_assert_max_num_queries):
    _reveal_and_rate(pair, ["iw-01", "iw-02", "iw-03"])
    client = client_for(pair[0].user)
    client.get(f"/spaces/{pair[0].space_id}/questions/")
    with django_assert_max_num_queries(30):
        response = client.get(f"/spaces/{pair[0].space_id}/questions/")
    assert response.status_code == 200


def test_the_home_page_lists_the_practice(pair):
    page = page_text(client_for(pair[0].user).get("/"))
    assert "Questions that go deeper" in page
    response = client_for(pair[0].user).get("/questions/")
    assert response.status_code == 302
    assert response["Location"] == f"/spaces/{pair[0].space_id}/questions/"


def test_two_answers_that_raced_still_open_together(pair):
    """Two answers committed at once, each transaction blind to the other, still open."""
    alice_m, bob_m = pair
    exchange = services.ask(alice_m, "iw-07")
    Answer.objects.create(exchange=exchange, user=alice_m.user, text="mine")
    Answer.objects.create(exchange=exchange, user=bob_m.user, text="theirs")
    assert services.view_exchange(bob_m, exchange).state == "revealed"
    assert services.view_exchange(alice_m, exchange).other_answer == "theirs"


def test_two_people_choosing_deeper_at_the_same_moment_still_go_deeper(pair):
    from toward.decks.models import DepthVote

    _reveal_and_rate(pair, ["iw-01", "iw-02"], day_offset=1)
    _reveal_and_rate(pair, ["iw-03", "iw-04", "iw-05"])
    for member in pair:  # as if both votes were committed blind to each other
        DepthVote.objects.create(space=member.space, user=member.user, level="surface")
    assert services.depth_for(pair[1]).level == "personal"


def test_pick_a_question_for_us_asks_something_new_at_the_pairs_depth(pair):
    client = client_for(pair[0].user)
    refs = set()
    for _ in range(5):
        response = client.post(f"/spaces/{pair[0].space_id}/questions/ask/", {"question_id": "any"})
        assert response.status_code == 302
    for view in services.exchanges_for(pair[0]):
        refs.add(view.exchange.question_ref)
        assert view.exchange.depth == "surface"
    assert len(refs) == 5

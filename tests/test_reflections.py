"""The first reflection: private, sealed, revealed together; alone, a journal; one suggestion."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient, client_for, page_text
from tests.reflections_samples import alice_key
from toward.accounts import vault
from toward.core.errors import Conflict, ServiceError
from toward.reflections import services, suggest
from toward.reflections.models import Reflection, Round
from toward.spaces import services as spaces

pytestmark = pytest.mark.django_db

ALICE = {
    "closeness": "Being able to say I'm tired without explaining.",
    "more_of": "Time together without phones in the evening.",
}
BOB = {
    "closeness": "bob-secret-closeness-7f3a",
    "distant": "When we only talk about logistics.",
}


def key_for(user) -> bytes:
    return vault.unlock_with_password(user, PASSWORD) or vault.create_keys(user, PASSWORD)[0]


def unlocked(user) -> Client:
    client = Client()
    client.post("/login/", {"username": user.email, "password": PASSWORD})
    return client


def test_answers_are_sealed_and_the_other_sees_only_that_one_is_waiting(pair):
    mine, theirs = pair
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    row = Reflection.objects.get()
    assert "bob-secret" not in row.sealed and "bob-secret" not in row.for_reveal
    round = services.current_round(mine)
    view = services.view_round(mine, round, key_for(mine.user))
    assert view.mine is None and view.theirs is None and view.other_written
    assert view.suggestion is None
    assert round.revealed_at is None


def test_both_written_opens_both_and_suggests_one_practice(pair):
    mine, theirs = pair
    services.write_reflection(mine, key_for(mine.user), ALICE)
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    round = services.current_round(mine)
    assert round.revealed_at is not None
    for membership, other_answers in ((mine, BOB), (theirs, ALICE)):
        view = services.view_round(membership, round, key_for(membership.user))
        assert view.revealed
        assert {k: v for k, v in view.theirs.items() if v} == other_answers
        assert view.suggestion is not None
    suggestion = services.view_round(mine, round, key_for(mine.user)).suggestion
    assert suggestion.practice in services.available_practices()
    # Theirs is sealed to each reader's own key: without it in hand, it is open but locked.
    locked = services.view_round(mine, round, None)
    assert locked.revealed and locked.theirs_locked and locked.theirs is None


def test_writing_after_the_reveal_asks_to_begin_again(pair):
    mine, theirs = pair
    services.write_reflection(mine, key_for(mine.user), ALICE)
    with pytest.raises(Conflict):
        services.begin_again(mine)  # still open: the other has not written
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    with pytest.raises(Conflict):
        services.write_reflection(mine, key_for(mine.user), ALICE)
    first = services.current_round(mine)
    fresh = services.begin_again(mine)
    assert fresh.pk != first.pk and services.current_round(theirs).pk == fresh.pk
    assert services.past_rounds(mine) == [first]


def test_alone_it_is_a_private_journal_that_never_opens(alice, bob):
    mine = spaces.create_space(alice, relationship_type="friendship", name="Just me")
    services.write_reflection(mine, key_for(alice), {"closeness": "Curious questions."})
    row = Reflection.objects.get()
    assert row.for_reveal == "" and not row.round.together
    view = services.view_round(mine, row.round, key_for(alice))
    assert view.mine["closeness"] == "Curious questions." and view.suggestion is not None
    assert services.view_round(mine, row.round, None).mine is None  # only the key opens it
    # when the other person joins, the journal stays private and a together round begins
    theirs = spaces.join_space(bob, code=spaces.create_invitation(mine).code, name="Alice")
    mine.space.refresh_from_db()
    assert services.current_round(theirs) is None
    services.write_reflection(theirs, key_for(bob), BOB)
    assert Round.objects.filter(together=True).count() == 1
    assert services.view_round(theirs, row.round, key_for(bob)).mine is None


def test_bad_input_changes_nothing(pair):
    mine, _ = pair
    key = key_for(mine.user)
    with pytest.raises(ServiceError) as too_long:
        services.write_reflection(mine, key, {"closeness": "x" * 1_000_000})
    assert "4,000" in too_long.value.message and too_long.value.field == "closeness"
    with pytest.raises(ServiceError):
        services.write_reflection(mine, key, {"closeness": "   "})
    with pytest.raises(ServiceError):
        services.write_reflection(mine, key, {"closeness": 12})
    with pytest.raises(ServiceError):
        services.write_reflection(mine, None, ALICE)
    assert not Reflection.objects.exists() and not Round.objects.exists()


def test_the_suggestion_rule():
    assert suggest.suggest([], "friendship").practice == "questions"
    assert suggest.suggest([], "romantic").rule == "fallback"
    talk = [{"more_of": "I want to be heard and to talk about my day."}]
    assert suggest.suggest(talk, "family").practice == "check-in"
    feel = [{"hard_to_open": "I never know the words for my feelings."}]
    assert suggest.suggest(feel, "romantic").practice == "feelings-wheel"
    evenings = [{"more_of": "Time together in the evenings without phones."}]
    assert suggest.suggest(evenings, "romantic").practice == "rituals"
    # a practice whose page does not exist yet is never suggested
    assert suggest.suggest(evenings, "romantic", {"check-in"}).practice == "check-in"
    assert suggest.suggest(evenings, "friendship", {"check-in"}) is None


# --- pages ------------------------------------------------------------------------------------


def test_the_page_asks_for_the_password_after_checking_membership(pair, mallory):
    mine, _ = pair
    url = f"/spaces/{mine.space_id}/reflection/"
    assert client_for(mallory).get(url).status_code == 404
    response = client_for(mine.user).get(url)  # a session without the unlocked key
    assert response.status_code == 302 and response["Location"].startswith("/account/unlock/")


def test_writing_and_reading_through_the_pages(pair):
    mine, theirs = pair
    alice, bob = unlocked(mine.user), unlocked(theirs.user)
    url = f"/spaces/{mine.space_id}/reflection/"
    assert "What does emotional closeness look like to you?" in page_text(alice.get(url))
    response = bob.post(url, BOB)
    assert response.status_code == 302
    waiting = page_text(alice.get(url))
    assert "has written their reflection" in waiting and "bob-secret" not in waiting
    alice.post(url, ALICE)
    both = page_text(alice.get(url))
    assert "bob-secret-closeness-7f3a" in both and "One small thing to try" in both
    assert ALICE["more_of"] in page_text(bob.get(url))


def test_a_one_megabyte_answer_gets_a_clear_error_and_keeps_what_was_typed(pair):
    mine, _ = pair
    huge = "I feel close when " + "very " * 200_000
    response = unlocked(mine.user).post(f"/spaces/{mine.space_id}/reflection/", {"closeness": huge})
    assert response.status_code == 400
    assert "Please keep this to 4,000 characters or fewer" in page_text(response)
    assert huge[:200] in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_large_but_allowed_form_value_gets_the_services_message(pair):
    mine, _ = pair
    response = unlocked(mine.user).post(
        f"/spaces/{mine.space_id}/reflection/", {"closeness": "y" * 5000}
    )
    assert response.status_code == 400
    assert "4,000 characters or fewer (this one has 5,000)" in page_text(response)
    assert not Reflection.objects.exists()


def test_space_home_shows_the_invitation_and_the_pillars_without_scores(pair):
    mine, theirs = pair
    page = page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/"))
    assert "Begin the reflection" in page
    assert "Where you've been spending time" not in page  # nothing to map yet
    services.write_reflection(mine, key_for(mine.user), ALICE)
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    page = page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/"))
    assert "Begin the reflection" not in page
    assert "Quiet lately" in page
    section = page[page.index("Where you've been spending time") :]
    assert "A first reflection" in section
    assert "%" not in section and "score" not in section.lower()


# --- the API, export and leaving ----------------------------------------------------------------


def test_api_reads_the_round_as_the_reveal_rule_allows(pair):
    mine, theirs = pair
    alice_key = key_for(mine.user)
    with_key = ApiClient(mine.user, data_key=alice_key)
    path = f"/spaces/{mine.space_id}/reflection"
    assert with_key.get(path).json()["round_id"] is None
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    body = with_key.get(path).json()
    assert body["other_written"] and body["theirs"] is None and "bob-secret" not in json.dumps(body)
    services.write_reflection(mine, alice_key, ALICE)
    body = with_key.get(path).json()
    assert body["revealed"] and body["theirs"]["closeness"] == BOB["closeness"]
    assert body["mine"]["closeness"] == ALICE["closeness"] and not body["theirs_locked"]
    assert body["suggestion"]["practice"] in services.available_practices()
    # A token made without the key sees that it opened, not what it says.
    body = ApiClient(mine.user).get(path).json()
    assert body["revealed"] and body["theirs_locked"] and body["theirs"] is None
    assert "bob-secret" not in json.dumps(body)


def test_export_has_my_answers_and_theirs_only_once_revealed(pair):
    from toward.accounts.services import export_user

    mine, theirs = pair
    key_for(mine.user)  # both have keys before either writes
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    services.write_reflection(mine, key_for(mine.user), ALICE)
    services.begin_again(mine)
    services.write_reflection(theirs, key_for(theirs.user), {"closeness": "not-yet-open-91c"})
    exported = json.dumps(export_user(mine.user, key_for(mine.user)), default=str)
    assert ALICE["closeness"] in exported and BOB["closeness"] in exported
    assert "not-yet-open-91c" not in exported
    # An operator's export (no key) opens nothing: both copies are sealed to the people's keys.
    without_key = json.dumps(export_user(mine.user), default=str)
    assert ALICE["closeness"] not in without_key and BOB["closeness"] not in without_key


def test_leaving_takes_the_leavers_answers_with_them(pair):
    mine, theirs = pair
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    services.write_reflection(mine, key_for(mine.user), ALICE)
    spaces.leave_space(theirs)
    assert not Reflection.objects.filter(author=theirs.user).exists()
    mine.space.refresh_from_db()
    round = services.current_round(mine)
    assert services.view_round(mine, round, key_for(mine.user)).theirs is None


def test_the_demo_seeds_a_revealed_reflection_and_dreams(db):
    from toward.demo import create_demo

    pair = create_demo()
    round = Round.objects.get(space=pair.space, together=True)
    assert round.revealed_at is not None
    assert alice_key  # the samples module imports cleanly for the permission matrix


def test_start_links_go_to_the_space_or_offer_to_make_one(pair, make_user):
    mine, _ = pair
    home = page_text(client_for(mine.user).get("/"))
    assert "A first reflection" in home and "Dreams and growth" in home
    response = client_for(mine.user).get("/reflection/")
    assert response.status_code == 302 and mine.space_id in response["Location"]
    lonely = make_user("lonely@example.com", "Lee")
    assert "Create a space" in page_text(client_for(lonely).get("/dreams/"))


def test_alone_the_page_says_it_is_a_private_journal(alice):
    mine = spaces.create_space(alice, relationship_type="family", name="Mum")
    client = unlocked(alice)
    url = f"/spaces/{mine.space_id}/reflection/"
    assert "private journal" in page_text(client.get(url))
    client.post(url, {"hard_to_open": "We never talked about feelings at home."})
    page = page_text(client.get(url))
    assert "We never talked about feelings at home." in page
    assert "One small thing to try" in page and "Their answers will appear" not in page


def test_questions_asked_lately_show_under_vulnerability(pair):
    from toward.decks import services as decks
    from toward.reflections import pillars

    mine, theirs = pair
    decks.ask(theirs, "iw-01")
    found = pillars.pillar_map(mine)
    vulnerability = next(p for p in found["pillars"] if p.id == "vulnerability")
    assert [link.title for link in vulnerability.visited] == ["Questions that go deeper"]
    assert found["suggestion"]["pillar"] == "Communication"  # the first quiet pillar


def test_the_panels_stay_cheap_on_the_space_home(pair, django_assert_max_num_queries):
    """The space's home page is hot; each of this app's two panels costs a handful of queries
    (other apps' panels are measured by their own tests)."""
    from toward.reflections import hooks, pillars

    mine, theirs = pair
    services.write_reflection(mine, key_for(mine.user), ALICE)
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    with django_assert_max_num_queries(8):
        assert pillars.panel_context(None, mine) is not None
    with django_assert_max_num_queries(2):
        assert hooks._reflection_panel(mine) is None  # opened: the invitation steps aside


def test_earlier_reflections_stay_readable_and_carry_no_dates(pair):
    mine, theirs = pair
    services.write_reflection(mine, key_for(mine.user), ALICE)
    services.write_reflection(theirs, key_for(theirs.user), BOB)
    first = services.current_round(mine)
    client = unlocked(mine.user)
    assert client.post(f"/spaces/{mine.space_id}/reflection/again/").status_code == 302
    page = page_text(client.get(f"/spaces/{mine.space_id}/reflection/"))
    assert "Written together (1)" in page and "2026" not in page.split("Earlier reflections")[1]
    past = page_text(client.get(f"/spaces/{mine.space_id}/reflections/{first.id}/"))
    assert BOB["closeness"] in past and ALICE["more_of"] in past


def test_a_broken_practice_source_hides_only_itself_on_the_pillars_map(pair, monkeypatch, caplog):
    """The map asks every practice in one query; if that query fails because of one practice,
    it asks practice by practice, and only the broken one shows as quiet."""
    from toward.checkins import services as checkins
    from toward.reflections import pillars

    mine, _ = pair
    checkins.submit_checkin(mine, went_well="A slow breakfast together.")
    since = timezone.now() - pillars.PILLAR_WINDOW
    assert "check-in" in pillars.recent_practices(mine, since)
    broken = Reflection.objects.extra(where=["no_such_column = 1"])
    monkeypatch.setitem(pillars._sources, "broken", lambda membership, since: [broken])
    assert "check-in" in pillars.recent_practices(mine, since)
    assert "broken" not in pillars.recent_practices(mine, since)
    assert "pillar activity source broken failed" in caplog.text


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
def test_the_pillars_map_query_compiled_once_answers_as_the_orm_does(db, settings, zone):
    """recent_practices() runs the map's one query from SQL compiled once per process; it must
    name the same practices as the ORM, for both people, on every database."""
    from datetime import timedelta

    from toward.demo import create_demo
    from toward.reflections import pillars

    settings.TIME_ZONE = zone
    demo = create_demo()  # every practice's demo activity
    assert pillars._compiled() is not None  # every practice hands over querysets
    seen = set()
    for membership in demo.memberships:
        for days in (1, 3, 10, 20, 40):
            since = timezone.now() - timedelta(days=days)
            asked = {
                pid: list(source(membership, since)) for pid, source in pillars._sources.items()
            }
            orm = pillars._any_rows(membership, asked)
            assert pillars.recent_practices(membership, since) == orm, (membership, days)
            seen |= orm
    assert len(seen) >= 5, seen  # compared on practices that have rows, not only empty ones

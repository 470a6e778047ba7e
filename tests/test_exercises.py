"""Guided exercises: the shared runner (ready for both → guided part → not right now → a private
reflection), eye gazing, breathing together, the gratitude round and phone-free time."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient, client_for, page_text
from toward.accounts import services as accounts
from toward.accounts import vault
from toward.checkins import appreciations
from toward.content.library import exercises_content
from toward.core.errors import Conflict, ServiceError
from toward.exercises import hooks, services
from toward.exercises.models import Reflection, Run
from toward.spaces import services as spaces


def unlocked(email: str) -> Client:
    """A browser that logged in with the password, so it carries the person's data key."""
    client = Client()
    response = client.post("/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def both_ready(pair, run: Run) -> Run:
    mine, theirs = pair
    services.ready(mine, run)
    return services.ready(theirs, run)


def on_one_phone(membership, run: Run) -> Run:
    """Two people sharing one phone: each taps their own name."""
    services.ready(membership, run)
    return services.ready(membership, run, other=True)


def later(monkeypatch, seconds: float) -> None:
    moment = timezone.now() + timedelta(seconds=seconds)
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- content --------------------------------------------------------------------------------------


def test_every_exercise_says_what_it_is_why_it_works_and_where_that_comes_from():
    content = exercises_content()
    kinds = {item.kind for item in content.items}
    assert kinds == {"timer", "breathing", "gratitude", "phone_free"}
    for item in content.items:
        assert item.what and item.why and item.steps and item.reflection_prompt
        assert item.sources, item.id
    gazing = services.get_guide("eye-gazing")
    assert (gazing.minutes_min, gazing.minutes_default, gazing.minutes_max) == (2, 3, 5)
    assert "Kellerman" in gazing.sources[0].cite


# --- the runner -----------------------------------------------------------------------------------


def test_it_starts_only_once_both_are_ready(pair):
    mine, theirs = pair
    run = services.start(mine, "eye-gazing")
    assert run.state == "waiting" and run.minutes == 3
    services.ready(mine, run)
    assert run.state == "waiting" and run.started_at is None
    run = services.ready(theirs, run)
    assert run.state == "running"
    assert run.ends_at - run.started_at == timedelta(minutes=3)
    assert run.started_at > timezone.now()  # a short lead-in so two phones begin together


def test_on_one_phone_each_taps_their_own_name_and_it_waits_for_both(pair):
    mine, _ = pair
    run = services.start(mine, "eye-gazing")
    run = services.ready(mine, run, other=True)  # the other person taps first, on my phone
    assert run.state == "waiting" and run.started_at is None
    assert services.view(mine, run).other_is_ready and not services.view(mine, run).i_am_ready
    run = services.ready(mine, run, other=True)  # the same tap twice changes nothing
    assert run.state == "waiting"
    run = services.ready(mine, run)
    assert run.state == "running" and run.started_at > timezone.now()


@pytest.mark.parametrize("first_on_the_shared_phone", [True, False])
def test_taps_from_one_phone_and_from_two_mix(pair, first_on_the_shared_phone):
    mine, theirs = pair
    run = services.start(mine, "eye-gazing")
    if first_on_the_shared_phone:
        run = services.ready(theirs, run, other=True)  # Alice taps her name on Bob's phone
        run = services.ready(theirs, run)  # then Bob taps his own, on his own phone
    else:
        run = services.ready(theirs, run)  # Bob on his own phone
        assert services.view(mine, run).other_is_ready
        run = services.ready(mine, run)  # Alice on hers
    assert run.state == "running"
    assert set(run.ready_marks.values_list("user_id", flat=True)) == {mine.user_id, theirs.user_id}


def test_the_ready_taps_are_labelled_with_each_name_mine_first(pair, alice, bob):
    mine, theirs = pair
    run = services.start(mine, "eye-gazing")
    taps = services.view(theirs, run).taps
    assert [(t.label, t.mine, t.ready) for t in taps] == [
        ("Bob is ready", True, False),
        ("Alice is ready", False, False),
    ]
    services.ready(mine, run)
    assert [t.ready for t in services.view(theirs, run).taps] == [False, True]
    bob.display_name = "Alice"  # two people with one name: the labels still tell them apart
    bob.save()
    labels = [t.label for t in services.view(mine, run).taps]
    assert labels == ["I'm ready", "The other person is ready"]


def test_the_ready_page_offers_a_named_tap_each_and_keeps_stop_in_view(pair):
    mine, theirs = pair
    run = services.start(mine, "breathing-together")
    client = client_for(mine.user)
    url = f"/spaces/{mine.space_id}/exercises/runs/{run.id}/"
    page = client.get(url).content.decode()
    assert 'name="action" value="ready">Alice is ready</button>' in page
    assert 'name="action" value="ready_other" class="secondary">Bob is ready</button>' in page
    assert "Stop — not right now" in page
    assert "one phone" in page and "say it for both" not in page
    assert client.post(url, {"action": "ready_other"}).status_code == 302
    run.refresh_from_db()
    assert run.state == "waiting"
    page = page_text(client.get(url))
    assert "The other person is ready" in page
    assert 'value="ready_other"' not in page and "Bob is ready" in page  # a mark, not a button
    assert 'value="ready">Alice is ready</button>' in page
    assert "Stop — not right now" in page
    client.post(url, {"action": "ready"})
    run.refresh_from_db()
    assert run.state == "running"
    services.stop(theirs, run)
    # The old single "we're both ready" tap is gone: one tap never counts for both.
    fresh = services.start(mine, "eye-gazing")
    url = f"/spaces/{mine.space_id}/exercises/runs/{fresh.id}/"
    client.post(url, {"action": "ready_both"})
    fresh.refresh_from_db()
    assert fresh.state == "waiting" and not fresh.ready_marks.exists()


def test_not_right_now_from_either_ends_it_for_both_without_a_name(pair):
    mine, theirs = pair
    run = both_ready(pair, services.start(mine, "breathing-together"))
    services.stop(theirs, run)
    run.refresh_from_db()
    assert run.state == "stopped"
    page = page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/exercises/runs/{run.id}/"))
    assert "Stopped for now" in page and "that's completely fine" in page
    main = page.split("<main", 1)[1]
    assert "Bob" not in main and "Alice" not in main  # nobody is named as the one who stopped


def test_the_stop_button_is_always_on_the_page_while_it_is_open(pair):
    mine, theirs = pair
    run = services.start(mine, "eye-gazing")
    client = client_for(mine.user)
    url = f"/spaces/{mine.space_id}/exercises/runs/{run.id}/"
    assert "Stop — not right now" in page_text(client.get(url))
    both_ready(pair, run)
    running = page_text(client.get(url))
    assert "Stop — not right now" in running
    response = client.post(url, {"action": "stop"})
    assert response.status_code == 302
    assert page_text(client_for(theirs.user).get(url)).count("Stopped for now") == 1


def test_the_timer_is_computed_from_server_times_and_finishes_by_the_clock(pair, monkeypatch):
    mine, _ = pair
    run = both_ready(pair, services.start(mine, "eye-gazing", minutes=2))
    page = client_for(mine.user).get(f"/spaces/{mine.space_id}/exercises/runs/{run.id}/")
    body = page.content.decode()
    assert f'data-ends-at="{run.ends_at.isoformat()[:19]}' in body
    assert "data-starts-at=" in body and "toward/exercises.js" in body
    assert "<script>" not in body  # the CSP forbids inline script
    later(monkeypatch, 60)
    assert services.get_run(mine, run.id).state == "running"
    later(monkeypatch, 2 * 60 + 6)
    settled = services.get_run(mine, run.id)
    assert settled.state == "finished" and settled.ended_at == settled.ends_at


def test_a_second_phone_polls_only_a_state_and_a_version(pair):
    mine, theirs = pair
    run = services.start(mine, "eye-gazing")
    url = f"/spaces/{mine.space_id}/exercises/runs/{run.id}/state/"
    before = json.loads(client_for(theirs.user).get(url).content)
    services.ready(mine, run)
    after = json.loads(client_for(theirs.user).get(url).content)
    assert set(after) == {"state", "version"}
    assert after["version"] > before["version"] and after["state"] == "waiting"


@pytest.mark.parametrize("minutes", ["1", "6", "0", "10000", "three"])
def test_eye_gazing_lasts_two_to_five_minutes(pair, minutes):
    mine, _ = pair
    response = client_for(mine.user).post(
        f"/spaces/{mine.space_id}/exercises/eye-gazing/", {"minutes": minutes}
    )
    assert response.status_code == 400
    body = page_text(response)
    assert "Choose between 2 and 5 minutes" in body
    assert f'value="{minutes}"' in body  # what was typed is kept
    assert not Run.objects.exists()


def test_breathing_paces(pair):
    mine, _ = pair
    slow = services.start(mine, "breathing-together", pace="slow")
    assert (slow.breathe_in, slow.breathe_out, slow.breaths) == (5, 5, 7)
    services.stop(mine, slow)
    custom = services.start(mine, "breathing-together", pace="custom", breathe_in=3, breathe_out=6)
    custom = on_one_phone(mine, custom)
    assert custom.ends_at - custom.started_at == timedelta(seconds=7 * 9)
    services.stop(mine, custom)
    with pytest.raises(ServiceError) as caught:
        services.start(mine, "breathing-together", pace="custom", breathe_in=11, breathe_out=4)
    assert caught.value.field == "breathe_in"


def test_only_one_exercise_is_open_at_a_time(pair):
    mine, theirs = pair
    first = services.start(mine, "eye-gazing")
    assert services.start(theirs, "eye-gazing").id == first.id  # the same open invitation
    with pytest.raises(Conflict):
        services.start(theirs, "phone-free")


def test_an_unanswered_ready_lapses_quietly(pair, monkeypatch):
    mine, _ = pair
    run = services.start(mine, "eye-gazing")
    later(monkeypatch, services.WAITING_TTL.total_seconds() + 60)
    assert services.get_run(mine, run.id).state == "stopped"
    assert services.open_run(mine) is None


def test_starting_in_a_space_you_left_is_a_clear_error(pair):
    mine, theirs = pair
    spaces.leave_space(mine)
    with pytest.raises(Conflict) as caught:
        services.start(mine, "eye-gazing")
    assert "no longer active" in caught.value.message
    response = client_for(theirs.user).post(
        f"/spaces/{theirs.space_id}/exercises/eye-gazing/", {"minutes": "3"}
    )
    assert response.status_code == 400
    assert "no longer active" in page_text(response)
    gone = client_for(mine.user).get(f"/spaces/{mine.space_id}/exercises/")
    assert gone.status_code == 404


def test_a_waiting_space_cannot_start_an_exercise(alice):
    membership = spaces.create_space(alice, relationship_type="friendship", name="Jo")
    with pytest.raises(Conflict) as caught:
        services.start(membership, "eye-gazing")
    assert "both of you" in caught.value.message


# --- the gratitude round --------------------------------------------------------------------------


def test_gratitude_round_takes_turns_and_keeps_appreciations(pair):
    mine, theirs = pair
    run = on_one_phone(mine, services.start(mine, "gratitude-round"))
    assert services.whose_turn(run).user_id == mine.user_id
    with pytest.raises(Conflict):
        services.gratitude_turn(theirs, run, did="You fixed the bike chain on Sunday.")
    run = services.gratitude_turn(
        mine, run, did="You fixed my bike chain on Sunday.", felt="Looked after", says="Kind"
    )
    assert services.whose_turn(run).user_id == theirs.user_id
    kept = appreciations.view_appreciations(theirs)
    assert [a.did for a in kept] == ["You fixed my bike chain on Sunday."]
    for _ in range(5):
        run = services.gratitude_turn(theirs, run, said_aloud=True)
    assert run.state == "finished" and run.turn == 6
    assert len(appreciations.view_appreciations(mine)) == 1  # said aloud is not written down


def test_gratitude_needs_words_on_the_page_and_keeps_them(pair):
    mine, _ = pair
    run = on_one_phone(mine, services.start(mine, "gratitude-round"))
    client = client_for(mine.user)
    url = f"/spaces/{mine.space_id}/exercises/runs/{run.id}/"
    response = client.post(url, {"action": "appreciation", "did": "", "felt": "warm"})
    assert response.status_code == 400
    assert "Say what they did" in page_text(response)
    assert "warm" in page_text(response)


# --- phone-free time ------------------------------------------------------------------------------


def test_phone_free_time_has_a_log(pair, monkeypatch):
    mine, _ = pair
    run = on_one_phone(mine, services.start(mine, "phone-free", minutes=90))
    assert run.ends_at - run.started_at == timedelta(minutes=90)
    later(monkeypatch, 45 * 60 + 5)
    services.finish(mine, run)
    log = services.phone_free_log(mine)
    assert len(log) == 1 and log[0].minutes == 45 and log[0].planned_minutes == 90
    page = page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/exercises/"))
    assert "45 min" in page and "not a score" in page


def test_phone_free_custom_length(pair):
    mine, _ = pair
    client = client_for(mine.user)
    response = client.post(
        f"/spaces/{mine.space_id}/exercises/phone-free/", {"minutes": "60", "minutes_custom": "25"}
    )
    assert response.status_code == 302
    assert Run.objects.get().minutes == 25


# --- private reflections --------------------------------------------------------------------------


def _all_database_text() -> str:
    chunks = []
    for model in apps.get_models():
        for row in model.objects.all().values():
            chunks.extend(str(value) for value in row.values())
    return "\n".join(chunks)


def test_a_reflection_is_sealed_private_and_asks_for_the_password(pair):
    mine, theirs = pair
    run = services.stop(mine, both_ready(pair, services.start(mine, "eye-gazing")))
    url = f"/spaces/{mine.space_id}/exercises/runs/{run.id}/reflect/"
    asked = client_for(mine.user).get(url)  # logged in, but the key is not unlocked here
    assert asked.status_code == 302 and asked["Location"].startswith("/account/unlock/")

    alice = unlocked("alice@example.com")
    saved = alice.post(url, {"text": "I laughed more than I expected to."})
    assert saved.status_code == 302
    assert "laughed more" not in _all_database_text()
    assert "laughed more" in page_text(alice.get(url))

    bob = unlocked("bob@example.com")
    assert "laughed more" not in page_text(bob.get(url))
    assert "laughed more" not in json.dumps(hooks.export_exercises(theirs.user))
    key = vault.unlock_with_password(mine.user, PASSWORD)
    with_key = accounts.export_user(mine.user, data_key=key)
    assert with_key["exercises"]["reflections"][0]["text"] == "I laughed more than I expected to."
    without = hooks.export_exercises(mine.user)
    assert without["reflections"][0]["text"] is None


def test_a_reflection_waits_until_the_exercise_has_ended(pair):
    mine, _ = pair
    run = services.start(mine, "eye-gazing")
    with pytest.raises(Conflict):
        services.save_reflection(mine, run, b"k" * 32, "Too early")


def test_leaving_takes_my_reflections_and_ends_open_exercises(pair):
    mine, theirs = pair
    done = services.stop(mine, both_ready(pair, services.start(mine, "eye-gazing")))
    key = bytes(32)
    services.save_reflection(mine, done, key, "mine")
    services.save_reflection(theirs, done, key, "theirs")
    waiting = services.start(theirs, "breathing-together")
    spaces.leave_space(mine)
    assert list(Reflection.objects.values_list("user_id", flat=True)) == [theirs.user_id]
    waiting.refresh_from_db()
    assert waiting.state == "stopped"


# --- the API --------------------------------------------------------------------------------------


def test_api_runner_flow_and_errors(pair):
    mine, theirs = pair
    alice, bob = ApiClient(mine.user), ApiClient(theirs.user)
    base = f"/spaces/{mine.space_id}/exercises"
    listing = alice.get(base).json()
    assert {e["id"] for e in listing["exercises"]} >= {"eye-gazing", "phone-free"}
    bad = alice.post(f"{base}/runs", {"exercise": "eye-gazing", "minutes": 10000})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["minutes"]
    run = alice.post(f"{base}/runs", {"exercise": "eye-gazing", "minutes": 4}).json()
    assert run["state"] == "waiting"
    assert alice.post(f"{base}/runs/{run['id']}/ready").json()["state"] == "waiting"
    started = bob.post(f"{base}/runs/{run['id']}/ready").json()
    assert started["state"] == "running" and started["ends_at"]
    stopped = bob.post(f"{base}/runs/{run['id']}/stop").json()
    assert stopped["state"] == "stopped"
    assert alice.get(f"{base}/runs/{run['id']}").json()["state"] == "stopped"
    again = alice.post(f"{base}/runs/{run['id']}/ready")
    assert again.status_code == 409


def test_api_ready_names_who_on_a_shared_device(pair):
    mine, theirs = pair
    alice = ApiClient(mine.user)
    base = f"/spaces/{mine.space_id}/exercises"
    run = alice.post(f"{base}/runs", {"exercise": "eye-gazing"}).json()
    ready = f"{base}/runs/{run['id']}/ready"
    assert alice.post(ready, {"for_both": True}).status_code == 422  # one tap never counts for both
    assert alice.post(ready, {"who": "everyone"}).status_code == 422
    other = alice.post(ready, {"who": "other"}).json()
    assert other["state"] == "waiting"
    assert (other["i_am_ready"], other["other_is_ready"]) == (False, True)
    assert ApiClient(theirs.user).get(f"{base}/runs/{run['id']}").json()["i_am_ready"] is True
    started = alice.post(ready, {"who": "me"}).json()
    assert started["state"] == "running"
    assert (started["i_am_ready"], started["other_is_ready"]) == (True, True)


def test_why_this_works_links_to_the_explainers_behind_exercises(pair):
    mine, _ = pair
    client = client_for(mine.user)
    link = '<a href="/learn/?practice=exercises">Why this works</a>'
    for url in (
        f"/spaces/{mine.space_id}/exercises/",
        f"/spaces/{mine.space_id}/exercises/eye-gazing/",
    ):
        assert link in client.get(url).content.decode(), url
    learn = page_text(client.get("/learn/?practice=exercises"))
    assert "Why guided exercises works" in learn and "Feeling with each other" in learn


def test_space_panel_invites_without_pressure(pair):
    mine, theirs = pair
    client = client_for(theirs.user)
    assert "Choose an exercise" in page_text(client.get(f"/spaces/{theirs.space_id}/"))
    services.start(mine, "eye-gazing")
    page = page_text(client.get(f"/spaces/{theirs.space_id}/"))
    assert "Eye gazing is open, whenever you're both ready" in page
    assert "Not right now is fine too" in page


def test_demo_seeder_adds_finished_exercises(pair):
    from types import SimpleNamespace

    mine, theirs = pair
    demo = SimpleNamespace(memberships=[mine, theirs], started=timezone.now() - timedelta(days=24))
    hooks.seed_demo(demo)
    assert Run.objects.filter(state="finished").count() == 6
    assert len(services.phone_free_log(mine)) == 3


def test_vague_thanks_get_a_gentle_nudge_first(pair):
    mine, _ = pair
    run = on_one_phone(mine, services.start(mine, "gratitude-round"))
    client = client_for(mine.user)
    url = f"/spaces/{mine.space_id}/exercises/runs/{run.id}/"
    nudged = client.post(url, {"action": "appreciation", "did": "Thanks for everything"})
    assert nudged.status_code == 200
    assert "more specific" in page_text(nudged)
    assert appreciations.view_appreciations(mine) == []  # nothing kept yet
    kept = client.post(
        url, {"action": "appreciation", "did": "Thanks for everything", "as_it_is": "1"}
    )
    assert kept.status_code == 302
    assert [a.did for a in appreciations.view_appreciations(mine)] == ["Thanks for everything"]

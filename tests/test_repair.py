"""Repair after conflict and the pause: private parts opened together, no blame and no
scorekeeping, and pauses whose reminders come at the agreed time and only then."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient, client_for, page_text
from toward.content.library import repair_content
from toward.core.errors import Conflict, ServiceError
from toward.repair import hooks, pauses, services
from toward.repair.models import Notice, Pause, Repair, RepairPart
from toward.spaces import services as spaces

PARTS = {
    "my_part": "I raised my voice about the dishes.",
    "felt": "Tired and unseen.",
    "ask": "What was the evening like for you?",
    "reconnect": "A walk after dinner.",
}
OTHER_PARTS = {
    "my_part": "I went quiet instead of saying I was hurt.",
    "felt": "Overwhelmed.",
    "ask": "What did you need from me right then?",
    "reconnect": "A long hug.",
}
BLAME_WORDS = re.compile(r"\b(blame|fault|guilty|wrong|who started|you always|you never)\b", re.I)


def unlocked(email: str) -> Client:
    client = Client()
    assert client.post("/login/", {"username": email, "password": PASSWORD}).status_code == 302
    return client


def at(monkeypatch, moment) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- the pause ------------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", ["0", "10000", "19", "-5", "soon"])
def test_a_pause_is_twenty_minutes_to_four_hours(pair, minutes):
    mine, _ = pair
    response = client_for(mine.user).post(
        f"/spaces/{mine.space_id}/pause/", {"minutes": minutes, "note": "back soon"}
    )
    assert response.status_code == 400
    body = page_text(response)
    assert "A pause can be from 20 to 240 minutes" in body
    assert 'value="back soon"' in body  # what was typed is kept
    assert not Pause.objects.exists()


def test_api_refuses_bad_breaks_and_a_second_pause(pair):
    mine, theirs = pair
    api = ApiClient(mine.user)
    for minutes in (0, 10_000):
        bad = api.post(f"/spaces/{mine.space_id}/pauses", {"minutes": minutes})
        assert bad.status_code == 400
        assert bad.json()["error"]["code"] == "invalid_minutes"
    first = api.post(f"/spaces/{mine.space_id}/pauses", {})
    assert first.status_code == 201 and first.json()["minutes"] == pauses.BREAK_DEFAULT
    second = ApiClient(theirs.user).post(f"/spaces/{mine.space_id}/pauses", {"minutes": 30})
    assert second.status_code == 409
    assert "already on" in second.json()["error"]["message"]


def test_the_other_person_is_told_only_the_time(pair, make_user):
    mine, theirs = pair
    theirs.user.time_zone = "Europe/Berlin"
    theirs.user.save()
    pause = pauses.ask_for_pause(mine, minutes=30, note="I'm getting flooded, back soon")
    notices = pauses.notices_for(theirs)
    back = pauses.local_time(theirs.user, pause.return_at)
    assert [n.text for n in notices] == [f"A pause was asked for. Back at {back}."]
    assert pauses.notices_for(mine) == []  # the one who asked is not notified
    page = page_text(client_for(theirs.user).get(f"/spaces/{theirs.space_id}/"))
    assert f"A pause was asked for. Back at {back}." in page
    assert "flooded" not in page  # the note is on the pause page only
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]
    message = mail.outbox[0]
    assert message.subject == "Toward — something new for you"
    assert "flooded" not in message.body and "Alice" not in message.body


def test_reminder_comes_at_the_agreed_time_and_not_before(pair, monkeypatch):
    mine, theirs = pair
    start = timezone.now()
    pause = pauses.ask_for_pause(mine, minutes=25)
    Notice.objects.all().delete()
    due = pause.return_at
    at(monkeypatch, due - timedelta(seconds=1))
    from toward.repair.tasks import remind_pause

    assert remind_pause.call(pause_id=pause.id, due=due.isoformat()) is False
    assert not Notice.objects.exists()
    at(monkeypatch, due)
    assert remind_pause.call(pause_id=pause.id, due=due.isoformat()) is True
    texts = {n.user_id: n.kind for n in Notice.objects.all()}
    assert texts == {mine.user_id: "back", theirs.user_id: "back"}
    assert remind_pause.call(pause_id=pause.id, due=due.isoformat()) is False  # only once
    assert due - start >= timedelta(minutes=25)


def test_a_pause_ended_early_sends_no_reminder(pair, monkeypatch):
    mine, theirs = pair
    pause = pauses.ask_for_pause(mine, minutes=20)
    pauses.end_pause(theirs, pause)
    at(monkeypatch, pause.return_at + timedelta(minutes=1))
    from toward.repair.tasks import remind_pause

    assert remind_pause.call(pause_id=pause.id, due=pause.return_at.isoformat()) is False
    pauses.deliver_due(mine.space_id)
    assert not Notice.objects.filter(kind="back").exists()
    ended = Notice.objects.get(kind="ended")
    assert ended.user_id == mine.user_id  # the other one is told it ended, not by whom


def test_a_pause_can_be_extended_once_and_reminds_at_the_new_time(pair, monkeypatch):
    mine, theirs = pair
    pause = pauses.ask_for_pause(mine, minutes=20)
    old_due = pause.return_at
    pause = pauses.extend_pause(theirs, pause, minutes=15)
    assert pause.return_at == old_due + timedelta(minutes=15) and pause.minutes == 35
    with pytest.raises(Conflict) as caught:
        pauses.extend_pause(mine, pause, minutes=10)
    assert caught.value.code == "already_extended"
    from toward.repair.tasks import remind_pause

    at(monkeypatch, old_due + timedelta(seconds=1))
    assert remind_pause.call(pause_id=pause.id, due=old_due.isoformat()) is False
    at(monkeypatch, pause.return_at)
    assert remind_pause.call(pause_id=pause.id, due=pause.return_at.isoformat()) is True


def test_pages_deliver_a_due_reminder_if_the_worker_was_down(pair, monkeypatch):
    mine, theirs = pair
    pause = pauses.ask_for_pause(mine, minutes=20)
    at(monkeypatch, pause.return_at + timedelta(minutes=2))
    page = page_text(client_for(theirs.user).get(f"/spaces/{theirs.space_id}/"))
    assert "It's time to come back to your conversation" in page
    assert Notice.objects.filter(kind="back").count() == 2


def test_a_repair_can_start_from_a_pause(pair, monkeypatch):
    mine, theirs = pair
    pause = pauses.ask_for_pause(mine, minutes=20)
    at(monkeypatch, pause.return_at + timedelta(seconds=5))
    client = client_for(theirs.user)
    page = page_text(client.get(f"/spaces/{theirs.space_id}/pauses/{pause.id}/"))
    assert "Welcome back" in page and "Start a repair" in page
    response = client.post(f"/spaces/{theirs.space_id}/repairs/new/", {"pause_id": pause.id})
    assert response.status_code == 302
    assert Repair.objects.get().pause_id == pause.id


def test_a_stranger_cannot_link_a_repair_to_someone_elses_pause(pair, mallory):
    mine, _ = pair
    pause = pauses.ask_for_pause(mine, minutes=20)
    own = spaces.spaces_for_nav(mallory)[0]
    response = client_for(mallory).post(
        f"/spaces/{own.space_id}/repairs/new/", {"pause_id": pause.id}
    )
    assert response.status_code == 404


# --- repair ---------------------------------------------------------------------------------------


def test_parts_open_only_when_both_have_written(pair):
    mine, theirs = pair
    repair = services.start_repair(mine)
    services.write_parts(mine, repair, **PARTS)
    assert services.view_repair(theirs, repair).theirs is None
    assert services.view_repair(theirs, repair).state == "to_write"
    bob_api = ApiClient(theirs.user).get(f"/spaces/{mine.space_id}/repairs/{repair.id}").json()
    assert bob_api["theirs"] is None and bob_api["mine"] is None
    assert set(bob_api) == {"id", "state", "mine", "theirs", "from_pause", "locked"}  # no times
    bob = unlocked("bob@example.com")
    page = page_text(bob.get(f"/spaces/{mine.space_id}/repairs/{repair.id}/"))
    assert "dishes" not in page and "started" not in page.lower()

    repair = services.write_parts(theirs, repair, **OTHER_PARTS)
    assert repair.revealed_at is not None
    view = services.view_repair(mine, repair)
    assert view.state == "open" and view.theirs == OTHER_PARTS and view.mine == PARTS
    page = page_text(bob.get(f"/spaces/{mine.space_id}/repairs/{repair.id}/"))
    assert "dishes" in page and "long hug" in page
    response = bob.post(f"/spaces/{mine.space_id}/repairs/{repair.id}/reconnected/")
    assert response.status_code == 302
    assert services.view_repair(mine, Repair.objects.get()).state == "reconnected"


def test_reconnected_waits_for_both_parts(pair):
    mine, _ = pair
    repair = services.start_repair(mine)
    with pytest.raises(Conflict):
        services.mark_reconnected(mine, repair)


def test_every_part_is_needed_and_what_was_typed_is_kept(pair):
    mine, _ = pair
    repair = services.start_repair(mine)
    alice = unlocked("alice@example.com")
    response = alice.post(f"/spaces/{mine.space_id}/repairs/{repair.id}/", {**PARTS, "felt": "   "})
    assert response.status_code == 400
    body = page_text(response)
    assert "Please write a few words for “How I felt during it”" in body
    assert "I raised my voice about the dishes." in body
    with pytest.raises(ServiceError):
        services.write_parts(mine, repair, **{**PARTS, "ask": "x" * 2001})


def test_the_repair_page_asks_for_the_password_after_a_quiet_while(pair):
    mine, _ = pair
    repair = services.start_repair(mine)
    asked = client_for(mine.user).get(f"/spaces/{mine.space_id}/repairs/{repair.id}/")
    assert asked.status_code == 302 and asked["Location"].startswith("/account/unlock/")


def test_nothing_counts_who_starts_repairs(pair):
    mine, theirs = pair
    first = services.start_repair(mine)
    assert services.start_repair(theirs).id == first.id  # the same open repair, for both
    fields = {f.name for f in Repair._meta.get_fields()} | {
        f.name for f in RepairPart._meta.get_fields()
    }
    assert not {"started_by", "created_by", "author", "initiator"} & fields


def test_no_words_of_blame_in_repair_content_or_pages(pair):
    content = repair_content()
    text = json.dumps(content.model_dump())
    assert not BLAME_WORDS.search(text), BLAME_WORDS.search(text)
    mine, _ = pair
    repair = services.start_repair(mine)
    alice = unlocked("alice@example.com")
    for url in (
        f"/spaces/{mine.space_id}/repair/",
        f"/spaces/{mine.space_id}/repairs/{repair.id}/",
        f"/spaces/{mine.space_id}/pause/",
    ):
        main = page_text(alice.get(url)).split("<main", 1)[1]
        assert not BLAME_WORDS.search(main), (url, BLAME_WORDS.search(main))


def _all_database_text() -> str:
    chunks = []
    for model in apps.get_models():
        for row in model.objects.all().values():
            chunks.extend(str(value) for value in row.values())
    return "\n".join(chunks)


def test_parts_are_sealed_at_rest(pair):
    mine, _ = pair
    services.write_parts(mine, services.start_repair(mine), **PARTS)
    assert "dishes" not in _all_database_text()


def test_api_repair_flow(pair):
    mine, theirs = pair
    alice, bob = ApiClient(mine.user), ApiClient(theirs.user)
    repair = alice.post(f"/spaces/{mine.space_id}/repairs", {}).json()
    assert repair["state"] == "to_write"
    url = f"/spaces/{mine.space_id}/repairs/{repair['id']}"
    assert alice._send("put", f"{url}/parts", PARTS).json()["state"] == "waiting"
    opened = bob._send("put", f"{url}/parts", OTHER_PARTS).json()
    assert opened["state"] == "open" and opened["theirs"] == PARTS
    assert bob.post(f"{url}/reconnected").json()["state"] == "reconnected"
    assert [r["state"] for r in alice.get(f"/spaces/{mine.space_id}/repairs").json()] == [
        "reconnected"
    ]


# --- leaving, export, demo ------------------------------------------------------------------------


def test_leaving_takes_my_parts_and_ends_a_running_pause(pair, monkeypatch):
    mine, theirs = pair
    repair = services.start_repair(mine)
    services.write_parts(mine, repair, **PARTS)
    services.write_parts(theirs, repair, **OTHER_PARTS)
    pause = pauses.ask_for_pause(mine, minutes=20, note="I need a moment")
    spaces.leave_space(mine)
    assert list(RepairPart.objects.values_list("user_id", flat=True)) == [theirs.user_id]
    pause.refresh_from_db()
    assert pause.ended_at is not None and pause.note == ""
    at(monkeypatch, pause.return_at + timedelta(minutes=1))
    from toward.repair.tasks import remind_pause

    assert remind_pause.call(pause_id=pause.id, due=pause.return_at.isoformat()) is False


def test_export_holds_only_my_parts_and_my_note(pair):
    mine, theirs = pair
    repair = services.start_repair(mine)
    services.write_parts(mine, repair, **PARTS)
    services.write_parts(theirs, repair, **OTHER_PARTS)
    pauses.ask_for_pause(theirs, minutes=20, note="Back in a bit")
    data = hooks.export_repair(mine.user)
    dumped = json.dumps(data)
    assert "dishes" in dumped and "long hug" not in dumped and "Back in a bit" not in dumped
    assert "Back in a bit" in json.dumps(hooks.export_repair(theirs.user))


def test_demo_seeder(pair):
    mine, theirs = pair
    demo = SimpleNamespace(memberships=[mine, theirs], started=timezone.now() - timedelta(days=24))
    hooks.seed_demo(demo)
    repair = Repair.objects.get()
    assert services.view_repair(theirs, repair).state == "reconnected"
    assert pauses.running_pause(mine) is None


def test_self_check_saves_nothing(alice):
    client = client_for(alice)
    page = page_text(client.get("/repair/self-check/"))
    assert "Nothing is saved" in page and page.count('value="not_yet"') == 5
    answered = page_text(client.post("/repair/self-check/", {"can-pause": "not_yet"}))
    assert "one small change is enough" in answered
    assert "I can ask for a pause" in answered.split("one small change is enough", 1)[1]


# --- why this works -------------------------------------------------------------------------------


def test_why_this_works_links_from_the_repair_and_pause_pages(pair):
    mine, _ = pair
    client = unlocked("alice@example.com")
    pause = pauses.ask_for_pause(mine, minutes=20)
    repair = services.start_repair(mine)
    link = '<a href="/learn/?practice=repair">Why this works</a>'
    for url in (
        f"/spaces/{mine.space_id}/repair/",
        f"/spaces/{mine.space_id}/pause/",
        f"/spaces/{mine.space_id}/pauses/{pause.id}/",
        f"/spaces/{mine.space_id}/repairs/{repair.id}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert link in response.content.decode(), url
    assert "Why when things get hard works" in page_text(client.get("/learn/?practice=repair"))

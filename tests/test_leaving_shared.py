"""Leaving with or without what the pair shared (PRODUCT.md section 2, SAFETY-CHECKLIST item 12).

Alice and Bob share things in every practice; Alice also keeps private and unopened things. Then
Alice leaves through the real page or the API:

- with "Leave what we shared readable for Bob" ticked, Bob's pages, API answers and export still
  show everything he could already read, and none of Alice's private or unopened things, which
  are gone from the database too (her own sealed copies of what stays included);
- by default, Bob sees none of Alice's words anywhere, her dream and memory answer him 404, and
  the database no longer holds them.

Bob's side is read by crawling every page route and every GET of the OpenAPI document that the
planted objects can fill (the crawl of tests/test_permissions.py), unlocked, as he would.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta
from itertools import product

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient, page_text
from tests.test_permissions import PARAM, _walk
from tests.test_vault import _all_database_text
from toward.accounts import vault
from toward.assessments import services as assessments
from toward.assessments.models import Result
from toward.challenge import services as challenge
from toward.challenge.models import Challenge, DayMark, WeekReflection
from toward.checkins import appreciations
from toward.checkins import services as checkins
from toward.checkins.models import CheckIn
from toward.decks import services as decks
from toward.decks.daily import pool
from toward.exercises import services as exercises
from toward.exercises.models import Reflection as ExerciseReflection
from toward.experiences import services as experiences
from toward.reflections import dreams
from toward.reflections import services as reflections
from toward.reflections.models import Reflection
from toward.repair import pauses
from toward.repair import services as repair
from toward.repair.models import Pause, RepairPart
from toward.spaces import services as spaces
from toward.spaces.models import Membership

pytestmark = pytest.mark.django_db

# Alice's words Bob could already read: they stay only when she chooses so.
SHARED = {
    "checkin": "shared-checkin-5a1",
    "early": "early-checkin-5aa",
    "appreciation": "shared-appreciation-5a2",
    "answer": "shared-answer-5a3",
    "reflection": "shared-reflection-5a4",
    "dream": "shared-dream-5a5",
    "cheer": "shared-cheer-5a6",
    "repair": "shared-repair-5a7",
    "week": "shared-week-5a8",
    "memory": "shared-memory-5a9",
}
# Alice's private or unopened words: never Bob's to read, and gone from the database either way.
PRIVATE = {
    "note": "private-note-7b1",
    "checkin": "unrevealed-checkin-7b2",
    "draft": "draft-appreciation-7b3",
    "answer": "unrevealed-answer-7b4",
    "journal": "journal-7b5",
    "reflection": "unrevealed-reflection-7b6",
    "repair": "unrevealed-repair-7b7",
    "week": "unrevealed-week-7b9",
    "mark": "daymark-note-7ba",
    "exercise": "exercise-reflection-7bb",
}
# Bob could read these, but they were about a moment or a plan that leaving ends: they go either
# way (a pause note, a plan she proposed).
ENDED = {"pause": "pause-note-7b8", "plan": "plan-7bc"}
# In plain text at rest, so a scan of every table can find them while they are there (a private
# draft is sealed to its author's key, so no scan finds it at any time).
PLAIN_PRIVATE = ["checkin", "answer"]
PLAIN_SHARED = ["checkin", "early", "appreciation", "answer", "dream", "cheer", "memory"]
# Routes that would end Bob's session or start something, not show him anything.
SKIP = re.compile(r"^(logout/|quick-exit/|account/erase/|theme/|bench/)")

_STYLES = [
    {
        "words-give": 4, "words-receive": 3, "touch-give": 1, "touch-receive": 2,
        "time-give": 3, "time-receive": 4, "gestures-give": 1, "gestures-receive": 1,
        "direct": 4, "quiet": 1,
    },
    {
        "words-give": 1, "words-receive": 4, "touch-give": 4, "touch-receive": 4,
        "time-give": 3, "time-receive": 3, "gestures-give": 4, "gestures-receive": 2,
        "direct": 1, "quiet": 4,
    },
]  # fmt: skip


def key_for(user) -> bytes:
    return vault.unlock_with_password(user, PASSWORD) or vault.create_keys(user, PASSWORD)[0]


def unlocked(user) -> Client:
    client = Client()
    assert client.post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def _plant(alice, bob) -> tuple[Membership, Membership, dict[str, list[str]]]:
    """Alice writes a journal alone, Bob joins, and they share something in every practice while
    Alice keeps private and unopened things too. Returns both memberships and the ids to crawl."""
    a_key, b_key = key_for(alice), key_for(bob)
    mine = spaces.create_space(alice, relationship_type="romantic", name="Bob and me")
    reflections.write_reflection(mine, a_key, {"closeness": PRIVATE["journal"]})
    theirs = spaces.join_space(bob, code=spaces.create_invitation(mine).code, name="Alice and me")
    mine.space.refresh_from_db()
    ids = {"space_id": [mine.space_id]}
    for plant in (_checkins_and_questions, _written_for_two, _challenge, _the_rest):
        ids.update(plant(mine, theirs, a_key, b_key))
    return mine, theirs, ids


def _checkins_and_questions(mine, theirs, a_key, b_key) -> dict[str, list[str]]:
    """Check-ins on a day both checked in, a day only Alice did, today shared early;
    appreciations shared and drafted; a question both answered and one only Alice did."""
    now = timezone.now()
    yesterday = now - timedelta(days=1)
    checkins.submit_checkin(
        mine, went_well=SHARED["checkin"], private_note=PRIVATE["note"], data_key=a_key,
        now=yesterday,
    )  # fmt: skip
    checkins.submit_checkin(theirs, went_well="bob checked in too", now=yesterday)
    checkins.submit_checkin(mine, went_well=PRIVATE["checkin"], now=now - timedelta(days=2))
    checkins.submit_checkin(mine, went_well=SHARED["early"], now=now)
    checkins.share_now(mine, now=now)
    appreciations.add_appreciation(mine, did=SHARED["appreciation"])
    appreciations.add_appreciation(mine, did=PRIVATE["draft"], is_private=True)
    first_ref, second_ref = [card.ref for card in pool(mine.space)][:2]
    opened = decks.ask(theirs, first_ref)
    decks.answer(mine, opened, SHARED["answer"])
    decks.answer(theirs, opened, "bob's answer")
    waiting = decks.ask(theirs, second_ref)
    decks.answer(mine, waiting, PRIVATE["answer"])
    return {"exchange_id": [opened.id, waiting.id]}


def _written_for_two(mine, theirs, a_key, b_key) -> dict[str, list[str]]:
    """A first-reflection round and a repair both wrote, and one of each only Alice wrote; her
    pause note; dreams (shared on purpose) and her cheer on Bob's."""
    reflections.write_reflection(mine, a_key, {"closeness": SHARED["reflection"]})
    reflections.write_reflection(theirs, b_key, {"closeness": "bob's reflection"})
    first_round = reflections.current_round(mine)
    reflections.begin_again(mine)
    reflections.write_reflection(mine, a_key, {"closeness": PRIVATE["reflection"]})
    parts = {"felt": "tired", "ask": "a slower start", "reconnect": "a walk"}
    opened = repair.start_repair(mine)
    repair.write_parts(mine, opened, my_part=SHARED["repair"], **parts)
    repair.write_parts(theirs, opened, my_part="bob's part", **parts)
    waiting = repair.start_repair(mine)
    repair.write_parts(mine, waiting, my_part=PRIVATE["repair"], **parts)
    pause = pauses.ask_for_pause(mine, minutes=20, note=ENDED["pause"])
    dream = dreams.add_dream(mine, title=SHARED["dream"])
    bobs_dream = dreams.add_dream(theirs, title="bob's dream")
    dreams.add_note(mine, bobs_dream, kind="cheer", text=SHARED["cheer"])
    return {
        "round_id": [first_round.id],
        "repair_id": [opened.id, waiting.id],
        "pause_id": [pause.id],
        "dream_id": [dream.id, bobs_dream.id],
    }


def _challenge(mine, theirs, a_key, b_key) -> dict[str, list[str]]:
    """Week 1 both wrote, week 2 only Alice; a day done with her note, a day she let go; and a
    challenge of her own."""
    started = timezone.now() - timedelta(days=15)
    shared = challenge.start_challenge(mine, together=True, now=started)
    week_one, week_two = started + timedelta(days=7), started + timedelta(days=14)
    challenge.write_reflection(mine, shared, a_key, 1, {"text": SHARED["week"]}, now=week_one)
    challenge.write_reflection(theirs, shared, b_key, 1, {"text": "bob week"}, now=week_one)
    challenge.write_reflection(mine, shared, a_key, 2, {"text": PRIVATE["week"]}, now=week_two)
    challenge.mark_day(mine, shared, 1, "done", note=PRIVATE["mark"], data_key=a_key, now=started)
    challenge.mark_day(mine, shared, 2, "let_go", now=started + timedelta(days=1))
    challenge.start_challenge(mine, together=False)
    return {"challenge_id": [shared.id], "day": ["1", "2"], "week": ["1", "2"]}


def _the_rest(mine, theirs, a_key, b_key) -> dict[str, list[str]]:
    """Her private reflection after an exercise; a memory and a plan she proposed; one result
    shared and one kept; both shared their expression styles."""
    now = timezone.now()
    run = exercises.stop(mine, exercises.start(mine, "eye-gazing"))
    exercises.save_reflection(mine, run, a_key, PRIVATE["exercise"])
    memory = experiences.add_memory(
        mine, title=SHARED["memory"], happened_on=(now - timedelta(days=3)).date()
    )
    experiences.propose(mine, when=now + timedelta(days=5), title=ENDED["plan"])
    answers = {item.id: 1 for item in assessments.get_assessment("connection-builder").items}
    shared = assessments.submit(mine, "connection-builder", answers, a_key, recent=set())
    assessments.share(mine, shared, a_key)
    kept = assessments.submit(mine, "connection-builder", answers, a_key, recent=set())
    for membership, key, styles in ((mine, a_key, _STYLES[0]), (theirs, b_key, _STYLES[1])):
        result = assessments.submit(membership, assessments.STYLES_ID, styles, key, recent=set())
        assessments.share(membership, result, key)
    return {
        "run_id": [run.id],
        "memory_id": [memory.id],
        "result_id": [shared.id, kept.id],
        "assessment_id": ["connection-builder", assessments.STYLES_ID],
    }


def _crawl(user, ids: dict[str, list[str]]) -> tuple[str, dict[str, int], str]:
    """Everything `user` can read, unlocked: every page route and API GET the ids can fill
    (text of the 200s, and each path's status), and their JSON export."""
    from toward.api.main import api

    client = unlocked(user)
    token = ApiClient(user, data_key=key_for(user))
    texts, statuses = [], {}

    def fill(route: str, names: list[str], pattern):
        for combo in product(*(ids[n] for n in names)):
            chosen = dict(zip(names, combo, strict=True))
            yield pattern.sub(lambda m, chosen=chosen: chosen[m.group("name")], route)

    for route, _ in _walk(get_resolver().url_patterns):
        names = [m.group("name") for m in PARAM.finditer(route)]
        if route.startswith("api/") or SKIP.match(route) or any(n not in ids for n in names):
            continue
        for path in fill(route, names, PARAM):
            response = client.get("/" + path)
            statuses["/" + path] = response.status_code
            if response.status_code == 200:
                texts.append(page_text(response))
    api_param = re.compile(r"{(?P<name>\w+)}")
    for route, methods in api.get_openapi_schema()["paths"].items():
        names = api_param.findall(route)
        if "get" not in methods or any(n not in ids for n in names):
            continue
        for path in fill(route, names, api_param):
            response = token.client.get(path, **token.headers)
            statuses["api " + path.removeprefix("/api/v1")] = response.status_code
            if response.status_code == 200:
                texts.append(response.content.decode())
    export = client.get("/account/export.json")
    assert export.status_code == 200  # still signed in and unlocked after the crawl
    exported = json.dumps(json.loads(export.content), ensure_ascii=False)
    return "\n".join(texts), statuses, exported


def _leave_through_the_page(
    membership, *, keep_shared: bool, password: str = PASSWORD, client=None
):
    form = {"password": password}
    if keep_shared:
        form["keep_shared"] = "on"
    client = client or unlocked(membership.user)
    return client.post(f"/spaces/{membership.space_id}/leave/", form)


def _left(membership) -> bool:
    return Membership.objects.get(pk=membership.pk).left_at is not None


def test_leaving_what_was_shared_readable_keeps_only_what_both_saw(alice, bob):
    mine, theirs, ids = _plant(alice, bob)
    before, _, export_before = _crawl(bob, ids)
    # Bob could read every shared thing before, and nothing private.
    assert [k for k, text in {**SHARED, **ENDED}.items() if text not in before] == []
    assert [k for k, text in PRIVATE.items() if text in before + export_before] == []
    in_export = {k for k, text in SHARED.items() if text in export_before}
    everything = _all_database_text()
    plain = [PRIVATE[k] for k in PLAIN_PRIVATE] + list(ENDED.values())
    assert all(text in everything for text in plain)  # the scan can find them

    page = unlocked(alice).get(f"/spaces/{mine.space_id}/leave/")
    assert 'name="keep_shared"' in page.content.decode()
    assert "checked" not in re.search(r"<input[^>]*keep_shared[^>]*>", page.content.decode())[0]
    assert "Leave what we shared readable for Bob" in page_text(page)
    response = _leave_through_the_page(mine, keep_shared=True)
    assert response.status_code == 302 and _left(mine)

    after, statuses, export_after = _crawl(bob, ids)
    assert [k for k, text in SHARED.items() if text not in after] == []
    assert {k for k, text in SHARED.items() if text in export_after} == in_export
    gone = {**PRIVATE, **ENDED}
    assert [k for k, text in gone.items() if text in after + export_after] == []
    everything = _all_database_text()
    assert [text for text in plain if text in everything] == []
    # What stays is the copy Bob reads; Alice's own sealed copies and private notes are gone.
    space_id = mine.space_id
    assert not CheckIn.objects.filter(author=alice).exclude(sealed_note="").exists()
    assert CheckIn.objects.filter(author=alice).count() == 2  # the day both wrote, and today
    kept_reflections = Reflection.objects.filter(author=alice)
    assert [(r.round_id, r.sealed) for r in kept_reflections] == [(ids["round_id"][0], "")]
    assert RepairPart.objects.filter(user=alice).count() == 1
    assert list(WeekReflection.objects.filter(author=alice).values_list("week", "sealed")) == [
        (1, "")
    ]
    assert list(DayMark.objects.filter(author=alice).values_list("day", "state", "note")) == [
        (1, "done", "")
    ]
    assert not Challenge.objects.filter(owner=alice).exists()
    assert not ExerciseReflection.objects.filter(user=alice).exists()
    assert not Pause.objects.filter(space_id=space_id).exclude(note="").exists()
    kept_results = Result.objects.filter(author=alice)
    assert kept_results.count() == 2 and all(r.shared_at for r in kept_results)
    assert {(r.summary, r.sealed_answers) for r in kept_results} == {("", "")}
    # Bob reads them where he always did, with his own key: the shared result and both styles.
    token = ApiClient(bob, data_key=key_for(bob))
    shared = token.get(f"/spaces/{space_id}/assessments-shared").json()
    assert [s["assessment"] for s in shared] == ["connection-builder"]
    assert token.get(f"/spaces/{space_id}/shared-language").json()["ready"] is True
    assert statuses[f"/spaces/{space_id}/dreams/{ids['dream_id'][0]}/"] == 200
    assert statuses[f"api /spaces/{space_id}/memories/{ids['memory_id'][0]}"] == 200


def test_leaving_by_default_takes_everything_of_theirs(alice, bob, api):
    mine, theirs, ids = _plant(alice, bob)
    response = api(alice).post(f"/spaces/{mine.space_id}/leave", {"password": PASSWORD})
    assert response.status_code == 200 and _left(mine)

    after, statuses, export_after = _crawl(bob, ids)
    words = {**{f"shared {k}": v for k, v in SHARED.items()}, **PRIVATE, **ENDED}
    assert [k for k, text in words.items() if text in after + export_after] == []
    everything = _all_database_text()
    plain = [SHARED[k] for k in PLAIN_SHARED] + [PRIVATE[k] for k in PLAIN_PRIVATE]
    plain += list(ENDED.values())
    assert [text for text in plain if text in everything] == []
    # Her dream and her memory answer Bob 404, on the page and through the API.
    space_id, dream_id, memory_id = mine.space_id, ids["dream_id"][0], ids["memory_id"][0]
    assert statuses[f"/spaces/{space_id}/dreams/{dream_id}/"] == 404
    assert statuses[f"/spaces/{space_id}/memories/{memory_id}/"] == 404
    assert statuses[f"api /spaces/{space_id}/memories/{memory_id}"] == 404
    for model, field in (
        (CheckIn, "author"), (Reflection, "author"), (RepairPart, "user"),
        (WeekReflection, "author"), (DayMark, "author"), (Result, "author"),
    ):  # fmt: skip
        assert not model.objects.filter(**{field: alice}).exists(), model
    token = ApiClient(bob, data_key=key_for(bob))
    assert token.get(f"/spaces/{space_id}/assessments-shared").json() == []
    assert token.get(f"/spaces/{space_id}/shared-language").json()["ready"] is False


def test_the_choice_through_the_api_and_the_unticked_page(alice, bob, make_user, api):
    mine, theirs = _small_pair(alice, bob)
    response = api(alice).post(
        f"/spaces/{mine.space_id}/leave", {"password": PASSWORD, "keep_shared": True}
    )
    assert response.status_code == 200
    assert SHARED["memory"] in _bobs_memories(theirs)

    carol, dan = make_user("carol@example.com", "Carol"), make_user("dan@example.com", "Dan")
    mine, theirs = _small_pair(carol, dan)
    assert _leave_through_the_page(mine, keep_shared=False).status_code == 302
    assert SHARED["memory"] not in _bobs_memories(theirs)


def _small_pair(first, second) -> tuple[Membership, Membership]:
    mine = spaces.create_space(first, relationship_type="friendship", name="Us")
    theirs = spaces.join_space(second, code=spaces.create_invitation(mine).code, name="Us")
    mine.space.refresh_from_db()
    experiences.add_memory(mine, title=SHARED["memory"], happened_on=timezone.localdate())
    return mine, theirs


def _bobs_memories(membership) -> str:
    url = f"/spaces/{membership.space_id}/memories/"
    return page_text(unlocked(membership.user).get(url))


def _rows() -> dict[str, list]:
    """Every row of every table but the sign-in bookkeeping (sessions, tokens' last use)."""
    from django.apps import apps

    return {
        model._meta.label: sorted(map(str, model.objects.values_list()))
        for model in apps.get_models()
        if model._meta.app_label not in ("sessions", "axes")
        and model._meta.model_name not in ("apitoken", "devicesession")
    }


def test_a_wrong_password_or_a_bad_choice_changes_nothing(alice, bob, api):
    mine, theirs = _small_pair(alice, bob)
    client, token = unlocked(alice), api(alice)
    everything = _rows()
    response = _leave_through_the_page(
        mine, keep_shared=True, password="not my password", client=client
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "That isn't your password" in page_text(response)
    # what was ticked stays ticked
    assert "checked" in re.search(r"<input[^>]*keep_shared[^>]*>", body)[0]
    wrong = token.post(
        f"/spaces/{mine.space_id}/leave", {"password": "not my password", "keep_shared": True}
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["fields"] == {
        "password": "That isn't your password. Please type it again to leave."
    }
    for bad in ("yes", 1, None, [True]):
        answer = token.post(
            f"/spaces/{mine.space_id}/leave", {"password": PASSWORD, "keep_shared": bad}
        )
        assert answer.status_code == 422, bad
        assert list(answer.json()["error"]["fields"]) == ["keep_shared"]
    assert not _left(mine) and not _left(theirs)
    changed = _rows()
    assert [label for label in everything if everything[label] != changed[label]] == []
    assert SHARED["memory"] in _bobs_memories(theirs)


def test_once_both_have_left_nothing_kept_remains(alice, bob):
    mine, theirs = _small_pair(alice, bob)
    assert _leave_through_the_page(mine, keep_shared=True).status_code == 302
    assert SHARED["memory"] in _bobs_memories(theirs)
    page = unlocked(bob).get(f"/spaces/{theirs.space_id}/leave/")
    assert 'name="keep_shared"' not in page.content.decode()  # no one left to keep it for
    assert _leave_through_the_page(theirs, keep_shared=False).status_code == 302
    assert SHARED["memory"] not in _all_database_text()


def test_erasing_the_account_later_removes_what_was_kept(alice, bob):
    mine, theirs, _ = _plant(alice, bob)
    client = unlocked(alice)
    assert _leave_through_the_page(mine, keep_shared=True, client=client).status_code == 302
    assert SHARED["memory"] in _bobs_memories(theirs)
    erased = client.post("/account/erase/", {"password": PASSWORD})
    assert "Your account is deleted" in page_text(erased)
    everything = _all_database_text()
    assert [k for k in PLAIN_SHARED if SHARED[k] in everything] == []
    assert SHARED["memory"] not in _bobs_memories(theirs)

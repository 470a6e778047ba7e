"""Daily check-ins, the reveal rule and the private note, appreciations, and the feelings wheel
as people use them: through pages, the API and the export."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import PASSWORD, ApiClient, client_for, page_text
from toward.accounts import services as accounts
from toward.accounts import vault
from toward.checkins import appreciations, services
from toward.checkins.models import Appreciation, CheckIn, CheckInFeeling
from toward.core import hooks
from toward.core.errors import ServiceError
from toward.spaces import services as spaces

BOB_NOTE = "bob-private-note-7f3a"
BOB_ANSWER = "bob-answer-went-well-19c2"
BOB_CHIP = 'apprehensive<span class="dots"'  # the wheel lists every word; a chip is a choice


def key_for(user) -> bytes:
    return vault.unlock_with_password(user, PASSWORD) or vault.create_keys(user, PASSWORD)[0]


def unlocked(user) -> Client:
    """A browser session that logged in with the password, so it carries the data key."""
    client = Client()
    client.post("/login/", {"username": user.email, "password": PASSWORD})
    return client


def bob_checks_in(theirs, **extra):
    return services.submit_checkin(
        theirs,
        data_key=key_for(theirs.user),
        went_well=BOB_ANSWER,
        private_note=BOB_NOTE,
        feelings=[("apprehensive", 4)],
        **extra,
    )


def alice_checks_in(mine, **extra):
    fields = {"went_well": "A quiet lunch.", "feelings": [("content", 3)], **extra}
    return services.submit_checkin(mine, data_key=key_for(mine.user), **fields)


def export_of(user) -> str:
    """This app's sections of the person's export, made with their own key."""
    key = key_for(user)
    return json.dumps(
        {name: hooks.exporters()[name](user, data_key=key) for name in ("checkins",)}
        | {"appreciations": hooks.exporters()["appreciations"](user)}
    )


# --- the reveal rule, through pages, API and export ------------------------------------------


def test_other_answers_stay_closed_until_you_check_in(pair):
    mine, theirs = pair
    bob_checks_in(theirs)
    page = page_text(unlocked(mine.user).get(f"/spaces/{mine.space_id}/checkin/"))
    assert "Bob" in page and "has checked in today" in page
    assert BOB_ANSWER not in page and BOB_NOTE not in page and BOB_CHIP not in page
    api = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins/today").json()
    assert api["theirs"]["waiting"] is True
    assert BOB_ANSWER not in json.dumps(api) and "apprehensive" not in json.dumps(api)
    assert BOB_ANSWER not in export_of(mine.user)


def test_after_both_check_in_both_see_both_but_never_the_private_note(pair):
    mine, theirs = pair
    bob_checks_in(theirs)
    alice_checks_in(mine, private_note="alice-secret")
    alice_page = page_text(unlocked(mine.user).get(f"/spaces/{mine.space_id}/checkin/"))
    assert BOB_ANSWER in alice_page and BOB_CHIP in alice_page
    assert BOB_NOTE not in alice_page
    bob_page = page_text(unlocked(theirs.user).get(f"/spaces/{theirs.space_id}/checkin/"))
    assert "A quiet lunch." in bob_page and "alice-secret" not in bob_page
    assert BOB_NOTE in bob_page  # your own note is yours to read
    api = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins/today").json()
    assert api["theirs"]["answers"]["went_well"] == BOB_ANSWER
    assert api["theirs"]["private_note"] is None
    assert BOB_NOTE not in json.dumps(api)
    exported = export_of(mine.user)
    assert BOB_ANSWER in exported and BOB_NOTE not in exported
    assert BOB_NOTE in export_of(theirs.user)


def test_the_one_rule_itself_never_hands_out_the_other_persons_note(pair):
    mine, theirs = pair
    bob_checks_in(theirs, day=None)
    alice_checks_in(mine)
    rows = CheckIn.objects.filter(space_id=mine.space_id)
    for viewer, own_note in ((mine, ""), (theirs, BOB_NOTE)):
        views = {v.mine: v for v in services.view_checkins(viewer, rows)}
        views = {v.mine: v for v in services.view_checkins(viewer, rows, key_for(viewer.user))}
        assert views[False].revealed and views[False].private_note is None
        assert views[True].private_note == (own_note or None)


def test_private_notes_are_sealed_and_need_the_key(pair):
    mine, theirs = pair
    bob_checks_in(theirs)
    stored = CheckIn.objects.get(author=theirs.user).sealed_note
    assert stored and BOB_NOTE not in stored
    locked = client_for(theirs.user).get(f"/spaces/{theirs.space_id}/checkin/")
    assert locked.status_code == 302 and "/unlock/" in locked["Location"]
    with pytest.raises(ServiceError) as caught:
        services.submit_checkin(theirs, went_well="x", private_note="needs a key")
    assert caught.value.code == "locked"
    # Leaving the note out (as the API does) keeps it; an empty one removes it.
    services.submit_checkin(theirs, went_well="edited without the key")
    assert CheckIn.objects.get(author=theirs.user).sealed_note == stored
    services.submit_checkin(theirs, went_well="x", private_note="")
    assert CheckIn.objects.get(author=theirs.user).sealed_note == ""


def test_the_api_never_takes_or_shows_a_private_note(pair):
    mine, theirs = pair
    bob_checks_in(theirs)
    b = ApiClient(theirs.user)
    refused = b._send(
        "put", f"/spaces/{theirs.space_id}/checkins/today", {"private_note": "x", "hard": "y"}
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "locked"
    mine_api = b.get(f"/spaces/{theirs.space_id}/checkins/today").json()["mine"]
    assert mine_api["private_note"] is None and mine_api["private_note_sealed"] is True


def test_share_now_opens_yours_early(pair):
    mine, theirs = pair
    bob_checks_in(theirs)
    response = unlocked(theirs.user).post(f"/spaces/{theirs.space_id}/checkin/share/")
    assert response.status_code == 302
    page = page_text(unlocked(mine.user).get(f"/spaces/{mine.space_id}/checkin/"))
    assert BOB_ANSWER in page and BOB_NOTE not in page


def _keys_and_strings(value, found):
    if isinstance(value, dict):
        for key, item in value.items():
            found.append(key)
            _keys_and_strings(item, found)
    elif isinstance(value, list):
        for item in value:
            _keys_and_strings(item, found)
    elif isinstance(value, str):
        found.append(value)
    return found


def test_no_timestamps_of_the_other_persons_entries(pair):
    mine, theirs = pair
    bob_checks_in(theirs)
    waiting = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins/today").json()
    alice_checks_in(mine)
    revealed = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins").json()
    for body in (waiting, revealed):
        found = _keys_and_strings(body, [])
        assert not [k for k in found if "created" in k or "updated" in k or k.endswith("_at")]
        assert not [s for s in found if re.fullmatch(r"\d{4}-\d\d-\d\dT.*", s)]


def test_editing_the_same_day_replaces_without_history(pair):
    mine, theirs = pair
    alice_checks_in(mine)
    bob_checks_in(theirs)
    services.submit_checkin(theirs, went_well="changed my mind", feelings=[("relieved", 2)])
    assert CheckIn.objects.filter(author=theirs.user).count() == 1
    page = page_text(unlocked(mine.user).get(f"/spaces/{mine.space_id}/checkin/"))
    assert "changed my mind" in page and BOB_ANSWER not in page
    assert 'relieved<span class="dots"' in page and BOB_CHIP not in page


def test_day_follows_each_persons_time_zone(pair):
    mine, theirs = pair
    accounts.update_profile(mine.user, time_zone="Pacific/Auckland")
    accounts.update_profile(theirs.user, time_zone="America/Los_Angeles")
    now = datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
    a = alice_checks_in(mine, now=now)
    b = bob_checks_in(theirs, now=now)
    assert (a.day.isoformat(), b.day.isoformat()) == ("2026-03-11", "2026-03-10")
    # Different days: neither opens the other.
    views = services.view_checkins(mine, CheckIn.objects.filter(space_id=mine.space_id))
    assert [v.revealed for v in views if not v.mine] == [False]


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"feelings": [("no-such-feeling", 3)]}, "unknown_feeling"),
        ({"feelings": [("content", 0)]}, "invalid_intensity"),
        ({"feelings": [("content", 9)]}, "invalid_intensity"),
        ({"feelings": [("content", 3)] * 100}, "too_many_feelings"),
        ({"feelings": [("content", 3), ("content", 2)]}, "duplicate_feeling"),
        ({"went_well": "x" * 1_000_000}, "too_long"),
        ({"went_well": "fine", "day": "2999-01-01"}, "future_day"),
        ({"went_well": "fine", "day": "2000-01-01"}, "day_closed"),
        ({"went_well": "   "}, "empty_checkin"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(pair, kwargs, code):
    mine, _ = pair
    with pytest.raises(ServiceError) as caught:
        services.submit_checkin(mine, **kwargs)
    assert caught.value.code == code and caught.value.message
    assert not CheckIn.objects.exists() and not CheckInFeeling.objects.exists()


def test_a_bad_edit_leaves_the_earlier_check_in_whole(pair):
    mine, _ = pair
    alice_checks_in(mine)
    with pytest.raises(ServiceError):
        services.submit_checkin(mine, went_well="new", feelings=[("content", 3), ("nope", 2)])
    checkin = CheckIn.objects.get()
    assert checkin.went_well == "A quiet lunch." and checkin.feelings.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"feelings": [{"id": "nope", "intensity": 3}]}, 400, "unknown_feeling"),
        ({"feelings": [{"id": "content", "intensity": 0}]}, 400, "invalid_intensity"),
        ({"feelings": [{"id": "content", "intensity": 9}]}, 400, "invalid_intensity"),
        ({"feelings": [{"id": "content", "intensity": 3}] * 100}, 400, "too_many_feelings"),
        ({"went_well": "x" * 900_000}, 400, "too_long"),
        ({"went_well": "ok", "day": "2999-01-01"}, 400, "future_day"),
        ({"went_well": "ok", "day": "soon"}, 422, "invalid"),
        ({"went_well": "ok", "mood": "great"}, 422, "invalid"),
        ({}, 400, "empty_checkin"),
    ],
)
def test_api_bad_input_gets_one_clear_error_shape(pair, body, status, code):
    mine, _ = pair
    response = ApiClient(mine.user)._send("put", f"/spaces/{mine.space_id}/checkins/today", body)
    assert response.status_code == status, response.content[:300]
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert not CheckIn.objects.exists()


def test_a_one_megabyte_answer_on_the_page_is_refused_and_nothing_saved(pair):
    mine, _ = pair
    response = unlocked(mine.user).post(
        f"/spaces/{mine.space_id}/checkin/", {"went_well": "x" * (1024 * 1024)}
    )
    assert response.status_code == 413  # over the 1 MB limit: the kind "too large" page
    assert "Nothing was saved" in page_text(response)
    assert not CheckIn.objects.exists()


def test_the_form_keeps_what_was_typed_on_error(pair):
    mine, _ = pair
    response = unlocked(mine.user).post(
        f"/spaces/{mine.space_id}/checkin/",
        {"went_well": "kept words", "feeling_1": "content", "intensity_1": "3",
         "feeling_2": "content", "intensity_2": "2"},
    )  # fmt: skip
    assert response.status_code == 400
    body = page_text(response)
    assert "kept words" in body and "Each feeling can be chosen once." in body
    assert not CheckIn.objects.exists()


def test_checking_in_through_the_page(pair):
    mine, _ = pair
    client = unlocked(mine.user)
    response = client.post(
        f"/spaces/{mine.space_id}/checkin/",
        {"went_well": "the walk", "feeling_1": "let-down", "intensity_1": "2",
         "need_tonight": "quiet", "private_note": "mine only"},
    )  # fmt: skip
    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert checkin.went_well == "the walk" and checkin.sealed_note
    assert "mine only" not in checkin.sealed_note  # sealed at rest
    assert [(f.feeling_id, f.intensity) for f in checkin.feelings.all()] == [("let-down", 2)]
    page = page_text(client.get(f"/spaces/{mine.space_id}/checkin/"))
    assert 'let down<span class="dots"' in page and "Change today's answers" in page


# --- history and filter ---------------------------------------------------------------------


def _days_ago(n: int) -> datetime:
    return datetime.now(UTC) - timedelta(days=n)


def test_history_side_by_side_and_filter_by_feeling(pair):
    mine, theirs = pair
    for n in (1, 2, 3):
        alice_checks_in(mine, now=_days_ago(n), feelings=[("content", 3)])
    bob_checks_in(theirs, now=_days_ago(2))  # revealed: alice checked in that day too
    services.submit_checkin(theirs, went_well="hidden-day", now=_days_ago(5))  # never revealed
    days = services.history(mine)
    assert [d.theirs is not None for d in days] == [False, True, False]
    page = page_text(unlocked(mine.user).get(f"/spaces/{mine.space_id}/checkins/"))
    assert BOB_ANSWER in page and "hidden-day" not in page and BOB_NOTE not in page
    # "afraid" includes apprehensive, which Bob named on the one shared day.
    filtered = unlocked(mine.user).get(f"/spaces/{mine.space_id}/checkins/?feeling=afraid")
    assert len(filtered.context["days"]) == 1
    api = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins?feeling=anxious").json()
    assert len(api) == 1 and api[0]["theirs"]["answers"]["went_well"] == BOB_ANSWER


def test_history_shows_a_month_at_a_time_with_earlier_days_a_click_away(pair):
    mine, theirs = pair
    alice_checks_in(mine, now=_days_ago(2), went_well="recent-day-7f1")
    alice_checks_in(mine, now=_days_ago(45), went_well="older-day-3c9")
    bob_checks_in(theirs, now=_days_ago(45))  # both wrote that day: revealed
    client = unlocked(mine.user)
    first = client.get(f"/spaces/{mine.space_id}/checkins/")
    text = page_text(first)
    assert "recent-day-7f1" in text and "older-day-3c9" not in text and "Later days" not in text
    earlier = re.search(r'href="([^"]+)">Earlier days<', first.content.decode()).group(1)
    older = client.get(earlier.replace("&amp;", "&"))
    text = page_text(older)
    assert "older-day-3c9" in text and BOB_ANSWER in text and "recent-day-7f1" not in text
    assert "Later days" in text and "Earlier days" not in text  # nothing before that day
    # The feeling filter stays on the weeks shown, and the links keep the filter.
    filtered = client.get(earlier.replace("&amp;", "&") + "&feeling=afraid").content.decode()
    assert BOB_CHIP in filtered and "feeling=afraid" in filtered
    # A date that is not one, or one in the future, is simply the newest page.
    for until in ("not-a-day", "2999-01-01", "0001-01-01"):
        page = client.get(f"/spaces/{mine.space_id}/checkins/?until={until}")
        assert page.status_code == 200 and "recent-day-7f1" in page_text(page)


def test_the_filter_never_finds_a_hidden_feeling(pair):
    mine, theirs = pair
    services.submit_checkin(theirs, feelings=[("trapped", 5)], now=_days_ago(1))
    alice_checks_in(mine, now=_days_ago(2))
    assert services.history(mine, feeling_id="trapped") == []
    assert (
        ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins?feeling=trapped").json() == []
    )


def test_unknown_feeling_in_the_api_filter_is_a_clear_error(pair):
    mine, _ = pair
    response = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/checkins?feeling=nope")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_feeling"


@pytest.mark.parametrize("url", ["/spaces/{}/checkin/", "/spaces/{}/checkins/"])
def test_pages_render_in_a_fixed_number_of_queries(pair, url):
    mine, theirs = pair
    client = unlocked(mine.user)
    alice_checks_in(mine)
    bob_checks_in(theirs)
    client.get(url.format(mine.space_id))  # warm the session and caches
    with CaptureQueriesContext(connection) as short:
        assert client.get(url.format(mine.space_id)).status_code == 200
    for n in range(1, 31):
        alice_checks_in(mine, now=_days_ago(n), feelings=[("content", 3), ("weary", 2)])
        bob_checks_in(theirs, now=_days_ago(n))
    with CaptureQueriesContext(connection) as long:
        assert client.get(url.format(mine.space_id)).status_code == 200
    assert len(long) == len(short), [q["sql"] for q in long.captured_queries]


# --- leaving ---------------------------------------------------------------------------------


def test_leaving_takes_the_leavers_check_ins_and_appreciations_with_them(pair):
    mine, theirs = pair
    alice_checks_in(mine)
    bob_checks_in(theirs)
    appreciations.add_appreciation(theirs, did="You cooked on Tuesday when I was late home.")
    spaces.leave_space(theirs)
    assert not CheckIn.objects.filter(author=theirs.user).exists()
    assert not Appreciation.objects.filter(author=theirs.user).exists()
    page = page_text(unlocked(mine.user).get(f"/spaces/{mine.space_id}/checkins/"))
    assert BOB_ANSWER not in page and "A quiet lunch." in page
    mine.space.refresh_from_db()
    with pytest.raises(ServiceError):
        alice_checks_in(mine)  # the space is inactive now


# --- appreciations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vague"),
    [
        ("thanks for everything", True),
        ("Thank you for being you", True),
        ("dinner", True),
        ("You fixed my bike on Sunday morning before I woke up.", False),
        ("You always make me tea when I'm stressed", False),  # "always", yet a picturable act
        ("for being there", True),
    ],
)
def test_vague_thanks_get_a_gentle_hint(text, vague):
    assert (appreciations.vague_hint(text) is not None) is vague


def test_vague_thanks_fall_back_to_the_content_rules_without_the_model(monkeypatch):
    def missing(text):
        raise FileNotFoundError("specificity.npz")

    monkeypatch.setattr(appreciations, "specificity", missing)
    assert appreciations.vague_hint("thanks for everything") is not None
    assert appreciations.vague_hint("You fixed my bike on Sunday morning.") is None


def test_appreciation_page_hints_then_saves_as_it_is(pair):
    mine, theirs = pair
    client = client_for(mine.user)
    url = f"/spaces/{mine.space_id}/appreciations/"
    hinted = client.post(url, {"did": "thanks for everything"})
    assert hinted.status_code == 200 and "more specific" in page_text(hinted)
    assert "thanks for everything" in page_text(hinted)
    assert not Appreciation.objects.exists()
    saved = client.post(url, {"did": "thanks for everything", "as_it_is": "on"})
    assert saved.status_code == 302 and Appreciation.objects.count() == 1
    assert "thanks for everything" in page_text(client_for(theirs.user).get(url))


def test_private_drafts_stay_with_their_author_until_shared(pair):
    mine, theirs = pair
    draft = appreciations.add_appreciation(
        mine, did="draft-words: you carried the shopping up four floors", is_private=True
    )
    url = f"/spaces/{mine.space_id}/appreciations/"
    assert "draft-words" not in page_text(client_for(theirs.user).get(url))
    assert "draft-words" not in json.dumps(ApiClient(theirs.user).get(
        f"/spaces/{mine.space_id}/appreciations").json())  # fmt: skip
    assert "draft-words" not in export_of(theirs.user)
    # The other person cannot share it for the author: the same 404 as a missing id.
    stranger = client_for(theirs.user).post(f"{url}{draft.id}/share/")
    assert stranger.status_code == 404
    assert client_for(mine.user).post(f"{url}{draft.id}/share/").status_code == 302
    assert "draft-words" in page_text(client_for(theirs.user).get(url))


def test_appreciation_api(pair):
    mine, theirs = pair
    a = ApiClient(mine.user)
    made = a.post(
        f"/spaces/{mine.space_id}/appreciations", {"did": "thanks for everything", "private": True}
    )
    assert made.status_code == 201 and made.json()["hint"]
    shared = a.post(f"/spaces/{mine.space_id}/appreciations/share", {"id": made.json()["id"]})
    assert shared.status_code == 200 and shared.json()["private"] is False
    theirs_view = ApiClient(theirs.user).get(f"/spaces/{mine.space_id}/appreciations").json()
    assert theirs_view[0]["did"] == "thanks for everything" and theirs_view[0]["private"] is None
    empty = a.post(f"/spaces/{mine.space_id}/appreciations", {"did": "  "})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty_appreciation"


# --- together now, the start page, the demo -------------------------------------------------


def test_together_mode_takes_turns_with_both_names(pair):
    mine, _ = pair
    client = client_for(mine.user)
    intro = page_text(client.get(f"/spaces/{mine.space_id}/checkin/together/"))
    assert "logistics" in intro
    first = page_text(client.get(f"/spaces/{mine.space_id}/checkin/together/?step=1"))
    second = page_text(client.get(f"/spaces/{mine.space_id}/checkin/together/?step=2"))
    assert "Alice's turn" in first and "Bob's turn" in second
    assert "What went well today?" in first and "What went well today?" in second
    end = page_text(client.get(f"/spaces/{mine.space_id}/checkin/together/?step=99"))
    assert "That's the check-in" in end
    assert not CheckIn.objects.exists()


def together_post(client, space_id, step, go="next", **typed):
    return client.post(f"/spaces/{space_id}/checkin/together/", {"step": step, "go": go, **typed})


def test_together_mode_carries_what_each_person_types_to_a_side_by_side_summary(pair):
    mine, _ = pair
    client = client_for(mine.user)
    intro = page_text(client.get(f"/spaces/{mine.space_id}/checkin/together/"))
    assert "logistics" in intro and "Nothing you type is saved" in intro
    # Turn 1 is Alice's "went well"; turn 2 is Bob's. Typed text travels in hidden fields.
    first = together_post(client, mine.space_id, 0)
    assert "Alice's turn" in page_text(first) and 'name="p0_went_well"' in page_text(first)
    second = page_text(together_post(client, mine.space_id, 1, p0_went_well="A long\nlunch"))
    assert "Bob's turn" in second and 'name="p1_went_well"' in second
    assert 'type="hidden" name="p0_went_well" value="A long\nlunch"' in second
    back = page_text(together_post(client, mine.space_id, 2, "back", p0_went_well="A long\nlunch"))
    assert "Alice's turn" in back and "A long\nlunch</textarea>" in back
    end = together_post(
        client, mine.space_id, 8, p0_went_well="A long\nlunch", p1_hard="bob-typed-9a1"
    )
    body = page_text(end)
    assert end.status_code == 200 and "That's the check-in" in body
    assert "A long<br>lunch" in body and "bob-typed-9a1" in body
    assert "Keep mine as today's check-in" in body and "Let it all go" in body
    assert "checking in on their own device" in body
    assert not CheckIn.objects.exists()  # nothing typed is stored on the way


def test_keeping_together_answers_saves_only_the_logged_in_persons_own_part(pair):
    mine, theirs = pair
    kept = together_post(
        client_for(mine.user),
        mine.space_id,
        9,
        "keep",
        p0_went_well="alice-typed-went-well",
        p0_worried="alice-typed-worry",
        p1_went_well="bob-typed-9a1",
    )
    assert kept.status_code == 302 and kept["Location"].endswith(f"/{mine.space_id}/checkin/")
    checkin = CheckIn.objects.get()
    assert checkin.author == mine.user and checkin.went_well == "alice-typed-went-well"
    assert checkin.worried == "alice-typed-worry" and checkin.hard == ""
    assert "bob-typed-9a1" not in json.dumps(list(CheckIn.objects.values()), default=str)
    # The reveal rule applies unchanged: Bob sees only that it is waiting until he checks in.
    api = ApiClient(theirs.user).get(f"/spaces/{mine.space_id}/checkins/today").json()
    assert api["theirs"]["waiting"] and "alice-typed" not in json.dumps(api)
    bob_checks_in(theirs)
    api = ApiClient(theirs.user).get(f"/spaces/{mine.space_id}/checkins/today").json()
    assert "alice-typed-went-well" in json.dumps(api)


def test_keeping_together_answers_into_todays_check_in_keeps_the_rest(pair):
    mine, _ = pair
    key = key_for(mine.user)
    services.submit_checkin(
        mine, data_key=key, went_well="earlier", hard="still hard", need_tonight="quiet",
        private_note="mine only", feelings=[("content", 2)],
    )  # fmt: skip
    summary = page_text(
        together_post(client_for(mine.user), mine.space_id, 9, p0_went_well="typed together")
    )
    assert "You've already checked in today" in summary
    services.keep_together_answers(mine, {"went_well": "typed together"})
    checkin = CheckIn.objects.get()
    assert (checkin.went_well, checkin.hard, checkin.need_tonight) == (
        "typed together",
        "still hard",
        "quiet",
    )
    assert [(f.feeling_id, f.intensity) for f in checkin.feelings.all()] == [("content", 2)]
    assert services.own_checkin(mine, checkin.day) and checkin.sealed_note
    view = services.today(mine, data_key=key).mine
    assert view.private_note == "mine only"


def test_letting_together_answers_go_saves_nothing(pair):
    mine, _ = pair
    client = client_for(mine.user)
    gone = together_post(client, mine.space_id, 9, "let_go", p0_went_well="never kept")
    assert gone.status_code == 302 and not CheckIn.objects.exists()
    only_theirs = page_text(together_post(client, mine.space_id, 9, p1_hard="bob's words"))
    assert "bob's words" in only_theirs and "Keep mine" not in only_theirs
    assert "Let it all go" in only_theirs
    nothing = page_text(together_post(client, mine.space_id, 9))
    assert "Write mine down" in nothing and "Let it all go" not in nothing


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("x" * 1_000_000, "Please keep this to 4,000 characters or fewer (this has 1,000,000)"),
        ("before\x00after", "a null byte"),
    ],
)
def test_together_bad_input_gets_a_clear_message_and_loses_nothing(pair, bad, message):
    mine, _ = pair
    client = client_for(mine.user)
    # Bob's answer to "what was hard" (turn 3) is bad; Alice's typed text travels along.
    response = together_post(client, mine.space_id, 3, p0_went_well="kept words", p1_hard=bad)
    body = page_text(response)
    assert response.status_code == 400 and message in body
    assert "Bob's turn" in body and "What was hard or frustrating?" in body  # stays on the turn
    assert 'name="p0_went_well" value="kept words"' in body
    assert bad.replace("\x00", "") + "</textarea>" in body
    assert "\x00" not in body
    # A bad answer carried from an earlier turn sends them back to that turn.
    later = page_text(together_post(client, mine.space_id, 9, "keep", p1_hard=bad))
    assert "Bob's turn" in later and message in later
    assert not CheckIn.objects.exists()


def test_keeping_together_answers_follows_the_check_in_rules(pair):
    mine, theirs = pair
    with pytest.raises(ServiceError) as caught:
        services.keep_together_answers(mine, {"went_well": "x" * 5000})
    assert caught.value.code == "too_long"
    with pytest.raises(ServiceError) as caught:
        services.keep_together_answers(mine, {"went_well": "  "})
    assert caught.value.code == "empty_checkin"
    with pytest.raises(TypeError):
        services.keep_together_answers(mine, {"private_note": "no"})
    assert not CheckIn.objects.exists()
    spaces.leave_space(theirs)  # the space closes: keeping is refused kindly, on the page too
    page = page_text(
        together_post(client_for(mine.user), mine.space_id, 9, "keep", p0_went_well="late")
    )
    assert "check-ins here are closed" in page and "late" in page
    assert not CheckIn.objects.exists()


def test_why_this_works_links_lead_to_the_explainers_behind_each_practice(pair):
    mine, _ = pair
    client = unlocked(mine.user)
    checkin = page_text(client.get(f"/spaces/{mine.space_id}/checkin/"))
    assert 'href="/learn/?practice=check-in">Why this works</a>' in checkin
    wheel = page_text(client.get("/feelings/"))
    assert 'href="/learn/?practice=feelings-wheel">Why this works</a>' in wheel
    for practice in ("check-in", "feelings-wheel"):
        learn = page_text(client.get(f"/learn/?practice={practice}"))
        assert re.search(r"<h2 id=\"behind-heading\">Why .+ works</h2>", learn)


def test_start_page_goes_to_the_only_space(pair, make_user):
    mine, _ = pair
    assert (
        client_for(mine.user)
        .get("/checkin/")["Location"]
        .endswith(f"/spaces/{mine.space_id}/checkin/")
    )
    loner = client_for(make_user("solo@example.com")).get("/checkin/")
    assert "Check-ins live in a space" in page_text(loner)


def test_home_page_lists_the_check_in_and_the_wheel(pair):
    page = page_text(client_for(pair[0].user).get("/"))
    assert 'href="/checkin/"' in page and 'href="/feelings/"' in page


def test_demo_has_a_few_weeks_of_check_ins(db):
    from toward.demo import create_demo

    pair = create_demo()
    days = CheckIn.objects.filter(space=pair.space).values_list("day", flat=True).distinct()
    assert len(days) >= 12
    assert Appreciation.objects.filter(space=pair.space).exists()
    assert not CheckIn.objects.filter(space=pair.space).exclude(sealed_note="").exists()


def test_the_space_page_shows_todays_check_in_without_revealing_it(pair):
    mine, theirs = pair
    bob_checks_in(theirs)
    page = page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/"))
    assert "Bob has checked in today" in page and BOB_ANSWER not in page
    alice_checks_in(mine)
    page = page_text(client_for(mine.user).get(f"/spaces/{mine.space_id}/"))
    assert "You've checked in today" in page and BOB_ANSWER not in page

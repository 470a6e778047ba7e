"""Self-assessments through real requests: taking one, bad input, privacy, sharing, the shared
language view, history, export, leaving."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import PASSWORD, ApiClient, client_for, page_text
from toward.accounts import services as accounts
from toward.accounts import vault
from toward.assessments import services
from toward.assessments.models import Result
from toward.spaces import services as spaces

pytestmark = pytest.mark.django_db

BUILDER = "connection-builder"
STYLES = "expression-styles"


def items(assessment_id: str) -> list[str]:
    return [i.id for i in services.get_assessment(assessment_id).items]


def all_at(assessment_id: str, value: int) -> dict[str, int]:
    return {item: value for item in items(assessment_id)}


def unlocked(user) -> Client:
    client = Client()
    client.post("/login/", {"username": user.email, "password": PASSWORD})
    return client


def key_for(user) -> bytes:
    return vault.unlock_with_password(user, PASSWORD) or vault.create_keys(user, PASSWORD)[0]


def url(membership, tail: str = "") -> str:
    return f"/spaces/{membership.space_id}/assessments/{tail}"


# --- taking one on the web ----------------------------------------------------------------------


def test_take_a_questionnaire_and_see_a_private_result(pair):
    mine, _ = pair
    client = unlocked(mine.user)
    page = client.get(url(mine, f"{BUILDER}/take/"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count("<fieldset") == 10 and text.count("<legend") == 10
    assert text.count('type="radio"') == 20
    response = client.post(url(mine, f"{BUILDER}/take/"), all_at(BUILDER, 1))
    assert response.status_code == 302
    row = Result.objects.get()
    assert response["Location"] == url(mine, f"results/{row.id}/")
    result = page_text(client.get(response["Location"]))
    assert "On a good path" in result and "10 of 10" in result
    assert "Your answers" in result and "I ask how I'm doing at listening" in result
    assert "not a clinical test" in result
    # sealed at rest: neither the answers nor the band are in the row in plain text
    assert "good-path" not in row.summary and "check-feelings" not in row.sealed_answers


def test_missing_answers_keep_the_chosen_ones_and_save_nothing(pair):
    mine, _ = pair
    client = unlocked(mine.user)
    partial = all_at(BUILDER, 1)
    del partial["rituals"], partial["feedback"]
    partial["silence"] = 0
    response = client.post(url(mine, f"{BUILDER}/take/"), partial)
    assert response.status_code == 400
    text = page_text(response)
    assert text.count("Please choose one answer here.") == 2
    assert re.search(r'name="silence" value="0"[^>]*checked', response.content.decode())
    assert re.search(r'name="nonverbal" value="1"[^>]*checked', response.content.decode())
    assert Result.objects.count() == 0


def test_out_of_range_answers_are_refused_and_nothing_is_saved(pair):
    mine, _ = pair
    client = unlocked(mine.user)
    response = client.post(url(mine, f"{BUILDER}/take/"), all_at(BUILDER, 1) | {"silence": 7})
    assert response.status_code == 400
    assert "That is not one of the answers here" in page_text(response)
    assert Result.objects.count() == 0


def test_an_unknown_questionnaire_is_not_found(pair):
    mine, _ = pair
    client = unlocked(mine.user)
    assert client.get(url(mine, "no-such-thing/take/")).status_code == 404
    assert client.post(url(mine, "no-such-thing/take/"), {"a": 1}).status_code == 404
    assert Result.objects.count() == 0


def test_private_pages_ask_for_the_password_after_the_key_has_gone_quiet(pair):
    mine, _ = pair
    response = client_for(mine.user).get(url(mine))
    assert response.status_code == 302 and response["Location"].startswith("/account/unlock/")


def test_the_list_shows_every_questionnaire_and_the_latest_band(pair):
    mine, _ = pair
    services.submit(mine, BUILDER, all_at(BUILDER, 0), key_for(mine.user), recent=set())
    text = page_text(unlocked(mine.user).get(url(mine)))
    for a in services.available(mine):
        assert a.title in text
    assert "Last time: A good place to start" in text


def test_history_shows_ones_own_trend_newest_first(pair):
    mine, _ = pair
    key = key_for(mine.user)
    for value in (0, 1):
        services.submit(mine, BUILDER, all_at(BUILDER, value), key, recent=set())
    text = page_text(unlocked(mine.user).get(url(mine, f"{BUILDER}/history/")))
    assert text.index("On a good path") < text.index("A good place to start")
    assert "10 of 10" in text and "0 of 10" in text


# --- the API --------------------------------------------------------------------------------------


def test_the_api_lists_defines_takes_and_shares(pair):
    mine, theirs = pair
    alice, bob = ApiClient(mine.user), ApiClient(theirs.user)
    base = f"/spaces/{mine.space_id}"
    listed = alice.get(f"{base}/assessments").json()
    assert {a["id"] for a in listed} >= {BUILDER, STYLES}
    definition = alice.get(f"{base}/assessments/{BUILDER}").json()
    assert [o["value"] for o in definition["scale"]] == [1, 0]
    assert [b["min"] for b in definition["bands"]] == [0, 5, 8]
    taken = alice.post(f"{base}/assessments/{BUILDER}/results", {"answers": all_at(BUILDER, 0)})
    assert taken.status_code == 201
    body = taken.json()
    assert body["score"] == 0 and body["band"]["id"] == "starting-out"
    assert 1 <= len(body["suggestions"]) <= 2 and body["answers_kept"] is False
    assert bob.get(f"{base}/assessments-shared").json() == []
    assert bob.get(f"{base}/assessment-results/{body['id']}").status_code == 404
    assert bob.post(f"{base}/assessment-results/{body['id']}/share").status_code == 404
    assert alice.post(f"{base}/assessment-results/{body['id']}/share").json()["shared"] is True
    shared = bob.get(f"{base}/assessments-shared").json()
    assert [s["band"]["id"] for s in shared] == ["starting-out"]
    assert "answers" not in shared[0]
    assert alice.delete(f"{base}/assessment-results/{body['id']}/share").json()["shared"] is False
    assert bob.get(f"{base}/assessments-shared").json() == []
    assert [r["id"] for r in alice.get(f"{base}/assessment-results").json()] == [body["id"]]
    assert bob.get(f"{base}/assessment-results").json() == []


@pytest.mark.parametrize(
    ("assessment_id", "body", "status", "code"),
    [
        (BUILDER, {"answers": {"check-feelings": 1}}, 400, "missing_answers"),
        (BUILDER, {}, 400, "missing_answers"),
        (BUILDER, {"answers": all_at(BUILDER, 1) | {"silence": 3}}, 400, "out_of_range"),
        (BUILDER, {"answers": all_at(BUILDER, 1) | {"silence": -1}}, 400, "out_of_range"),
        (BUILDER, {"answers": all_at(BUILDER, 1) | {"extra": 1}}, 400, "unknown_item"),
        (BUILDER, {"answers": all_at(BUILDER, 1) | {"silence": "yes"}}, 422, "invalid"),
        (BUILDER, {"answers": all_at(BUILDER, 1) | {"silence": True}}, 422, "invalid"),
        ("no-such-thing", {"answers": {"a": 1}}, 404, "unknown_assessment"),
    ],
)
def test_bad_input_through_the_api_saves_nothing(pair, assessment_id, body, status, code):
    mine, _ = pair
    response = ApiClient(mine.user).post(
        f"/spaces/{mine.space_id}/assessments/{assessment_id}/results", body
    )
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]
    assert Result.objects.count() == 0


# --- privacy and sharing ------------------------------------------------------------------------


def test_the_other_member_cannot_see_an_unshared_result(pair):
    mine, theirs = pair
    row = services.submit(mine, BUILDER, all_at(BUILDER, 0), key_for(mine.user), recent=set())
    bob = unlocked(theirs.user)
    assert bob.get(url(mine, f"results/{row.id}/")).status_code == 404
    assert bob.post(url(mine, f"results/{row.id}/share/"), {"share": "1"}).status_code == 404
    index = page_text(bob.get(url(theirs)))
    assert "A good place to start" not in index and "shared with you" not in index.lower()
    exported = accounts.export_user(theirs.user, key_for(theirs.user))
    assert exported["assessments"] == []
    assert "good-path" not in str(exported) and "starting-out" not in str(exported)
    assert Result.objects.get().shared_at is None


def test_a_shared_result_shows_the_summary_never_the_answers(pair):
    mine, theirs = pair
    alice = unlocked(mine.user)
    alice.post(url(mine, f"{BUILDER}/take/"), all_at(BUILDER, 0))
    row = Result.objects.get()
    assert alice.post(url(mine, f"results/{row.id}/share/"), {"share": "1"}).status_code == 302
    bob = unlocked(theirs.user)
    index = page_text(bob.get(url(theirs)))
    assert "What Alice shared with you" in index
    assert "A good place to start" in index and "Two things worth trying" in index
    assert "I check in on how the other person is feeling" not in index  # no answers
    space_home = page_text(bob.get(f"/spaces/{mine.space_id}/"))
    assert "Alice shared" in space_home
    alice.post(url(mine, f"results/{row.id}/share/"), {"share": "0"})
    assert "A good place to start" not in page_text(bob.get(url(theirs)))


def test_sharing_needs_an_unlocked_browser(pair):
    mine, _ = pair
    row = services.submit(mine, BUILDER, all_at(BUILDER, 0), key_for(mine.user), recent=set())
    response = client_for(mine.user).post(url(mine, f"results/{row.id}/share/"), {"share": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/account/unlock/")
    assert Result.objects.get().shared_at is None


def test_export_has_own_answers_with_the_key_and_leaving_or_erasing_takes_results(pair):
    mine, theirs = pair
    services.submit(mine, BUILDER, all_at(BUILDER, 1), key_for(mine.user), recent=set())
    services.submit(theirs, BUILDER, all_at(BUILDER, 0), key_for(theirs.user), recent=set())
    (entry,) = accounts.export_user(mine.user, key_for(mine.user))["assessments"]
    assert entry["band"] == "On a good path" and entry["answers"]["rituals"] == 1
    (sealed,) = accounts.export_user(mine.user)["assessments"]
    assert sealed["answers"] is None and "unlocking" in sealed["note"]
    spaces.leave_space(mine)
    assert list(Result.objects.values_list("author_id", flat=True)) == [theirs.user_id]
    accounts.erase_account(theirs.user, PASSWORD)
    assert not Result.objects.exists()


# --- the shared language --------------------------------------------------------------------------

ALICE_STYLES = {
    "words-give": 4, "words-receive": 2, "touch-give": 1, "touch-receive": 4,
    "time-give": 3, "time-receive": 4, "gestures-give": 1, "gestures-receive": 1,
    "direct": 4, "quiet": 1,
}  # fmt: skip
BOB_STYLES = {
    "words-give": 1, "words-receive": 4, "touch-give": 0, "touch-receive": 2,
    "time-give": 3, "time-receive": 4, "gestures-give": 4, "gestures-receive": 2,
    "direct": 1, "quiet": 4,
}  # fmt: skip


def test_the_shared_language_waits_for_both_then_shows_where_they_meet(pair):
    mine, theirs = pair
    alice, bob = unlocked(mine.user), unlocked(theirs.user)
    waiting = "This view opens once you have both taken"
    assert waiting in page_text(alice.get(url(mine, "shared-language/")))
    row = services.submit(mine, STYLES, ALICE_STYLES, key_for(mine.user), recent=set())
    services.share(mine, row, key_for(mine.user))
    # one has shared: the same words for both, naming nobody
    notes = []
    for client, membership in ((alice, mine), (bob, theirs)):
        text = page_text(client.get(url(membership, "shared-language/")))
        notes.append(re.search(r'class="card soft waiting"[^>]*>(.*?)</section>', text, re.S)[1])
    assert waiting in notes[0] and notes[0] == notes[1]
    assert "Alice" not in notes[0] and "Bob" not in notes[0]
    services.share(
        theirs,
        services.submit(theirs, STYLES, BOB_STYLES, None, recent=set()),
        key_for(theirs.user),
    )
    text = page_text(alice.get(url(mine, "shared-language/")))
    assert "What you give through words is just what Bob likes to receive." in text
    assert "You both feel cared for through time together." in text
    assert "You like to receive care through touch; Bob shows care that way less often." in text
    assert "Habits that bridge the gap" in text
    assert "Your shared language" in page_text(bob.get(f"/spaces/{mine.space_id}/"))
    assert text.count("<li>") >= 2
    bridges = text.split("Habits that bridge the gap")[1]
    assert "Make a habit of a real hug hello and goodbye" in bridges
    api = ApiClient(theirs.user).get(f"/spaces/{mine.space_id}/shared-language").json()
    assert api["ready"] and 2 <= len(api["bridges"]) <= 3
    assert "What Alice gives through words is just what you like to receive." in api["meet"]
    services.unshare(mine, row)
    assert waiting in page_text(bob.get(url(theirs, "shared-language/")))
    assert ApiClient(theirs.user).get(f"/spaces/{mine.space_id}/shared-language").json() == {
        "ready": False,
        "mine_shared": True,
        "message": services.get_assessment(STYLES).shared.waiting,
        "meet": [],
        "differ": [],
        "manner": [],
        "bridges": [],
    }

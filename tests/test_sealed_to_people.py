"""Text one member writes for both to read later — repair parts, a first reflection's answers, a
shared challenge week — is sealed to each member's own key pair. Someone holding the database
*and* the server's secret settings (an operator, who may be the other member) still cannot open
it; each member opens it with the key their password unlocks, in the browser or through a token
made while unlocked."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD, ApiClient, page_text
from toward.accounts import services as accounts
from toward.accounts import vault
from toward.accounts.models import ApiToken, DataKey
from toward.lib import crypto
from toward.reflections import services as reflections
from toward.reflections.models import Reflection
from toward.repair import services as repair
from toward.repair.models import RepairPart

MINE = {
    "my_part": "canary-mine-4c1e: I snapped about the keys",
    "felt": "tired and unseen",
    "ask": "a slower start tomorrow",
    "reconnect": "a walk after dinner",
}
THEIRS = {
    "my_part": "canary-theirs-88d2: I went quiet instead of saying so",
    "felt": "shut out",
    "ask": "tell me when it's too much",
    "reconnect": "tea on the step",
}
# Every key the server could derive from its own secret for these purposes.
SERVER_KEYS = [
    crypto.subkey(settings.SECRET_KEY, purpose)
    for purpose in (
        "toward:repair-parts",
        "toward:reflections:reveal",
        "toward:challenge:reveal",
        "toward:key-cookie",
    )
]


def key_for(user) -> bytes:
    return vault.unlock_with_password(user, PASSWORD) or vault.create_keys(user, PASSWORD)[0]


def unlocked(user) -> Client:
    client = Client()
    client.post("/login/", {"username": user.email, "password": PASSWORD})
    return client


@pytest.fixture
def keyed_pair(pair):
    for membership in pair:
        key_for(membership.user)
    return pair


def _written_repair(keyed_pair):
    mine, theirs = keyed_pair
    row = repair.start_repair(mine)
    repair.write_parts(mine, row, **MINE)
    repair.write_parts(theirs, row, **THEIRS)
    return row


def test_the_server_secret_opens_nothing_written_for_two(keyed_pair):
    row = _written_repair(keyed_pair)
    for part in RepairPart.objects.filter(repair=row):
        assert part.sealed.startswith(crypto.SHARED_PREFIX)
        assert "canary" not in part.sealed
        for server_key in SERVER_KEYS:
            with pytest.raises(crypto.DecryptionError):
                crypto.open_text(server_key, part.sealed, f"repair:{row.space_id}:{row.id}")
        # Not even with every server key and every context the code could build.
        context = f"repair:{row.space_id}:{row.id}:{part.user_id}"
        for server_key in SERVER_KEYS:
            opened = vault.open_for(
                part.user_id, None, part.sealed, context, fallback_key=server_key
            )
            assert opened is None


def test_each_member_opens_it_with_their_own_key_and_a_stranger_cannot(keyed_pair, mallory):
    mine, theirs = keyed_pair
    row = _written_repair(keyed_pair)
    view = repair.view_repair(mine, row, key_for(mine.user))
    assert view.mine == MINE and view.theirs == THEIRS and not view.locked
    view = repair.view_repair(theirs, row, key_for(theirs.user))
    assert view.mine == THEIRS and view.theirs == MINE
    # Holding someone else's key is no help: Mallory's opens neither part.
    mallory_key = key_for(mallory)
    for part in RepairPart.objects.filter(repair=row):
        assert repair.open_parts(row, part, mallory.pk, mallory_key) is None
        assert repair.open_parts(row, part, mine.user_id, mallory_key) is None
    # Without a key in hand, the page state is still right and the text is simply locked.
    locked = repair.view_repair(mine, row, None)
    assert locked.state == "open" and locked.locked and locked.theirs is None


def test_the_partner_reads_the_parts_on_the_page_after_entering_the_password(keyed_pair):
    mine, theirs = keyed_pair
    row = _written_repair(keyed_pair)
    page = page_text(unlocked(theirs.user).get(f"/spaces/{mine.space_id}/repairs/{row.id}/"))
    assert "canary-mine-4c1e" in page and "canary-theirs-88d2" in page


def test_a_token_made_while_unlocked_reads_them_and_one_made_without_cannot(keyed_pair):
    mine, theirs = keyed_pair
    row = _written_repair(keyed_pair)
    path = f"/spaces/{mine.space_id}/repairs/{row.id}"
    body = ApiClient(theirs.user, data_key=key_for(theirs.user)).get(path).json()
    assert body["theirs"] == MINE and body["mine"] == THEIRS and body["locked"] is False
    response = ApiClient(theirs.user).get(path)
    body = response.json()
    assert body["locked"] is True and body["theirs"] is None and body["mine"] is None
    assert "canary" not in response.content.decode()
    assert "toward_key" not in response.cookies  # the API never sets the key cookie


def test_the_account_page_makes_tokens_that_carry_the_key_only_when_unlocked(keyed_pair):
    mine, _ = keyed_pair
    browser = unlocked(mine.user)
    response = browser.post("/account/tokens/", {"name": "my phone"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=mine.user, name="my phone")
    assert token.key_wrapped  # carried, sealed under the token's own secret
    assert key_for(mine.user).hex() not in bytes(token.key_wrapped).hex()
    assert "can open what's sealed for you" in page_text(browser.get("/account/"))

    plain = Client()
    plain.force_login(mine.user, backend="django.contrib.auth.backends.ModelBackend")
    assert "Enter your password first" in page_text(plain.get("/account/"))
    plain.post("/account/tokens/", {"name": "no key"})
    assert not ApiToken.objects.get(user=mine.user, name="no key").key_wrapped


def test_reflection_answers_opened_together_are_sealed_to_both(keyed_pair):
    mine, theirs = keyed_pair
    reflections.write_reflection(mine, key_for(mine.user), {"closeness": "canary-close-a17"})
    reflections.write_reflection(theirs, key_for(theirs.user), {"closeness": "canary-close-b29"})
    for row in Reflection.objects.all():
        assert row.for_reveal.startswith(crypto.SHARED_PREFIX)
        for server_key in SERVER_KEYS:
            with pytest.raises(crypto.DecryptionError):
                crypto.open_text(server_key, row.for_reveal, f"reveal:{row.round_id}")
    round = reflections.current_round(mine)
    view = reflections.view_round(mine, round, key_for(mine.user))
    assert view.theirs["closeness"] == "canary-close-b29"


def test_an_account_from_before_key_pairs_gets_one_at_its_next_unlock(keyed_pair):
    mine, theirs = keyed_pair
    DataKey.objects.filter(user=theirs.user).update(public_key=None)
    row = repair.start_repair(mine)
    repair.write_parts(mine, row, **MINE)
    # Until Bob unlocks again, nothing can be sealed to him, so it falls back to the server key
    # (documented in docs/SECURITY.md), and both can still read it.
    assert not RepairPart.objects.get(user=mine.user).sealed.startswith(crypto.SHARED_PREFIX)
    assert vault.unlock_with_password(theirs.user, PASSWORD) is not None
    assert DataKey.objects.get(user=theirs.user).public_key
    repair.write_parts(mine, row, **MINE)
    assert RepairPart.objects.get(user=mine.user).sealed.startswith(crypto.SHARED_PREFIX)


def test_a_reset_without_the_recovery_code_takes_the_key_out_of_tokens(keyed_pair):
    mine, _ = keyed_pair
    token, _ = accounts.create_api_token(mine.user, "phone", data_key=key_for(mine.user))
    assert token.key_wrapped
    vault.replace_key(mine.user, "a brand new long phrase")
    token.refresh_from_db()
    assert not token.key_wrapped


def test_the_envelope_is_plain_json_without_names_or_text(keyed_pair):
    mine, theirs = keyed_pair
    row = _written_repair(keyed_pair)
    stored = RepairPart.objects.get(user=mine.user).sealed
    envelope = json.loads(stored[len(crypto.SHARED_PREFIX) :])
    assert set(envelope) == {"k", "b"}
    assert set(envelope["k"]) == {str(mine.user_id), str(theirs.user_id)}
    assert "canary" not in stored
    assert row.revealed_at is not None


# --- self-assessments: the own summary (with its safety note) is the author's alone ------------


def _answers(assessment_id: str, value: int) -> dict[str, int]:
    from toward.assessments.services import get_assessment

    return {item.id: value for item in get_assessment(assessment_id).items}


def test_an_assessment_summary_opens_only_with_its_authors_key(keyed_pair):
    from toward.assessments import services as assessments
    from toward.assessments.models import Result

    mine, theirs = keyed_pair
    base = f"/spaces/{mine.space_id}"
    alice_key = key_for(mine.user)
    worried = _answers("missing-intimacy", 3)  # "often" or more on feeling wary: the safety note
    taken = ApiClient(mine.user).post(
        f"{base}/assessments/missing-intimacy/results", {"answers": worried}
    )
    assert taken.status_code == 201 and taken.json()["band"] is not None  # shown once, as taken
    row = Result.objects.get()
    assert row.summary.startswith(crypto.SHARED_PREFIX) and not row.shared_summary
    for server_key in SERVER_KEYS + [
        crypto.subkey(settings.SECRET_KEY, "toward:assessments:summary")
    ]:
        assert (
            vault.open_for(
                mine.user_id,
                None,
                row.summary,
                f"assessment:{row.id}:{mine.user_id}",
                fallback_key=server_key,
            )
            is None
        )
    assert assessments.view_result(mine, row, alice_key).safety is True

    # A token without the key sees that it is locked; sharing needs the key.
    later = ApiClient(mine.user).get(f"{base}/assessment-results/{row.id}").json()
    assert later["locked"] is True and later["band"] is None and later["score"] is None
    refused = ApiClient(mine.user).post(f"{base}/assessment-results/{row.id}/share")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "locked"
    assert not Result.objects.get().shared_at

    with_key = ApiClient(mine.user, data_key=alice_key)
    assert with_key.get(f"{base}/assessment-results/{row.id}").json()["locked"] is False
    assert with_key.post(f"{base}/assessment-results/{row.id}/share").json()["shared"] is True
    row.refresh_from_db()
    server_key = crypto.subkey(settings.SECRET_KEY, "toward:assessments:summary")
    shared = json.loads(
        crypto.open_text(
            server_key, row.shared_summary, f"assessment-shared:{row.id}:{mine.user_id}"
        )
    )
    assert (
        "safety" not in shared and shared["band"]
    )  # the shared copy never carries the safety note
    seen = ApiClient(theirs.user).get(f"{base}/assessments-shared").json()
    assert [s["assessment"] for s in seen] == ["missing-intimacy"]
    assert "feel wary of how they will react" not in json.dumps(seen)

    # Stop sharing: the shared copy goes with it.
    with_key.delete(f"{base}/assessment-results/{row.id}/share")
    row.refresh_from_db()
    assert row.shared_at is None and row.shared_summary == ""
    assert ApiClient(theirs.user).get(f"{base}/assessments-shared").json() == []


def test_the_demo_pair_has_key_pairs_so_its_text_for_two_is_sealed_to_both(db):
    from toward.challenge.models import WeekReflection
    from toward.demo import create_demo

    create_demo()
    stored = [
        *RepairPart.objects.values_list("sealed", flat=True),
        *Reflection.objects.exclude(for_reveal="").values_list("for_reveal", flat=True),
        *WeekReflection.objects.exclude(for_reveal="").values_list("for_reveal", flat=True),
    ]
    assert stored and all(value.startswith(crypto.SHARED_PREFIX) for value in stored)


def test_a_private_appreciation_draft_is_sealed_until_its_author_shares_it(keyed_pair):
    from toward.checkins import appreciations
    from toward.checkins.models import Appreciation

    mine, theirs = keyed_pair
    draft = appreciations.add_appreciation(
        mine, did="canary-draft-3f9: you fixed the bike chain", is_private=True
    )
    row = Appreciation.objects.get(pk=draft.pk)
    assert row.did == "" and row.sealed.startswith(crypto.SHARED_PREFIX)
    assert "canary" not in row.sealed
    url = f"/spaces/{mine.space_id}/appreciations/"
    # The author reads it with the key; without it, the page says how to open it.
    assert "canary-draft-3f9" in page_text(unlocked(mine.user).get(url))
    plain = Client()
    plain.force_login(mine.user, backend="django.contrib.auth.backends.ModelBackend")
    locked_page = page_text(plain.get(url))
    assert "canary-draft-3f9" not in locked_page and "sealed with your password" in locked_page
    listed = ApiClient(mine.user).get(f"/spaces/{mine.space_id}/appreciations").json()
    assert listed[0]["locked"] is True and listed[0]["did"] == ""
    # Sharing needs the key: without it, the password is asked for first and nothing changes.
    asked = plain.post(f"{url}{draft.id}/share/")
    assert asked.status_code == 302 and asked["Location"].startswith("/account/unlock/")
    assert Appreciation.objects.get(pk=draft.pk).is_private
    assert unlocked(mine.user).post(f"{url}{draft.id}/share/").status_code == 302
    shared = Appreciation.objects.get(pk=draft.pk)
    assert not shared.is_private and shared.sealed == "" and "canary-draft-3f9" in shared.did
    assert "canary-draft-3f9" in page_text(unlocked(theirs.user).get(url))

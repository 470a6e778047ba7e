"""Private entries are sealed with a per-person key that only the person's password or recovery
code can open; the key never rests in the database, the logs or the session store."""

from __future__ import annotations

import base64
import json
import re

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD, client_for, page_text, sign_up_through_pages
from toward.accounts import vault
from toward.accounts.models import DataKey, DeviceSession, User
from toward.lib import crypto


def test_sealing_round_trip_and_tamper_detection():
    key = crypto.new_key()
    sealed = crypto.seal_text(key, "a private thought", "1:note:abc")
    assert "private" not in sealed
    assert crypto.open_text(key, sealed, "1:note:abc") == "a private thought"
    with pytest.raises(crypto.DecryptionError):
        crypto.open_text(key, sealed, "1:note:other-row")  # cannot be moved to another row
    with pytest.raises(crypto.DecryptionError):
        crypto.open_text(crypto.new_key(), sealed, "1:note:abc")
    tampered = sealed[:-4] + ("AAAA" if not sealed.endswith("AAAA") else "BBBB")
    with pytest.raises(crypto.DecryptionError):
        crypto.open_text(key, tampered, "1:note:abc")


def test_documented_key_derivation_parameters():
    assert crypto.KdfParams(time_cost=3, memory_cost_kib=65536, parallelism=1) == crypto.DEFAULT_KDF
    assert crypto.KdfParams.from_string(crypto.DEFAULT_KDF.as_string()) == crypto.DEFAULT_KDF


def _sign_up(
    client: Client, email: str = "robin@example.com", password: str = "a calm long phrase"
):
    response = sign_up_through_pages(client, email, password, next="/")
    assert response.status_code == 302
    return response


def _all_database_text() -> str:
    """Every value of every row of every table, as text (what a thief with a backup has)."""
    chunks = []
    for model in apps.get_models():
        for row in model.objects.all().values():
            for value in row.values():
                if isinstance(value, bytes | memoryview):
                    value = bytes(value)
                    chunks.append(base64.b64encode(value).decode())
                    chunks.append(value.hex())
                chunks.append(str(value))
    return "\n".join(chunks)


def test_sign_up_shows_the_recovery_code_once_and_stores_it_nowhere(db):
    client = Client()
    signup = _sign_up(client)
    shown = client.get(signup["Location"])
    code = re.search(r'id="recovery-code">([0-9A-Z-]+)<', shown.content.decode()).group(1)
    assert len(crypto.normalise_recovery_code(code)) == 30
    assert "only time we show it" in page_text(shown)
    again = client.get("/account/recovery-code/")
    assert code not in again.content.decode()
    everything = _all_database_text()
    assert code not in everything and crypto.normalise_recovery_code(code) not in everything
    user = User.objects.get()
    assert vault.unlock_with_recovery_code(user, code.lower()) is not None


def test_the_unwrapped_key_never_rests_on_the_server(db):
    client = Client()
    _sign_up(client)
    user = User.objects.get()
    key = vault.unlock_with_password(user, "a calm long phrase")
    forms_of_key = [
        base64.b64encode(key).decode(),
        key.hex(),
        base64.urlsafe_b64encode(key).decode(),
    ]
    everything = _all_database_text()
    sessions = "".join(
        json.dumps(session.get_decoded(), default=str) + session.session_data
        for session in Session.objects.all()
    )
    for form in forms_of_key:
        assert form not in everything
        assert form not in sessions


def test_private_pages_ask_again_after_ten_quiet_minutes(db, monkeypatch):
    client = Client()
    _sign_up(client)
    assert client.get("/account/sessions/").status_code == 200
    import time as real_time

    later = real_time.time() + vault.UNLOCK_IDLE_SECONDS + 5
    monkeypatch.setattr(vault.time, "time", lambda: later)
    asked = client.get("/account/sessions/")
    assert asked.status_code == 302 and asked["Location"].startswith("/account/unlock/")
    wrong = client.post(
        "/account/unlock/", {"password": "not it at all", "next": "/account/sessions/"}
    )
    assert "isn't your password" in page_text(wrong)
    unlocked = client.post(
        "/account/unlock/", {"password": "a calm long phrase", "next": "/account/sessions/"}
    )
    assert unlocked["Location"] == "/account/sessions/"
    assert client.get("/account/sessions/").status_code == 200


def test_changing_the_password_rewraps_the_same_key(db):
    client = Client()
    _sign_up(client)
    user = User.objects.get()
    key = vault.unlock_with_password(user, "a calm long phrase")
    sealed = vault.seal(key, user, "note", "row1", "kept safe")
    client.post(
        "/account/password/",
        {
            "old_password": "a calm long phrase",
            "new_password1": "a new long phrase",
            "new_password2": "a new long phrase",
        },
    )
    user.refresh_from_db()
    assert vault.unlock_with_password(user, "a calm long phrase") is None
    new_key = vault.unlock_with_password(user, "a new long phrase")
    assert vault.unseal(new_key, user, "note", "row1", sealed) == "kept safe"


def _reset_link(email: str) -> tuple[Client, str]:
    """A browser that followed the emailed link, and the form's address."""
    client = Client()
    mail.outbox.clear()
    client.post("/password-reset/", {"email": email})
    link = re.search(r"http://testserver(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    return client, client.get(link, follow=True).redirect_chain[-1][0]


def test_reset_with_the_recovery_code_keeps_private_entries(db):
    client = Client()
    shown = client.get(_sign_up(client)["Location"])
    code = re.search(r'id="recovery-code">([0-9A-Z-]+)<', shown.content.decode()).group(1)
    user = User.objects.get()
    sealed = vault.seal(
        vault.unlock_with_password(user, "a calm long phrase"), user, "n", "r", "mine"
    )
    reset, form_url = _reset_link(user.email)
    page = reset.get(form_url)
    assert "will stay locked" in page_text(page)
    done = reset.post(
        form_url,
        {
            "new_password1": "fresh long words",
            "new_password2": "fresh long words",
            "recovery_code": code,
        },
    )
    assert done.status_code == 302
    key = vault.unlock_with_password(User.objects.get(), "fresh long words")
    assert vault.unseal(key, user, "n", "r", sealed) == "mine"


def test_reset_without_the_code_warns_first_then_locks_old_entries(db):
    client = Client()
    _sign_up(client)
    user = User.objects.get()
    sealed = vault.seal(
        vault.unlock_with_password(user, "a calm long phrase"), user, "n", "r", "mine"
    )
    reset, form_url = _reset_link(user.email)
    refused = reset.post(
        form_url, {"new_password1": "fresh long words", "new_password2": "fresh long words"}
    )
    assert refused.status_code == 200
    assert "please confirm you understand" in page_text(refused)
    wrong_code = reset.post(
        form_url,
        {
            "new_password1": "fresh long words",
            "new_password2": "fresh long words",
            "recovery_code": "AAAAA-BBBBB",
        },
    )
    assert "doesn't match this account" in page_text(wrong_code)
    done = reset.post(
        form_url,
        {
            "new_password1": "fresh long words",
            "new_password2": "fresh long words",
            "accept_locked": "on",
        },
    )
    assert done.status_code == 302
    complete = reset.get(done["Location"])
    assert "new recovery code" in page_text(complete)
    record = DataKey.objects.get(user=user)
    assert record.generation == 2
    key = vault.unlock_with_password(User.objects.get(), "fresh long words")
    assert vault.unseal(key, user, "n", "r", sealed) is None


def test_people_see_and_end_only_their_own_sessions(alice, bob):
    phone, laptop = Client(HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/130"), Client()
    for device in (phone, laptop):
        device.post("/login/", {"username": "alice@example.com", "password": PASSWORD})
    Client().post("/login/", {"username": "bob@example.com", "password": PASSWORD})
    listing = page_text(laptop.get("/account/sessions/"))
    assert "Chrome on Android" in listing and "this browser" in listing
    assert DeviceSession.objects.filter(user=bob).count() == 1
    bobs = DeviceSession.objects.get(user=bob)
    laptop.post("/account/sessions/", {"session": bobs.id})  # someone else's: not found
    assert DeviceSession.objects.filter(user=bob).exists()
    phone_row = (
        DeviceSession.objects.filter(user=alice)
        .exclude(session_key=laptop.session.session_key)
        .get()
    )
    laptop.post("/account/sessions/", {"session": phone_row.id})
    assert phone.get("/account/").status_code == 302
    assert laptop.get("/account/").status_code == 200


def test_sign_out_everywhere_else(alice):
    devices = [Client() for _ in range(3)]
    for device in devices:
        device.post("/login/", {"username": "alice@example.com", "password": PASSWORD})
    devices[0].post("/account/sessions/", {"everywhere": "1"})
    assert devices[0].get("/account/").status_code == 200
    assert all(d.get("/account/").status_code == 302 for d in devices[1:])


def test_export_download_needs_a_recent_unlock_and_holds_only_my_data(pair):
    mine, _ = pair
    assert client_for(mine.user).get("/account/export.json").status_code == 302  # not unlocked
    alice = Client()
    alice.post("/login/", {"username": "alice@example.com", "password": PASSWORD})
    data = json.loads(alice.get("/account/export.json").content)
    assert data["account"]["email"] == "alice@example.com"
    assert data["private_entries_readable"] is True
    assert "bob@example.com" not in json.dumps(data)
    page = page_text(alice.get("/account/export.html"))
    assert "alice@example.com" in page and "Bob and me" in page


def test_erasing_an_account_leaves_no_trace_and_tells_no_one(pair):
    mine, theirs = pair
    alice = Client()
    alice.post("/login/", {"username": "alice@example.com", "password": PASSWORD})
    alice.post("/login/", {"username": "alice@example.com", "password": "wrong guess"})
    alice.post("/password-reset/", {"email": "alice@example.com"})
    mail.outbox.clear()
    refused = alice.post("/account/erase/", {"password": "not mine"})
    assert "isn't your password" in page_text(refused)
    user_id = mine.user.pk
    erased = alice.post("/account/erase/", {"password": PASSWORD})
    assert "Your account is deleted" in page_text(erased)
    assert not User.objects.filter(pk=user_id).exists()
    everything = _all_database_text()
    assert "alice@example.com" not in everything
    assert "Bob and me" not in everything  # her own name for the space
    assert mail.outbox == []
    bob_page = page_text(client_for(theirs.user).get(f"/spaces/{theirs.space_id}/"))
    assert "no longer active" in bob_page
    assert alice.get("/account/").status_code == 302

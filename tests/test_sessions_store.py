"""The session store (toward.accounts.sessions): Django's database sessions, read with plain SQL
(docs/PERFORMANCE.md). It must read exactly what Django's own store reads: a live session's
data, and nothing for a missing or expired one (which then gets a new key when saved)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.conftest import client_for
from toward.accounts import sessions


def test_the_project_uses_it():
    assert settings.SESSION_ENGINE == "toward.accounts.sessions"


def test_a_live_session_reads_as_djangos_store_reads_it(alice):
    client = client_for(alice)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    mine, django = sessions.SessionStore(key), db.SessionStore(key)
    assert mine.load() == django.load()
    assert mine.load()["_auth_user_id"] == str(alice.pk)
    assert mine.session_key == key
    assert client.get("/account/").status_code == 200  # signed in through the store


def test_missing_and_expired_sessions_read_as_empty_and_lose_their_key(alice):
    client = client_for(alice)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    for wanted in ["no-such-session-key-at-all-here", key]:
        if wanted == key:
            Session.objects.filter(session_key=key).update(
                expire_date=timezone.now() - timedelta(seconds=1)
            )
        mine, django = sessions.SessionStore(wanted), db.SessionStore(wanted)
        assert mine.load() == django.load() == {}
        assert mine.session_key is None and django.session_key is None
    assert client.get("/account/").status_code == 302  # expired: signed out, to the log-in page


def test_a_session_written_by_the_store_reads_back(alice):
    store = sessions.SessionStore()
    store["note"] = "<kept> & safe"
    store.save()
    assert sessions.SessionStore(store.session_key).load()["note"] == "<kept> & safe"
    assert db.SessionStore(store.session_key).load()["note"] == "<kept> & safe"
    store.delete()
    assert sessions.SessionStore(store.session_key).load() == {}

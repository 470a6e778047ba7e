"""Shared fixtures. Personas: alice and bob share a space; mallory is in a space of her own."""

from __future__ import annotations

import json
import os

import pytest
from django.db import connection
from django.test import Client

from toward.accounts import services as accounts
from toward.spaces import services as spaces

PASSWORD = "correct horse battery"


def pytest_report_header(config):
    engine = "PostgreSQL" if os.environ.get("TOWARD_TEST_DATABASE") == "postgres" else "SQLite"
    return f"toward: database under test is {engine}"


@pytest.fixture
def make_user(db):
    def make(email: str, name: str = "", password: str = PASSWORD):
        return accounts.sign_up(email=email, password=password, display_name=name)

    return make


@pytest.fixture
def alice(make_user):
    return make_user("alice@example.com", "Alice")


@pytest.fixture
def bob(make_user):
    return make_user("bob@example.com", "Bob")


@pytest.fixture
def mallory(make_user):
    user = make_user("mallory@example.com", "Mallory")
    spaces.create_space(user, relationship_type="friendship", name="Mallory's own")
    return user


@pytest.fixture
def pair(alice, bob):
    """Alice made the space, Bob joined it. Returns (alice's membership, bob's membership)."""
    mine = spaces.create_space(alice, relationship_type="romantic", name="Bob and me")
    issued = spaces.create_invitation(mine)
    theirs = spaces.join_space(bob, code=issued.code, name="Our space")
    mine.space.refresh_from_db()
    return mine, theirs


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


class ApiClient:
    """A JSON client for /api/v1/ that authenticates with a real token."""

    def __init__(self, user=None, data_key: bytes | None = None):
        """With `data_key`, the token carries it, as one made while unlocked does."""
        self.client = Client()
        self.headers = {}
        if user is not None:
            _, secret = accounts.create_api_token(user, "tests", data_key=data_key)
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"

    def _send(self, method: str, path: str, body=None, raw: bytes | None = None):
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        kwargs = {"content_type": "application/json", **self.headers}
        if data is not None:
            kwargs["data"] = data
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)

    def get(self, path):
        return self._send("get", path)

    def post(self, path, body=None, raw=None):
        return self._send("post", path, body, raw)

    def patch(self, path, body=None, raw=None):
        return self._send("patch", path, body, raw)

    def delete(self, path):
        return self._send("delete", path)


@pytest.fixture
def api():
    return ApiClient


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def page_text(response) -> str:
    """The response body as a person reads it (entities unescaped)."""
    import html

    return html.unescape(response.content.decode())


def signup_link(email: str) -> str:
    """The path of the newest sign-up link emailed to this address (with its ?next=, if any)."""
    import re

    from django.core import mail

    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(r"https?://[^/\s]+(/signup/\S+)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no sign-up link was emailed to {email}")


def sign_up_through_pages(client: Client, email: str, password: str, **fields):
    """Sign up the way a person does: the form, the emailed link, the password again.
    Returns the last response (a redirect to the recovery code, then to `next`)."""
    sent = client.post("/signup/", {"email": email, "password": password, **fields})
    assert sent.status_code == 302, sent.status_code
    return client.post(signup_link(email.strip().lower()), {"password": password})

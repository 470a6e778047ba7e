"""Load and robustness correctness gates (SAFETY-CHECKLIST items 16, 38-39): what a burst of logins
or an oversized request does to the people using Toward. The throughput figures themselves come
from benchmarks/ (they need a real server and minutes, not a test run)."""

from __future__ import annotations

import statistics
import time

from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from tests.conftest import PASSWORD, ApiClient, client_for, page_text
from toward.spaces.models import Space

TOO_BIG = "x" * (1024 * 1024 + 1)


def _device(name: str) -> Client:
    client = Client(HTTP_USER_AGENT=f"Browser {name}")
    client.get("/login/")
    return client


def test_a_login_burst_from_one_device_never_locks_the_owner_out(alice, monkeypatch):
    """Fifty wrong passwords in a burst from one device: that device is refused quickly with
    429, and the owner still logs in from their own device at once."""
    from toward.accounts import throttle

    monkeypatch.setattr(throttle, "seconds_to_wait", lambda request, username: 0)
    checks = []
    verify = MD5PasswordHasher.verify
    monkeypatch.setattr(
        MD5PasswordHasher, "verify", lambda self, *a: checks.append(1) or verify(self, *a)
    )
    attacker = _device("shared build")
    statuses, refusal_times = [], []
    for _ in range(50):
        before, start = len(checks), time.perf_counter()
        answer = attacker.post("/login/", {"username": "alice@example.com", "password": "guess 1"})
        if answer.status_code == 429 and 429 in statuses:
            refusal_times.append(time.perf_counter() - start)
            # Refusals beyond the throttle are cheap: no password is hashed for them.
            assert len(checks) == before
        statuses.append(answer.status_code)
    assert 500 not in statuses and statuses[-1] == 429
    assert len(refusal_times) >= 35
    # Under 50 ms on an idle machine; the bound here leaves room for a busy 2-core CI runner.
    assert statistics.median(refusal_times) < 0.25, statistics.median(refusal_times)
    owner = _device("shared build")  # same browser build and network, the owner's own cookie
    assert (
        owner.post("/login/", {"username": "alice@example.com", "password": PASSWORD}).status_code
        == 302
    )


def test_an_oversized_form_gets_a_kind_413_and_changes_nothing(pair):
    client = client_for(pair[0].user)
    response = client.post("/spaces/new/", {"relationship_type": "friendship", "name": TOO_BIG})
    assert response.status_code == 413
    body = page_text(response)
    assert "more than we can take in at once" in body and "1024 KB" in body
    assert "Nothing was saved" in body
    assert Space.objects.count() == 1


def test_an_oversized_api_request_gets_a_413_json_error(pair):
    api = ApiClient(pair[0].user)
    response = api.post("/spaces", {"relationship_type": "friendship", "name": TOO_BIG})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert "1024 KB" in response.json()["error"]["message"]
    assert Space.objects.count() == 1


def test_an_oversized_anonymous_post_gets_the_413_page_too(db):
    response = Client().post("/login/", {"username": "a@example.com", "password": TOO_BIG})
    assert response.status_code == 413

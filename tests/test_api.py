"""The JSON API as a client sees it: tokens, spaces, invitations, join and leave, and errors."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.conftest import PASSWORD, ApiClient, client_for
from toward.accounts.models import ApiToken


def test_openapi_document_lists_the_endpoints(db):
    response = ApiClient().client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/me",
        "/api/v1/spaces",
        "/api/v1/spaces/{space_id}",
        "/api/v1/join",
        "/api/v1/spaces/{space_id}/invitations",
        "/api/v1/spaces/{space_id}/leave",
        "/api/v1/tokens",
    ]:
        assert path in paths


def test_every_api_schema_has_its_own_name(db):
    """The OpenAPI document keys schemas by class name: two apps' `StartIn` would silently share
    one definition, and clients (and the fuzz test) would read the wrong one."""
    import ninja

    import toward.api.main  # noqa: F401  (imports every app's router)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    seen: dict[str, str] = {}
    clashes = []
    for schema in subclasses(ninja.Schema):
        if not schema.__module__.startswith("toward."):
            continue
        where = f"{schema.__module__}.{schema.__qualname__}"
        if schema.__name__ in seen and seen[schema.__name__] != where:
            clashes.append(f"{seen[schema.__name__]} and {where}")
        seen.setdefault(schema.__name__, where)
    assert not clashes, "schema names used twice: " + "; ".join(clashes)


def test_without_a_token_the_api_says_how_to_authenticate(db):
    response = ApiClient().get("/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_a_browser_session_does_not_open_the_api(alice):
    response = client_for(alice).get("/api/v1/me")
    assert response.status_code == 401


def test_me_and_profile_update(alice):
    client = ApiClient(alice)
    assert client.get("/me").json()["email"] == "alice@example.com"
    updated = client.patch("/me", {"display_name": "Ali", "time_zone": "Asia/Tokyo"})
    assert updated.status_code == 200
    assert updated.json()["time_zone"] == "Asia/Tokyo"
    bad = client.patch("/me", {"time_zone": "Mars/Olympus"})
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"] == {"time_zone": bad.json()["error"]["message"]}


def test_the_whole_pair_journey_through_the_api(alice, bob):
    a, b = ApiClient(alice), ApiClient(bob)
    created = a.post("/spaces", {"relationship_type": "friendship", "name": "Bobby"})
    assert created.status_code == 201
    space = created.json()
    assert space["state"] == "waiting" and space["other_member_name"] is None

    invite = a.post(f"/spaces/{space['id']}/invitations")
    assert invite.status_code == 201
    code = invite.json()["code"]
    assert invite.json()["link"].endswith(f"/join/{code}/")
    assert len(a.get(f"/spaces/{space['id']}/invitations").json()) == 1

    joined = b.post("/join", {"code": code, "name": "Ali"})
    assert joined.status_code == 201
    assert joined.json()["other_member_name"] == "Alice"
    assert a.get(f"/spaces/{space['id']}").json()["other_member_name"] == "Bob"
    assert [s["name"] for s in b.get("/spaces").json()] == ["Ali"]

    renamed = b.patch(f"/spaces/{space['id']}", {"name": "My friend"})
    assert renamed.json()["name"] == "My friend"
    assert a.get(f"/spaces/{space['id']}").json()["name"] == "Bobby"

    no_password = b.post(f"/spaces/{space['id']}/leave", {"password": "a guess"})
    assert no_password.status_code == 400
    assert no_password.json()["error"]["code"] == "wrong_password"
    assert b.get(f"/spaces/{space['id']}").status_code == 200  # nothing happened
    assert b.post(f"/spaces/{space['id']}/leave", {"password": PASSWORD}).json() == {"ok": True}
    assert b.get(f"/spaces/{space['id']}").status_code == 404
    after = a.get(f"/spaces/{space['id']}").json()
    assert after["state"] == "inactive" and after["other_member_name"] is None
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "name": "x"}, 400, "invite_unknown"),
        ({"code": "", "name": "x"}, 400, "invite_unknown"),
        ({"code": 42, "name": "x"}, 422, "invalid"),
        ({"name": "x"}, 422, "invalid"),
        ({"code": "A\u0000B", "name": "x"}, 422, "invalid"),
    ],
)
def test_join_errors_are_clear(bob, body, status, code):
    response = ApiClient(bob).post("/join", body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_join_full_own_and_used(pair, alice, make_user):
    mine, _ = pair
    a = ApiClient(alice)
    full = a.post(f"/spaces/{mine.space_id}/invitations")
    assert full.status_code == 409 and full.json()["error"]["code"] == "space_not_waiting"

    second = a.post("/spaces", {"relationship_type": "family", "name": "Mum"}).json()
    code = a.post(f"/spaces/{second['id']}/invitations").json()["code"]
    own = a.post("/join", {"code": code, "name": "x"})
    assert own.status_code == 409 and own.json()["error"]["code"] == "own_space"
    assert (
        ApiClient(make_user("mum@example.com"))
        .post("/join", {"code": code, "name": "x"})
        .status_code
        == 201
    )
    used = ApiClient(make_user("late@example.com")).post("/join", {"code": code, "name": "x"})
    assert used.status_code == 410 and used.json()["error"]["code"] == "invite_used"


@pytest.mark.parametrize(
    "raw",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b'{"relationship_type": "romantic", "name": ',
        b"[]",
        b"null",
    ],
)
def test_malformed_json_gets_a_4xx_json_error(alice, raw):
    response = ApiClient(alice).post("/spaces", raw=raw)
    assert 400 <= response.status_code < 500
    assert response.json()["error"]["message"]


def test_huge_names_and_unknown_fields_are_refused(alice):
    a = ApiClient(alice)
    long = a.post("/spaces", {"relationship_type": "romantic", "name": "n" * 10_000})
    assert long.status_code == 400
    assert "80 characters" in long.json()["error"]["message"]
    extra = a.post("/spaces", {"relationship_type": "romantic", "name": "x", "admin": True})
    assert extra.status_code == 422
    kind = a.post("/spaces", {"relationship_type": "rivals", "name": "x"})
    assert kind.status_code == 400 and kind.json()["error"]["code"] == "invalid_relationship_type"


def test_tokens_can_be_listed_made_and_revoked(alice):
    a = ApiClient(alice)
    made = a.post("/tokens", {"name": "phone"})
    assert made.status_code == 201
    secret = made.json()["token"]
    assert secret.startswith("tw_")
    assert not ApiToken.objects.filter(token_hash=secret).exists()  # only the hash is stored
    phone = ApiClient()
    phone.headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    assert phone.get("/me").status_code == 200
    assert {t["name"] for t in a.get("/tokens").json()} == {"tests", "phone"}
    assert a.delete(f"/tokens/{made.json()['id']}").status_code == 200
    assert phone.get("/me").status_code == 401

"""A permission matrix generated from the URL configuration and the OpenAPI document.

For every route that takes an id (of a space, an entry, a token…), a logged-in person who does not
own the object gets 404 — exactly what a random id gets — never 403 or 500; an anonymous visitor is
sent to log in (pages) or gets 401 (API). New routes are covered without editing this file. To make
the check stronger for a new kind of id, add a factory to SAMPLE_OBJECTS that makes a real object
belonging to alice's space; without one, a random id is used.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests import (
    assessments_samples,
    decks_samples,
    exercises_samples,
    reflections_samples,
    rituals_samples,
    together_samples,
)
from tests.conftest import ApiClient, client_for
from toward.accounts import services as accounts
from toward.lib.ids import new_public_id

# Parameters that are secrets to present, not ids of objects someone owns.
NOT_OBJECT_IDS = {"code", "uidb64", "token", "slug"}  # slug: public content (Learn)
PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")


def _space_id(pair):
    return pair[0].space_id


def _token_id(pair):
    token, _ = accounts.create_api_token(pair[0].user, "sample")
    return token.id


SAMPLE_OBJECTS = {
    "space_id": _space_id,
    "token_id": _token_id,
    # question decks: real objects in alice's space (tests/decks_samples.py)
    "deck_id": decks_samples.deck_id,
    "exchange_id": decks_samples.exchange_id,
    "question_id": decks_samples.question_id,
    "session_id": decks_samples.session_id,
    # the first reflection and dreams (tests/reflections_samples.py)
    "round_id": reflections_samples.round_id,
    "dream_id": reflections_samples.dream_id,
    "milestone_id": reflections_samples.milestone_id,
    # guided exercises, the pause and repair (tests/exercises_samples.py)
    "run_id": exercises_samples.run_id,
    "pause_id": exercises_samples.pause_id,
    "repair_id": exercises_samples.repair_id,
    # insights: a chart of alice's own insights (the PNG download)
    "chart_id": lambda pair: "checkins",
    # rituals and notices (tests/rituals_samples.py)
    "ritual_id": rituals_samples.ritual_id,
    "notice_id": rituals_samples.notice_id,
    # self-assessments (tests/assessments_samples.py)
    "assessment_id": assessments_samples.assessment_id,
    "result_id": assessments_samples.result_id,
    # the 30-day challenge and shared experiences (tests/together_samples.py)
    "challenge_id": together_samples.challenge_id,
    "day": together_samples.day,
    "week": together_samples.week,
    "plan_id": together_samples.plan_id,
    "memory_id": together_samples.memory_id,
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def id_routes():
    routes = []
    for route, _ in _walk(get_resolver().url_patterns):
        names = [m.group("name") for m in PARAM.finditer(route)]
        if names and not set(names) & NOT_OBJECT_IDS and not route.startswith("api/"):
            routes.append(route)
    return sorted(set(routes))


def _fill(route: str, values: dict[str, str]) -> str:
    return "/" + PARAM.sub(lambda m: values[m.group("name")], route)


def _values(route: str, pair, real: bool) -> dict[str, str]:
    values = {}
    for match in PARAM.finditer(route):
        name = match.group("name")
        factory = SAMPLE_OBJECTS.get(name)
        values[name] = factory(pair) if (real and factory) else new_public_id()
    return values


CSRF_VALUE = re.compile(
    rb'(csrf-token" content="|"X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]+'
)


def normalised(body: bytes) -> bytes:
    """The body with its per-request CSRF tokens blanked, so two pages can be compared."""
    return CSRF_VALUE.sub(rb"\1", body)


def _request(client: Client, url: str):
    """GET, or POST where the route takes only POST."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def test_the_matrix_is_not_empty():
    assert "spaces/<str:space_id>/" in id_routes()
    assert len(id_routes()) >= 5


@pytest.mark.parametrize("route", id_routes())
def test_non_member_gets_the_same_404_as_for_a_missing_id(route, pair, mallory):
    stranger = client_for(mallory)
    real = _request(stranger, _fill(route, _values(route, pair, real=True)))
    missing = _request(stranger, _fill(route, _values(route, pair, real=False)))
    assert real.status_code == 404, f"{route}: {real.status_code}"
    assert missing.status_code == 404
    assert normalised(real.content) == normalised(missing.content)


@pytest.mark.parametrize("route", id_routes())
def test_anonymous_is_sent_to_log_in(route, pair):
    response = _request(Client(), _fill(route, _values(route, pair, real=True)))
    assert response.status_code == 302, f"{route}: {response.status_code}"
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("route", id_routes())
def test_a_member_who_left_gets_404(route, pair):
    from toward.spaces import services

    values = _values(route, pair, real=True)
    if "space_id" not in values:
        pytest.skip("not a space route")
    services.leave_space(pair[1])
    response = _request(client_for(pair[1].user), _fill(route, values))
    assert response.status_code == 404


# --- the API, from its own OpenAPI document ---------------------------------------------------


def _api_operations():
    from toward.api.main import api

    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        if "{" not in path:
            continue
        for method, operation in methods.items():
            body = {}
            content = operation.get("requestBody", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            if ref:
                component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
                body = {name: "x" for name in component.get("required", [])}
            operations.append((method, path.removeprefix("/api/v1"), body))
    return operations


API_OPERATIONS = _api_operations()


@pytest.mark.parametrize(("method", "path", "body"), API_OPERATIONS)
def test_api_non_member_gets_404(method, path, body, pair, mallory):
    values = {name: SAMPLE_OBJECTS[name](pair) for name in re.findall(r"{(\w+)}", path)}
    url = path.format(**values)
    response = ApiClient(mallory)._send(method, url, body or None)
    assert response.status_code == 404, f"{method} {url}: {response.status_code}"
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


@pytest.mark.parametrize(("method", "path", "body"), API_OPERATIONS)
def test_api_anonymous_gets_401(method, path, body, pair):
    values = {name: SAMPLE_OBJECTS[name](pair) for name in re.findall(r"{(\w+)}", path)}
    response = ApiClient()._send(method, path.format(**values), body or None)
    assert response.status_code == 401

"""Query discipline: a page's number of database queries does not grow with how much a person
has (several spaces, many tokens). Counts are compared between a small and a larger account
rather than pinned, so a new feature's panel can add its own fixed cost."""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient, client_for
from toward.accounts import services as accounts
from toward.core.errors import ServiceError
from toward.spaces import services as spaces


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _grow(user, make_user, count: int) -> None:
    for n in range(count):
        other = make_user(f"friend{n}-{user.pk}@example.com")
        membership = spaces.create_space(user, relationship_type="friendship", name=f"Friend {n}")
        spaces.join_space(other, code=spaces.create_invitation(membership).code, name="x")
        accounts.create_api_token(user, f"token {n}")


@pytest.mark.parametrize("page", ["/", "/account/", "/space/", "/spaces/new/", "/safety/"])
def test_page_queries_do_not_grow_with_the_number_of_spaces(pair, make_user, page):
    mine, _ = pair
    url = f"/spaces/{mine.space_id}/" if page == "/space/" else page
    client = client_for(mine.user)
    client.get(url)  # warm caches (content files, session)
    small = _queries(client, url)
    _grow(mine.user, make_user, 6)
    assert _queries(client, url) == small


@pytest.mark.parametrize("path", ["/spaces", "/tokens", "/me"])
def test_api_list_queries_do_not_grow(pair, make_user, path):
    mine, _ = pair
    client = ApiClient(mine.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    small = count()
    _grow(mine.user, make_user, 6)
    assert count() == small


# --- every page and every API list, with more history ------------------------------------------
#
# One pair gets what `toward demo` gives (every app's demo seeder) and a few days of check-ins,
# answered questions and appreciations; every page and every API list is counted; then the pair
# gets three more weeks of history and six more spaces, and every count must be the same. New
# pages and API lists are found from the URL configuration and the OpenAPI document; a new kind of
# id in a URL needs its factory in tests/test_permissions.py SAMPLE_OBJECTS, and an app whose
# data grows should add it to _add_history (or to its demo seeder).

SECRET_PARAMS = {"code", "uidb64", "token"}
# Pages known to grow today, each with why; listed here so the rest stay guarded. Remove an entry
# when its page is fixed.
KNOWN_TO_GROW: dict[str, str] = {}
# Pages that are not pages: downloads of everything a person has, which grow by design.
NOT_PAGES = {"account/export.json", "account/export.html"}


def _page_routes():
    from tests.test_permissions import PARAM, _walk

    routes = []
    for route, _ in _walk(get_resolver().url_patterns):
        names = {m.group("name") for m in PARAM.finditer(route)}
        if route.startswith("api/") or names & SECRET_PARAMS or route in NOT_PAGES:
            continue
        routes.append(route)
    return sorted(set(routes))


def _api_list_paths():
    from toward.api.main import api

    schema = api.get_openapi_schema()
    paths = []
    for path, methods in schema["paths"].items():
        responses = methods.get("get", {}).get("responses", {})
        ok = responses.get(200) or responses.get("200") or {}
        body = ok.get("content", {}).get("application/json", {}).get("schema", {})
        if body.get("type") == "array":
            paths.append(path.removeprefix("/api/v1"))
    return sorted(paths)


def _add_history(pair, first_day: int, days: int) -> None:
    """Check-ins (with a feeling), an answered question and an appreciation for each day, from
    `first_day` days ago backwards, skipping days something already has."""
    from toward.checkins.models import Appreciation, CheckIn, CheckInFeeling
    from toward.decks.models import Answer, Exchange

    today = timezone.localdate()
    space_id = pair[0].space_id
    taken = set(CheckIn.objects.filter(space_id=space_id).values_list("author_id", "day"))
    for n in range(first_day, first_day + days):
        day = today - timedelta(days=n)
        for member in pair:
            if (member.user_id, day) in taken:
                continue
            checkin = CheckIn.objects.create(
                space_id=space_id, author=member.user, day=day, went_well="A walk together."
            )
            CheckInFeeling.objects.create(
                checkin=checkin, feeling_id="glad", intensity=3, position=0
            )
            Appreciation.objects.create(
                space_id=space_id, author=member.user, did="Made tea.", day=day
            )
        exchange = Exchange.objects.create(
            space_id=space_id,
            question_ref="iw-01",
            question_text="What made you smile this week?",
            depth="surface",
            asked_by=pair[0].user,
            revealed_at=timezone.now(),
        )
        for member in pair:
            Answer.objects.create(exchange=exchange, user=member.user, text="The rain.")


def _demo_activity(pair) -> None:
    from toward.core import hooks
    from toward.demo import DemoPair, DemoPerson

    people = [DemoPerson(m.user.name, m.user.email, PASSWORD, m.user) for m in pair]
    demo = DemoPair(
        people=people,
        space=pair[0].space,
        memberships=list(pair),
        started=timezone.now() - timedelta(days=24),
    )
    for seeder in hooks.demo_seeders():
        try:
            with transaction.atomic():
                seeder(demo)
        except ServiceError:
            pass  # a sample object made for a URL already holds that place (one pause at a time)


def _logged_in(user) -> Client:
    client = Client()
    assert client.post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def _count(get, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = get(url)
    return response.status_code, len(captured)


def test_every_page_and_api_list_keeps_its_query_count_as_history_grows(pair, make_user):
    from tests.test_permissions import PARAM, SAMPLE_OBJECTS, _fill

    mine, _ = pair
    routes, api_paths = _page_routes(), _api_list_paths()
    # One real object per kind of id, made on the fresh pair (as the permission matrix does).
    names = {m.group("name") for route in routes for m in PARAM.finditer(route)}
    names |= {name for path in api_paths for name in re.findall(r"{(\w+)}", path)}
    ids = {}
    for name in sorted(names & set(SAMPLE_OBJECTS)):
        # Two factories may exclude each other (one pause at a time): the first one wins.
        with contextlib.suppress(ServiceError):
            ids[name] = SAMPLE_OBJECTS[name](pair)
    _demo_activity(pair)
    _add_history(pair, 1, 3)
    client, api = _logged_in(mine.user), ApiClient(mine.user)
    pages = {}
    for route in routes:
        if not {m.group("name") for m in PARAM.finditer(route)} <= set(ids):
            continue  # an id without a factory: nothing real to count
        url = _fill(route, ids)
        client.get(url)  # warm: content caches, the session's current space, first-visit marks
        status, count = _count(client.get, url)
        if status == 200:
            pages[url] = count
    lists = {}
    for path in api_paths:
        url = path.format(**ids)
        status, count = _count(api.get, url)
        assert status == 200, url
        lists[url] = count

    _add_history(pair, 4, 21)
    _grow(mine.user, make_user, 6)

    grew = []
    for url, before in pages.items():
        client.get(url)
        status, after = _count(client.get, url)
        if (status != 200 or after != before) and url not in KNOWN_TO_GROW:
            grew.append(f"page {url}: {before} -> {after} queries (status {status})")
    for url, before in lists.items():
        status, after = _count(api.get, url)
        if status != 200 or after != before:
            grew.append(f"API {url}: {before} -> {after} queries (status {status})")
    assert len(pages) >= 30 and len(lists) >= 5, (len(pages), len(lists))
    assert not grew, "\n".join(grew)

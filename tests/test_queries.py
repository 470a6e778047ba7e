"""Query discipline: a page's number of database queries does not grow with how much a person
has (several spaces, many tokens). Counts are compared between a small and a larger account
rather than pinned, so a new feature's panel can add its own fixed cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import ApiClient, client_for
from toward.accounts import services as accounts
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

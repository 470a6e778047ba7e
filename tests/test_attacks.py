"""Generic attack tests over every route, so new apps are covered without editing this file:

- a GET crawl of every page as a member changes no rows (SAFETY-CHECKLIST item 27), and every id
  in the links and redirects it sees is a random 128-bit public id (item 5);
- hypothesis posts random Unicode, huge strings, wrong types and missing fields to every form
  found on those pages, and to every operation of the OpenAPI document: never a 500, and an
  answer of 400 or more leaves every table exactly as it was (item 40, "no partial write").

Example counts are bounded (TOWARD_ATTACK_EXAMPLES, default 4 per form and per API operation) so
the three stay near a minute per database; set it higher, with TOWARD_ATTACK_RANDOM=1, for a long
run that explores new cases.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import PASSWORD
from tests.formwalk import changed_tables, forms_in, page_routes, table_checksums
from tests.test_permissions import SAMPLE_OBJECTS
from toward.lib.ids import new_public_id

EXAMPLES = int(os.environ.get("TOWARD_ATTACK_EXAMPLES", "4"))
# The same cases on every run, so a failure is never a fluke for the next person; set
# TOWARD_ATTACK_RANDOM=1 (with more examples) to explore new ones.
DERANDOMIZE = os.environ.get("TOWARD_ATTACK_RANDOM") != "1"
# The question of the day is chosen the first time either person opens a page that shows it,
# and then kept for that day (decks/daily.py): an idempotent, documented write on GET.
LAZY_ON_GET = {"decks_dailyquestion"}
PUBLIC_ID = re.compile(r"[A-Za-z0-9_-]{22}")  # lib.ids.new_public_id: 16 random bytes
COUNTS: dict[str, int] = {}  # figures for docs/SECURITY.md, printed with -s


def _unlocked(user) -> Client:
    """A member's browser after logging in with the password (private pages are open)."""
    client = Client()
    answer = client.post("/login/", {"username": user.email, "password": PASSWORD})
    assert answer.status_code == 302
    return client


LINK = re.compile(r'(?:href|action|src|hx-get|hx-post)="(/[^"]*)"')


def _no_guessable_ids(links: set[str]) -> None:
    """Item 5: no id in a link or redirect on any page is a counter (checked on the URL
    pattern's own parameter names ending in _id). Ids of people's things are 128-bit random
    public ids; the others are names of public content, like an assessment's slug."""
    random_ids = 0
    for link in links:
        try:
            match = resolve(urlsplit(link).path)
        except Resolver404:
            continue
        for name, value in match.kwargs.items():
            if name.endswith("_id"):
                assert not str(value).isdigit(), f"a counter in a link: {link} ({name})"
                random_ids += bool(PUBLIC_ID.fullmatch(str(value)))
    assert random_ids > 20
    COUNTS["random_ids_seen"] = random_ids


def test_crawling_every_page_as_a_member_changes_no_rows(pair):
    alice = _unlocked(pair[0].user)
    bob = _unlocked(pair[1].user)
    urls = page_routes(pair)
    assert len(urls) > 40
    for client in (alice, bob):  # warm-up: today's question may be chosen once
        client.get(f"/spaces/{pair[0].space_id}/")
    before = table_checksums()
    statuses, links = {}, set()
    for url in urls:
        for client in (alice, bob):
            response = client.get(url)
            statuses[url] = response.status_code
            links.update(LINK.findall(response.content.decode(errors="replace")))
            if response.has_header("Location"):
                links.add(response["Location"])
    changed = changed_tables(before, table_checksums())
    assert set(changed) <= LAZY_ON_GET, f"a GET wrote to {changed}"
    assert 500 not in statuses.values(), [u for u, s in statuses.items() if s == 500]
    COUNTS["crawled"] = len(urls) * 2
    _no_guessable_ids(links)
    if changed:  # a lazily chosen question is chosen once: a second crawl changes nothing
        again = table_checksums()
        for url in urls:
            alice.get(url)
        assert changed_tables(again, table_checksums()) == []
        COUNTS["crawled"] += len(urls)


# --- hypothesis: what a hostile client might send ----------------------------------------------

ODD_TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=200),
    st.sampled_from(["\x00", "\ud800", "💥" * 500, "<script>x</script>", "-1", "1e309", "NaN"]),
    st.integers(min_value=1_000, max_value=120_000).map(lambda n: "x" * n),
    st.sampled_from(["", " ", "0", "99999999999999999999", "2026-02-30", "../../etc/passwd"]),
)


_DROP = object()
FIELD_CHANGES = st.one_of(
    st.none(),  # keep what the page sent
    st.just(_DROP),
    ODD_TEXT,
    st.lists(ODD_TEXT, min_size=2, max_size=3),  # the field repeated
)


def _mutations(defaults: dict[str, str]):
    """A form as the page would send it, with some fields dropped, replaced or repeated, and
    sometimes a field the form does not have."""

    def apply(drawn) -> dict[str, object]:
        changes, extra = drawn
        data: dict[str, object] = dict(defaults)
        for name, change in changes.items():
            if change is _DROP:
                data.pop(name)
            elif change is not None:
                data[name] = change
        if extra is not None:
            data[extra[0]] = extra[1]
        return data

    changes = st.fixed_dictionaries({name: FIELD_CHANGES for name in sorted(defaults)})
    extra = st.one_of(st.none(), st.tuples(st.text(min_size=1, max_size=10), ODD_TEXT))
    return st.tuples(changes, extra).map(apply)


def _check(client_post, before: dict[str, str]) -> tuple[int, dict[str, str]]:
    response = client_post()
    after = table_checksums()
    assert response.status_code < 500, f"server error ({response.status_code})"
    if response.status_code >= 400:
        assert changed_tables(before, after) == [], f"{response.status_code} but wrote"
    return response.status_code, after


def _bytes_safe(data: dict) -> dict:
    """Django's test client encodes text as UTF-8; lone surrogates are sent as raw bytes."""

    def fix(value):
        if isinstance(value, list):
            return [fix(v) for v in value]
        return (
            value.encode("utf-8", "surrogatepass").decode("latin-1")
            if isinstance(value, str) and re.search("[\ud800-\udfff]", value)
            else value
        )

    return {fix(k) if isinstance(k, str) else k: fix(v) for k, v in data.items()}


def _attack_form(client: Client, form, state: dict) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    @given(_mutations(form.defaults()))
    def attack(data):
        try:
            _, state["sums"] = _check(
                lambda: client.post(form.action, _bytes_safe(data)), state["sums"]
            )
        except Exception as exc:  # name the form, whatever went wrong
            raise AssertionError(f"POST {form.action} ({form.page}): {exc!r}") from exc
        state["cases"] += 1

    attack()


def test_every_form_survives_hostile_input_without_partial_writes(pair):
    alice = _unlocked(pair[0].user)
    forms = {}
    for url in page_routes(pair):
        response = alice.get(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for form in forms_in(url, response.content.decode()):
                forms.setdefault(form.signature, form)
    assert len(forms) > 30
    state = {"sums": table_checksums(), "cases": 0}

    for form in forms.values():
        _attack_form(alice, form, state)
    COUNTS["forms"], COUNTS["form_cases"] = len(forms), state["cases"]


# --- the API, from its OpenAPI document ---------------------------------------------------------


def _api_operations():
    from toward.api.main import api

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            body_ref = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema", {})
                .get("$ref")
            )
            body = components.get(body_ref.rsplit("/", 1)[-1], {}) if body_ref else None
            operations.append((method, path.removeprefix("/api/v1"), body))
    return operations


API_OPERATIONS = _api_operations()

WRONG_TYPES = st.one_of(
    ODD_TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _api_bodies(component: dict | None):
    if component is None:
        return st.one_of(st.none(), st.just({"unexpected": 1}))
    properties = sorted(component.get("properties", {}))

    @st.composite
    def build(draw):
        body: dict[str, object] = {}
        for name in properties:
            if draw(st.booleans()):
                body[name] = draw(WRONG_TYPES)
        if draw(st.integers(0, 4)) == 0:
            body[draw(st.text(min_size=1, max_size=8))] = draw(WRONG_TYPES)
        return body

    return st.one_of(build(), st.just([]), st.just("text"), st.just(None))


@pytest.mark.parametrize(("method", "path", "component"), API_OPERATIONS)
def test_every_api_operation_survives_hostile_bodies(method, path, component, pair, api):
    client = api(pair[0].user)
    values = {}
    for name in re.findall(r"{(\w+)}", path):
        factory = SAMPLE_OBJECTS.get(name)
        values[name] = factory(pair) if factory else new_public_id()
    url = path.format(**values)
    state = {"sums": table_checksums()}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=DERANDOMIZE,
        suppress_health_check=list(HealthCheck),
    )
    @given(_api_bodies(component))
    def attack(body):
        if method in {"get", "delete"}:  # no body: odd query parameters instead
            query = {str(k): str(v) for k, v in body.items()} if isinstance(body, dict) else {}
            query = _bytes_safe(query)

            def send():
                return getattr(client.client, method)(url, query, **client.headers)
        else:
            raw = (
                json.dumps(body).encode("utf-8", "surrogatepass")
                if body is not None
                else b"{not json"
            )

            def send():
                return client._send(method, url, raw=raw)

        try:
            _, state["sums"] = _check(send, state["sums"])
        except Exception as exc:
            raise AssertionError(f"{method.upper()} {url}: {exc!r}") from exc
        COUNTS["api_cases"] = COUNTS.get("api_cases", 0) + 1

    attack()


def test_zz_report_figures():
    """Prints how many cases ran (run with -s to see them; the figures go in docs/SECURITY.md)."""
    print(f"\nattack figures: {COUNTS}, API operations: {len(API_OPERATIONS)}")

"""SAFETY-CHECKLIST item 4, existence and timing invisibility: nothing the other member can fetch
changes when a person adds private things, whenever they were made.

Bob fetches every page route of the space (the crawl of tests/test_attacks.py) and every GET
operation of the OpenAPI document, then Alice adds 50 private things dated across the last weeks:
check-ins on days Bob did not check in (each with a private note), questionnaire results she keeps
to herself, questions Bob asked that she set aside ("not right now"), appreciations kept as private
drafts, reflections on exercises they did together, challenge days she let go, and a challenge of
her own with its marks. Bob fetches everything again. Each answer must be byte-identical to the
first: status, body (after masking CSRF tokens and CSP nonces, which change on every request),
length, and the headers that could tell (ETag, Last-Modified, Location, Content-Type,
Cache-Control, Vary).

Both crawls happen within one minute (the test waits for a fresh minute if need be), so "today" and
clock times on the pages hold still; the server's own request-time stamps are masked.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import get_resolver
from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient
from tests.test_permissions import NOT_OBJECT_IDS, PARAM, SAMPLE_OBJECTS, _walk
from toward.accounts import vault
from toward.assessments import services as assessments
from toward.challenge import services as challenge
from toward.checkins import appreciations
from toward.checkins import services as checkins
from toward.decks import services as decks
from toward.decks.daily import pool
from toward.exercises import services as exercises

pytestmark = pytest.mark.django_db

HEADERS = ("ETag", "Last-Modified", "Location", "Content-Type", "Cache-Control", "Vary")
# What changes on every request by design: CSRF tokens (masked anew each time) and CSP nonces.
RANDOM = [
    re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+'),
    re.compile(rb'(nonce=")[^"]+'),
    re.compile(rb"('nonce-)[^']+"),
    re.compile(rb'("X-CSRFToken": ?")[^"]+'),
    re.compile(rb'(name="csrf-token" content=")[^"]+'),
    # the server's clock at the moment of the request, never a stored time: the exercise
    # runner's clock sync, the export's stamp and the calendar feed's DTSTAMP
    re.compile(rb'(data-server-now=")[^"]+'),
    re.compile(rb'("exported_at": ")[^"]+'),
    re.compile(rb"(Exported )[0-9T:.+-]+"),
    re.compile(rb"(DTSTAMP:)[0-9TZ]+"),
    # the listening coach opens on a prompt drawn at random
    re.compile(rb"(/coach/listening/share-)[0-9]+"),
]


def _mask(data: bytes) -> bytes:
    for pattern in RANDOM:
        data = pattern.sub(rb"\1*", data)
    return data


def _unlocked(user) -> Client:
    client = Client()
    assert client.post("/login/", {"username": user.email, "password": PASSWORD}).status_code == 302
    return client


def _routes(pair) -> tuple[list[str], list[str]]:
    """Every page route (as tests/formwalk.py's crawl) and every GET API path, their ids filled
    with one real object of each kind (SAMPLE_OBJECTS), shared by both lists."""
    from toward.api.main import api

    values: dict[str, str] = {}

    def fill(names: list[str]) -> bool:
        if set(names) & NOT_OBJECT_IDS or any(n not in SAMPLE_OBJECTS for n in names):
            return False
        for name in names:
            if name not in values:
                values[name] = str(SAMPLE_OBJECTS[name](pair))
        return True

    pages = []
    for route, _ in _walk(get_resolver().url_patterns):
        names = [m.group("name") for m in PARAM.finditer(route)]
        if not route.startswith("api/") and fill(names):
            pages.append("/" + PARAM.sub(lambda m: values[m.group("name")], route))
    paths = []
    for path, methods in api.get_openapi_schema()["paths"].items():
        names = re.findall(r"{(\w+)}", path)
        if "get" in methods and fill(names):
            paths.append(re.sub(r"{(\w+)}", lambda m: values[m.group(1)], path))
    return sorted(set(pages)), sorted(set(paths))


def _answer(response) -> tuple:
    return (
        response.status_code,
        len(response.content),
        tuple((h, _mask(response.get(h, "").encode())) for h in HEADERS),
        _mask(response.content),
    )


def _snapshot(page_client, api_client, pages, api_paths) -> dict[str, tuple]:
    seen = {url: _answer(page_client.get(url)) for url in pages}
    for path in api_paths:
        seen["api " + path] = _answer(api_client.client.get(path, **api_client.headers))
    return seen


def _fifty_private_things(pair, key, asked, shared, runs) -> int:
    """Alice's private things, made at varied times over the last three weeks."""
    alice = pair[0]
    now = timezone.now()
    made = 0
    for n in range(10):  # a check-in on each of 10 past days, each with a private note
        when = now - timedelta(days=n + 1, hours=(n * 5) % 11, minutes=n * 7)
        checkins.submit_checkin(
            alice, went_well=f"private day {n}", private_note=f"note {n}", data_key=key, now=when
        )
        made += 1
    answers = {item.id: 1 for item in assessments.get_assessment("connection-builder").items}
    for n in range(10):  # questionnaire results kept to herself
        when = now - timedelta(days=n * 2, hours=n)
        assessments.submit(alice, "connection-builder", answers, key, recent=set(), now=when)
        made += 1
    for exchange in asked:  # questions Bob asked, set aside
        decks.not_right_now(alice, exchange)
        made += 1
    for n in range(5):  # appreciations kept as private drafts
        when = now - timedelta(days=n * 3, minutes=n * 13)
        appreciations.add_appreciation(alice, did=f"draft {n}", is_private=True, now=when)
        made += 1
    for run in runs:  # reflections on exercises that ended
        exercises.save_reflection(alice, run, key, "what I noticed")
        made += 1
    solo = challenge.start_challenge(alice, together=False, now=now - timedelta(days=9))
    made += 1  # a challenge of her own, and four days of it marked, one with a private note
    for day in range(1, 5):
        when = now - timedelta(days=9 - day, hours=day)
        note = "kept to myself" if day == 2 else None
        challenge.mark_day(alice, solo, day, "done", note=note, data_key=key, now=when)
        made += 1
    for day in range(1, 6):  # challenge days let go, marked on different days
        challenge.mark_day(alice, shared, day, "let_go", now=now - timedelta(days=6 - day))
        made += 1
    return made


def test_the_other_member_cannot_tell_how_much_one_keeps_private(pair):
    alice_m, bob_m = pair
    key = (
        vault.unlock_with_password(alice_m.user, PASSWORD)
        or vault.create_keys(alice_m.user, PASSWORD)[0]
    )
    bob_key = (
        vault.unlock_with_password(bob_m.user, PASSWORD)
        or vault.create_keys(bob_m.user, PASSWORD)[0]
    )
    # the shared world both snapshots stand in: questions Bob asked, a challenge begun a week ago
    refs = [card.ref for card in pool(alice_m.space)][:10]
    asked = [decks.ask(bob_m, ref) for ref in refs]
    shared = challenge.start_challenge(bob_m, together=True, now=timezone.now() - timedelta(days=6))
    runs = [exercises.stop(alice_m, exercises.start(alice_m, "eye-gazing")) for _ in range(5)]
    pages, api_paths = _routes(pair)
    bob = _unlocked(bob_m.user)
    bob_api = ApiClient(bob_m.user, data_key=bob_key)
    bob.get(f"/spaces/{alice_m.space_id}/")  # warm-up: today's question may be chosen once
    second = timezone.now().second
    if second > 40:  # both crawls within one minute, so "today" and clock times hold still
        time.sleep(61 - second)
    started = time.monotonic()
    before = _snapshot(bob, bob_api, pages, api_paths)

    made = _fifty_private_things(pair, key, asked, shared, runs)
    assert made == 50

    after = _snapshot(bob, bob_api, pages, api_paths)
    window = time.monotonic() - started
    differ = [k for k in before if before[k] != after[k]]
    assert not differ, _explain(differ, before, after)
    assert len(pages) > 40 and len(api_paths) > 20
    tagged = sum(1 for answer in after.values() if any(v for _, v in answer[2][:2]))
    shown = sum(1 for answer in after.values() if answer[0] == 200)
    print(  # figures for docs/SECURITY.md, shown with -s
        f"\ninvisibility: {len(pages)} page routes and {len(api_paths)} API GETs as the other "
        f"member ({shown} answered 200), {made} private things added, {len(differ)} answers "
        f"changed, {tagged} answers with an ETag or Last-Modified; both crawls in {window:.1f} s"
    )


def _explain(differ, before, after) -> str:
    import difflib

    lines = []
    for key in differ[:5]:
        a, b = before[key], after[key]
        lines.append(f"{key}: status {a[0]}->{b[0]}, length {a[1]}->{b[1]}")
        if a[2] != b[2]:
            lines.append(f"  headers {a[2]} -> {b[2]}")
        diff = difflib.unified_diff(
            a[3].decode(errors="replace").splitlines(),
            b[3].decode(errors="replace").splitlines(),
            lineterm="",
            n=1,
        )
        lines.extend("  " + line for line in list(diff)[:30])
    return f"{len(differ)} answers changed for the other member:\n" + "\n".join(lines)

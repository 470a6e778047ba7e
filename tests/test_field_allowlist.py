"""Field allowlist (SAFETY-CHECKLIST item 6): what the API can say about a space is a reviewed
list, and nothing private or unrevealed slips out through a field nobody looked at.

1. Every field of every GET answer in the OpenAPI document (the fuzz test, tests/test_api_fuzz.py,
   proves the answers match the document) is in tests/snapshots/api_fields.json. A new field
   fails this test until it is reviewed and the snapshot updated
   (`TOWARD_UPDATE_SNAPSHOTS=1 pytest tests/test_field_allowlist.py`).
2. Fields that could carry private text or the time something unrevealed was written are named,
   each with the rule that keeps it empty for the other person.
3. Behaviour: the other member fetches every GET of the API while a person has private notes,
   drafts and unrevealed answers written at distinctive moments; none of their words and none of
   those moments appear.
"""

from __future__ import annotations

import json
import os
import pathlib
from datetime import timedelta

from django.utils import timezone

from tests.conftest import PASSWORD, ApiClient
from tests.test_invisibility import _routes
from toward.accounts import vault
from toward.checkins import appreciations
from toward.checkins import services as checkins
from toward.decks import services as decks
from toward.decks.daily import pool
from toward.reflections import services as reflections
from toward.repair import services as repair

SNAPSHOT = pathlib.Path(__file__).parent / "snapshots" / "api_fields.json"

# Fields whose names say they could hold something private, with where the rule lives that keeps
# them empty for anyone but the author (each is also covered by part 3 below).
GUARDED = {
    "private_note": "checkins/api.py: only the author's own, and never its text (sealed)",
    "private_note_sealed": "checkins/api.py: only on the author's own check-in",
    "private": "checkins/api.py: appreciations; the other person never receives private ones",
    "mine": "reveal rules: the reader's own entry only",
    "theirs": "reveal rules: only once both have written",
    "note": "repair/pauses.py and challenge: the author's own note only",
    "my_note": "repair export: the author's own pause note only",
    "notes": "reflections/dreams.py: notes on a dream the pair shares, shared by their author",
}
# Names that match the search below but carry no one's words: flags and whose turn it is.
NOT_PRIVATE = {"theirs_locked", "locked", "sealed", "mine_shared", "turn_is_mine"}


def _fields(schema: dict, components: dict, prefix: str = "", seen: tuple = ()) -> set[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return {f"{prefix}<{name}>"}
        return _fields(components[name], components, prefix, (*seen, name))
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            out: set[str] = set()
            for part in schema[combined]:
                out |= _fields(part, components, prefix, seen)
            return out
    if schema.get("type") == "array":
        return _fields(schema.get("items", {}), components, prefix + "[]", seen)
    out = set()
    for name, part in schema.get("properties", {}).items():
        out.add(f"{prefix}.{name}")
        out |= _fields(part, components, f"{prefix}.{name}", seen)
    return out


def _document_fields() -> dict[str, list[str]]:
    from toward.api.main import api

    document = api.get_openapi_schema()
    components = document["components"]["schemas"]
    found = {}
    for path, methods in document["paths"].items():
        if "get" not in methods:
            continue
        responses = methods["get"]["responses"]
        ok = responses.get(200) or responses.get("200") or {}
        schema = ok.get("content", {}).get("application/json", {}).get("schema")
        if schema:
            found[f"GET {path}"] = sorted(_fields(schema, components))
    return found


def test_every_field_the_api_can_send_is_on_the_reviewed_list(db):
    found = _document_fields()
    if os.environ.get("TOWARD_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
    reviewed = json.loads(SNAPSHOT.read_text())
    added = {
        op: sorted(set(fields) - set(reviewed.get(op, [])))
        for op, fields in found.items()
        if set(fields) - set(reviewed.get(op, []))
    }
    assert not added, (
        f"New fields in GET answers: {added}. Check that none can show the other person "
        "something private or unrevealed, then run TOWARD_UPDATE_SNAPSHOTS=1 pytest "
        "tests/test_field_allowlist.py"
    )
    assert len(found) > 20


def test_fields_that_could_hold_something_private_are_each_guarded(db):
    names = {field.rsplit(".", 1)[-1] for fields in _document_fields().values() for field in fields}
    risky = {
        n
        for n in names
        if any(word in n for word in ("private", "draft", "note", "sealed", "mine", "theirs"))
    }
    unguarded = risky - set(GUARDED) - NOT_PRIVATE
    assert not unguarded, f"Say which rule keeps these from the other person: {unguarded}"


def test_the_other_member_sees_no_private_words_and_no_moment_of_anything_unrevealed(pair):
    alice_m, bob_m = pair
    alice_key = vault.create_keys(alice_m.user, PASSWORD)[0]
    bob_key = vault.create_keys(bob_m.user, PASSWORD)[0]
    # distinctive moments (odd seconds, long ago) for everything Bob must not learn of
    moments = [
        timezone.now() - timedelta(days=d, hours=3, minutes=17, seconds=d * 7 + 1)
        for d in (2, 4, 5)
    ]
    checkins.submit_checkin(
        alice_m,
        went_well="canary-field-went",
        private_note="canary-field-private",
        data_key=alice_key,
        now=moments[0],
    )
    appreciations.add_appreciation(
        alice_m, did="canary-field-draft", is_private=True, now=moments[1]
    )
    ref = next(iter(pool(alice_m.space))).ref
    exchange = decks.ask(alice_m, ref)
    decks.answer(alice_m, exchange, "canary-field-unrevealed-answer")
    reflections.write_reflection(alice_m, alice_key, {"closeness": "canary-field-reflection"})
    row = repair.start_repair(alice_m)
    repair.write_parts(alice_m, row, **{k: "canary-field-repair" for k in repair.PART_IDS})

    _, api_paths = _routes(pair)
    bob = ApiClient(bob_m.user, data_key=bob_key)
    seen = []
    for path in api_paths:
        response = bob.client.get(path, **bob.headers)
        seen.append((path, response.content.decode()))
    assert sum(1 for _, body in seen if body.startswith(("{", "["))) > 20
    stamps = set()
    for moment in moments:
        stamps |= {moment.isoformat()[:19], moment.strftime("%Y-%m-%dT%H:%M:%S")}
    leaks = [
        (path, word) for path, body in seen for word in ("canary-field", *stamps) if word in body
    ]
    assert not leaks, leaks

"""Run in a subprocess by tests/test_canary_scan.py against a real database (a SQLite file in WAL
mode, or PostgreSQL): plant private text through the real pages, then, while the server process
still holds the database open (so the WAL is not yet folded back), report which files hold it.

Prints one JSON object: {"planted": {...}, "files": {path: [canaries found]}}.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "toward.settings.base"
os.environ.setdefault("TOWARD_ALLOWED_HOSTS", "testserver")
django.setup()

from django.conf import settings  # noqa: E402

from toward.lib.crypto import KdfParams  # noqa: E402

# Cheap hashing and key derivation, as in the test settings: this test is about where bytes go.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.TOWARD_KDF = KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1)

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from tests.formwalk import forms_in  # noqa: E402
from toward.accounts import services as accounts  # noqa: E402
from toward.spaces import services as spaces  # noqa: E402

CANARIES = {
    "checkin_private_note": "canary-note-7Q4ZP",
    "repair_part": "canary-repair-K2M9W",
    "exercise_reflection": "canary-exercise-R8TX3",
    "first_reflection": "canary-reflection-V5NB6",
}
PASSWORD = "a calm long phrase for canaries"


def submit(client: Client, page: str, fill: dict[str, str], every_textarea: str = "") -> int:
    """Find the form on `page` that has every field in `fill` (or, with `every_textarea`, the
    first form with a text box, every box filled with that text), fill the rest as the page
    would, and post it; returns the status."""
    body = client.get(page).content.decode()
    forms = forms_in(page, body)
    if every_textarea:
        form = next(f for f in forms if any(i.kind == "textarea" for i in f.fields.values()))
        fill = {n: every_textarea for n, i in form.fields.items() if i.kind == "textarea"}
    else:
        form = next(f for f in forms if set(fill) <= set(f.fields))
    data = form.defaults()
    for name, item in form.fields.items():
        if item.kind == "textarea" and not data.get(name, "").strip():
            data[name] = "fine"
    data.update(fill)
    response = client.post(form.action, data)
    if response.status_code >= 400:
        sys.stderr.write(response.content.decode()[-3000:])
    return response.status_code


def main() -> None:
    call_command("migrate", verbosity=0)
    alice = accounts.sign_up(email="canary-a@example.com", password=PASSWORD)
    bob = accounts.sign_up(email="canary-b@example.com", password=PASSWORD)
    mine = spaces.create_space(alice, relationship_type="romantic", name="Canary")
    spaces.join_space(bob, code=spaces.create_invitation(mine).code, name="Canary")
    client = Client()
    assert (
        client.post("/login/", {"username": alice.email, "password": PASSWORD}).status_code == 302
    )
    space = mine.space_id
    planted = {}
    planted["checkin_private_note"] = submit(
        client, f"/spaces/{space}/checkin/", {"private_note": CANARIES["checkin_private_note"]}
    )
    repair_page = client.post(f"/spaces/{space}/repairs/new/")["Location"]
    planted["repair_part"] = submit(client, repair_page, {"my_part": CANARIES["repair_part"]})
    from toward.exercises import services as exercises

    run = exercises.start(mine, "eye-gazing")
    exercises.stop(mine, run)  # a reflection is written once the exercise has ended
    reflect_page = f"/spaces/{space}/exercises/runs/{run.id}/reflect/"
    planted["exercise_reflection"] = submit(
        client, reflect_page, {"text": CANARIES["exercise_reflection"]}
    )
    reflection_page = f"/spaces/{space}/reflection/"
    planted["first_reflection"] = submit(
        client, reflection_page, {}, every_textarea=CANARIES["first_reflection"]
    )
    # The author reads them back: they really were stored.
    readable = "".join(
        client.get(page).content.decode()
        for page in (f"/spaces/{space}/checkin/", repair_page, reflect_page, reflection_page)
    )
    planted["read_back"] = [n for n, c in CANARIES.items() if c not in readable] == []
    planted["not_read_back"] = [n for n, c in CANARIES.items() if c not in readable]

    files: dict[str, list[str]] = {}
    backup = pathlib.Path(sys.argv[1])
    from toward.core import backups

    backups.backup(backup)  # `toward backup`: VACUUM INTO on SQLite, pg_dump on PostgreSQL

    data_dir = pathlib.Path(settings.DATA_DIR)
    candidates = sorted(p for p in data_dir.rglob("*") if p.is_file())
    if backup.exists():
        candidates.append(backup)
    for path in candidates:
        raw = path.read_bytes()
        files[str(path)] = [name for name, c in CANARIES.items() if c.encode() in raw]
    # A control: shared text typed on a page (the space's name) is in the files in plain text,
    # so the scan does read where the data lands.
    control = any(b"Canary" in path.read_bytes() for path in candidates)
    sizes = {str(path): path.stat().st_size for path in candidates}
    print(
        json.dumps({"planted": planted, "files": files, "sizes": sizes, "control_found": control})
    )


if __name__ == "__main__":
    main()

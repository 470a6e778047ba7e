"""Log hygiene (SAFETY-CHECKLIST item 32): passwords, codes, tokens and reset links never reach
a log line, whatever happens."""

from __future__ import annotations

import logging
import re

from django.core import mail
from django.test import Client

from tests.conftest import ApiClient, client_for, signup_link
from toward.spaces import services as spaces


def test_secrets_never_reach_the_logs(caplog, alice, bob):
    caplog.set_level(logging.DEBUG)
    secrets: list[str] = ["a calm long phrase", "wrong guess phrase"]

    visitor = Client()
    visitor.post("/signup/", {"email": "new@example.com", "password": secrets[0]})
    signup_path = signup_link("new@example.com")
    secrets.append(signup_path.split("/")[-2])
    visitor.get(signup_path)
    visitor.post(signup_path, {"password": secrets[0]})
    Client().post("/login/", {"username": "alice@example.com", "password": secrets[1]})
    Client().post("/signup/", {"email": "bad", "password": "short"})

    membership = spaces.create_space(alice, relationship_type="romantic", name="Canary space")
    page = client_for(alice).post(f"/spaces/{membership.space_id}/invite/")
    code = page.context["issued"].code
    secrets += [code, membership.space_id]
    client_for(bob).post("/join/", {"code": code, "name": "x"})
    client_for(bob).post("/join/", {"code": "NOPE-NOPE-NOPE-NOPE", "name": "x"})

    api = ApiClient(alice)
    secrets.append(api.headers["HTTP_AUTHORIZATION"].split()[1])
    api.get("/me")
    api.get(f"/spaces/{membership.space_id}/nope")
    ApiClient().get("/me")

    mail.outbox.clear()
    Client().post("/password-reset/", {"email": "alice@example.com"})
    link = re.search(r"(/password-reset/\S+/)", mail.outbox[0].body).group(1)
    secrets.append(link.split("/")[-2])
    Client().get(link)
    Client().get(link.replace("/", "/x", 1))

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records, "expected some log lines to check"
    for secret in secrets:
        assert secret not in logged, f"a secret reached the logs: {secret[:6]}…"

"""Reading from a replica (TOWARD_DATABASE_REPLICA_URL, docs/DEPLOYMENT.md): only page views that
change nothing read from it; writes, the API, transactions, a request after it wrote, and a
browser's first seconds after writing all stay on the primary. The router is asked directly (no
query runs), so these tests need no second database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from toward.accounts.models import User
from toward.core.replica import STICKY_COOKIE, ReplicaMiddleware, ReplicaRouter

router = ReplicaRouter()


def _where_reads_go(request, *, write_first: bool = False, in_transaction: bool = False):
    seen = {}

    def view(request):
        if write_first:
            router.db_for_write(User)
        if in_transaction:
            with transaction.atomic():
                seen["db"] = router.db_for_read(User)
        else:
            seen["db"] = router.db_for_read(User)
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(request)
    return seen["db"], response


def test_a_page_that_changes_nothing_reads_from_the_replica():
    assert _where_reads_go(RequestFactory().get("/spaces/abc/"))[0] == "replica"


def test_a_form_post_uses_the_primary_and_keeps_the_browser_there_for_a_while():
    db_used, response = _where_reads_go(RequestFactory().post("/spaces/abc/checkin/"))
    assert db_used == "default"
    assert response.cookies[STICKY_COOKIE]["max-age"] == 10
    factory = RequestFactory()
    factory.cookies[STICKY_COOKIE] = "1"
    assert _where_reads_go(factory.get("/spaces/abc/"))[0] == "default"


def test_the_api_always_reads_from_the_primary():
    assert _where_reads_go(RequestFactory().get("/api/v1/spaces"))[0] == "default"


def test_reads_after_a_write_in_the_same_request_use_the_primary():
    request = RequestFactory().get("/spaces/abc/questions/")
    assert _where_reads_go(request, write_first=True)[0] == "default"


def test_reads_inside_a_transaction_use_the_primary(db):
    # (the db fixture itself wraps the test in a transaction; the view opens one more)
    request = RequestFactory().get("/spaces/abc/")
    assert _where_reads_go(request, in_transaction=True)[0] == "default"


def test_outside_a_request_everything_uses_the_primary():
    assert router.db_for_read(User) == "default"
    assert router.db_for_write(User) == "default"
    assert router.allow_migrate("replica", "accounts") is False
    assert router.allow_migrate("default", "accounts") is True


def test_the_setting_adds_the_replica_the_router_and_the_middleware(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        TOWARD_DATA_DIR=str(tmp_path),
        DATABASE_URL="postgres://toward@primary.internal:5432/toward",
        TOWARD_DATABASE_REPLICA_URL="postgres://toward@replica.internal:5432/toward",
        DJANGO_SETTINGS_MODULE="toward.settings.base",
    )
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([sorted(s.DATABASES), s.DATABASES['replica']['HOST'], "
        "s.DATABASE_ROUTERS, s.MIDDLEWARE[0]]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == [
        ["default", "replica"],
        "replica.internal",
        ["toward.core.replica.ReplicaRouter"],
        "toward.core.replica.ReplicaMiddleware",
    ]

"""Reading from a PostgreSQL replica, safely (docs/DEPLOYMENT.md).

Enabled only when TOWARD_DATABASE_REPLICA_URL is set: the settings then add a "replica"
database, this router and this middleware. The rule is deliberately narrow, so nobody ever sees
their own write missing because the replica is a moment behind:

- Only page requests that cannot change anything (GET and HEAD, not the JSON API, whose clients
  often read straight after writing and carry no cookie) may read from the replica.
- A browser that wrote something (any other method) is kept on the primary for
  STICKY_SECONDS afterwards, through a small cookie holding no data.
- Inside a request, once anything is written, and inside any transaction, reads go to the
  primary too.
- Writes and migrations always go to the primary ("default").
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "toward_primary"
STICKY_SECONDS = 10  # far above the lag of a healthy streaming replica (well under a second)
SAFE_METHODS = {"GET", "HEAD"}

# None: not in a request that may use the replica. A dict {"wrote": bool} while in one.
_state: ContextVar[dict | None] = ContextVar("toward_replica_state", default=None)


def may_use_replica(request: HttpRequest) -> bool:
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith("/api/")
        and STICKY_COOKIE not in request.COOKIES
    )


class ReplicaMiddleware:
    """First in the stack: marks the requests whose reads may go to the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _state.set({"wrote": False} if may_use_replica(request) else None)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                STICKY_COOKIE, "1", max_age=STICKY_SECONDS, httponly=True, samesite="Lax"
            )
        return response


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str | None:
        state = _state.get()
        if state is None or state["wrote"] or connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        state = _state.get()
        if state is not None:
            state["wrote"] = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        return db == PRIMARY

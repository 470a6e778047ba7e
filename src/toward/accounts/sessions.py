"""The session store: Django's database sessions, with the read of a request's session as plain
SQL (SESSION_ENGINE, docs/PERFORMANCE.md).

Every signed-in request reads its session row first. Through the ORM that one lookup cost about
0.8 ms of Python (the query built and compiled each time), a quarter of a signed-in request that
does nothing else. `load` asks exactly what Django's `db.SessionStore` asks, on the database the
routers pick for reading sessions: the row with this key whose expiry is still ahead. Creating,
saving, deleting, expiry and the stored format are all Django's own, so sessions made before
this store keep working, and the other way round.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def load(self) -> dict:
        data = self._session_data_from_db()
        return self.decode(data) if data is not None else {}

    def _session_data_from_db(self) -> str | None:
        """The stored session data, or None (and no key: a new session on save) when there is
        no such session or it has expired, as `db.SessionStore._get_session_from_db`."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        meta = model._meta
        table, data, key, expires = (
            quote(name)
            for name in (
                meta.db_table,
                meta.get_field("session_data").column,
                meta.get_field("session_key").column,
                meta.get_field("expire_date").column,
            )
        )
        # Only the model's own quoted names go into the text; the values are parameters.
        sql = f"SELECT {data} FROM {table} WHERE {key} = %s AND {expires} > %s"  # noqa: S608
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return row[0]

"""Keep secrets and private ids out of log lines (SAFETY-CHECKLIST item 32).

Django logs the path of every 4xx/5xx response. Paths can carry a password-reset token, an
invitation code, or the id of a private entry next to the time it was asked for, so only the
first segment of a logged path is kept: "Not Found: /spaces/…".
"""

from __future__ import annotations

import logging


def redact_path(path: object) -> object:
    if not isinstance(path, str) or not path.startswith("/"):
        return path
    first, _, rest = path[1:].partition("/")
    if first == "api":
        version, _, rest = rest.partition("/")
        first = f"api/{version}/{rest.partition('/')[0]}"
        rest = rest.partition("/")[2]
    return f"/{first}/…" if rest else f"/{first}"


class RedactPaths(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(redact_path(arg) for arg in record.args)
        request = getattr(record, "request", None)
        if request is not None:
            record.request = None  # handlers must not format the full request either
        return True

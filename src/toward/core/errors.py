"""The one error type services raise for something a person can fix.

Views turn it into a message on the page (keeping what was typed), the API into a 4xx JSON body
``{"error": {"code": ..., "message": ...}}``, the CLI into one line on stderr and exit code 1.
"""

from __future__ import annotations


class ServiceError(Exception):
    status = 400

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


class Conflict(ServiceError):
    status = 409


class Gone(ServiceError):
    status = 410

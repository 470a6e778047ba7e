"""Headers that keep private pages private on shared and borrowed devices."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PrivacyHeadersMiddleware:
    """No page of Toward may be cached: a partner pressing Back on a shared phone must not find
    yesterday's check-in in the browser cache (SAFETY-CHECKLIST item 25)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            response["Cache-Control"] = "no-store, private"
            response.headers.pop("Last-Modified", None)
            response.headers.pop("ETag", None)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response

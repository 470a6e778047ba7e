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


class RequestSizeMiddleware:
    """Refuse a request whose declared body is far larger than anything Toward accepts, before a
    byte of it is read, so a huge upload cannot fill the disk with temporary files. Anything
    under the cap reaches the view, where a photo or a deck file that is merely too large gets
    its own kind form error that keeps what was typed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > max_request_bytes():
            from toward.core.views import too_large

            return too_large(request, upload=True)
        return self.get_response(request)


def max_request_bytes() -> int:
    """Well above what any view checks itself (a photo, a 1 MB deck file), so those keep their
    own kinder form errors: four photos' worth or 64 MB, whichever is more, plus 1 MB."""
    return (
        max(settings.PHOTO_MAX_BYTES * 4, 64 * 1024 * 1024) + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )

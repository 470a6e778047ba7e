from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from toward.content.library import practices, safety_page


def _available_practices() -> list[dict]:
    """Practices whose pages exist yet, each with its address."""
    found = []
    for practice in practices().items:
        try:
            url = reverse(practice.route)
        except NoReverseMatch:
            continue
        found.append({"practice": practice, "url": url})
    return found


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    available = _available_practices()
    return render(
        request,
        "core/home.html",
        {
            "solo_practices": [p for p in available if p["practice"].mode in ("solo", "both")],
            "pair_practices": [p for p in available if p["practice"].mode in ("pair", "both")],
        },
    )


def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "core/safety.html", {"page": safety_page()})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


def bench_hello(request: HttpRequest) -> HttpResponse:
    """The load benchmark's baseline: the same server and middleware, no template, no query.
    Routed only when TOWARD_BENCH_HELLO is set (benchmarks/README.md)."""
    return HttpResponse("hello", content_type="text/plain")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "core/csrf_failure.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"code": "not_found", "message": "Not found."}}, status=404)
    return render(request, "core/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "server_error", "message": "Something went wrong on our side."}},
            status=500,
        )
    return render(request, "core/500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return _too_large(request)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"code": "bad_request", "message": "That request could not be read."}},
            status=400,
        )
    return render(request, "core/400.html", status=400)


def _too_large(request: HttpRequest) -> HttpResponse:
    return too_large(request)


def too_large(request: HttpRequest, *, upload: bool = False) -> HttpResponse:
    """More than Toward reads in one request: 413, said kindly. Text forms and API bodies stop at
    DATA_UPLOAD_MAX_MEMORY_SIZE (1 MB); a request with a photo stops, unread, at a few times the
    photo limit (core.middleware.RequestSizeMiddleware)."""
    limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    photo_mb = settings.PHOTO_MAX_BYTES // (1024 * 1024)
    if request.path.startswith("/api/"):
        if upload:
            message = f"That request is far larger than a photo may be ({photo_mb} MB at most)."
        else:
            message = f"That request is larger than {limit_kb} KB, the most Toward reads at once."
        return JsonResponse({"error": {"code": "too_large", "message": message}}, status=413)
    context = {"limit_kb": limit_kb, "photo_mb": photo_mb, "upload": upload}
    return render(request, "core/413.html", context, status=413)


@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Called by the quick-exit control as it leaves: end the session so Back shows no content."""
    logout(request)
    response = HttpResponse(status=204)
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


THEMES = ("auto", "light", "dark")
THEME_COOKIE = "toward_theme"


@require_POST
def set_theme(request: HttpRequest) -> HttpResponse:
    """Remember light, dark or automatic (follow the device) in a cookie; no account needed."""
    theme = request.POST.get("theme", "auto")
    # Back to the page the choice was made on (same-origin Referer), without echoing the
    # current path into every page.
    target = request.POST.get("next") or request.headers.get("Referer") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if theme in THEMES:
        response.set_cookie(
            THEME_COOKIE, theme, max_age=60 * 60 * 24 * 400, samesite="Lax", httponly=True
        )
    return response

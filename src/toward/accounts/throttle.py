"""Slowing down and refusing repeated failed logins, without letting anyone lock out the owner.

Three layers, each for a different attacker:

1. django-axes counts failures per account *and device*: the device is IP + browser + a signed
   random cookie. Ten failures lock that device out of that account for a while; the owner's other
   devices, even on the same home network, are untouched (SAFETY-CHECKLIST item 16).
2. Between failures from one device the wait grows (1 s, 2 s, 4 s … 30 s), so guessing is slow long
   before the lockout (the "slowed down" part).
3. Someone who throws the device cookie away gets a fresh axes counter, so each account also has
   an hourly cap on failures reaching the password check (item 15). Devices where the owner has
   logged in before carry a signed "known device" mark and are never held back by that cap.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from toward.lib.ids import new_public_id

DEVICE_COOKIE = "toward_device"
KNOWN_COOKIE = "toward_known"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 400  # about a year: browsers cap cookie lifetimes near here
ACCOUNT_HOURLY_CAP = 100  # failed attempts per account per hour that may reach the verifier
SLOWDOWN_AFTER = 3  # failures from one device before waits begin
SLOWDOWN_MAX_SECONDS = 30


class DeviceMiddleware:
    """Give each browser a random device id and fold it into what django-axes keys on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            device = (
                signing.get_cookie_signer(salt=DEVICE_COOKIE).unsign(request.COOKIES[DEVICE_COOKIE])
                if DEVICE_COOKIE in request.COOKIES
                else None
            )
        except signing.BadSignature:
            device = None
        fresh = device is None
        if fresh:
            device = new_public_id()
        request.device_id = device
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:200]
        request.META["HTTP_USER_AGENT"] = f"{user_agent} [device {device}]"
        response = self.get_response(request)
        if fresh:
            response.set_cookie(
                DEVICE_COOKIE,
                signing.get_cookie_signer(salt=DEVICE_COOKIE).sign(device),
                max_age=DEVICE_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _attempt(request: HttpRequest, username: str) -> AccessAttempt | None:
    return (
        AccessAttempt.objects.filter(
            username=username,
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
        )
        .order_by("-attempt_time")
        .first()
    )


def seconds_to_wait(request: HttpRequest, username: str) -> int:
    """How long this device must wait before its next try for this account (0 = go ahead)."""
    attempt = _attempt(request, username)
    if attempt is None or attempt.failures_since_start < SLOWDOWN_AFTER:
        return 0
    wait = min(2 ** (attempt.failures_since_start - SLOWDOWN_AFTER), SLOWDOWN_MAX_SECONDS)
    ready_at = attempt.attempt_time + timedelta(seconds=wait)
    remaining = (ready_at - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


def is_known_device(request: HttpRequest, username: str) -> bool:
    try:
        known = signing.loads(request.COOKIES.get(KNOWN_COOKIE, ""), salt=KNOWN_COOKIE)
    except signing.BadSignature:
        return False
    return isinstance(known, list) and username in known


def remember_device(request: HttpRequest, response: HttpResponse, username: str) -> None:
    try:
        known = signing.loads(request.COOKIES.get(KNOWN_COOKIE, ""), salt=KNOWN_COOKIE)
    except signing.BadSignature:
        known = []
    known = [name for name in known if name != username][-4:] + [username]
    response.set_cookie(
        KNOWN_COOKIE,
        signing.dumps(known, salt=KNOWN_COOKIE),
        max_age=DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def account_over_hourly_cap(username: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    return (
        AccessFailureLog.objects.filter(username=username, attempt_time__gte=since).count()
        >= ACCOUNT_HOURLY_CAP
    )


def locked_out_response(request: HttpRequest, credentials: dict | None = None) -> HttpResponse:
    """What django-axes shows a locked-out device: calm, with no hint whether the account exists."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=429,
    )

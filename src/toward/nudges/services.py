"""Notices, quiet hours, recharging and the pace of deep talks (PRODUCT.md 3.14).

Every app that reminds, invites or nudges a person goes through :func:`notify`, so recharging
pauses all of it in one place. Emails are always the same neutral words with a link: a title may
name the practice, never what anyone wrote.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from toward.core.compiled_sql import PROBE_ARGUMENTS, CompiledCache, compile_query
from toward.core.errors import ServiceError
from toward.nudges.models import (
    QUIET_END,
    QUIET_START,
    TITLE_MAX,
    DeepDive,
    Notice,
    RestSettings,
    SpacePace,
)

PARTNER_REST_LINE = "taking some quiet time"
EMAIL_SUBJECT = "Toward — something new for you"
EMAIL_BODY = "There is something new for you in Toward. Open it when you're ready."
NOTICES_KEPT = 200  # a person's newest notices; older ones are let go
RECHARGE_CHOICES = {
    "day": ("For a day", timedelta(days=1)),
    "few_days": ("For a few days", timedelta(days=3)),
    "week": ("For a week", timedelta(days=7)),
    "until_off": ("Until I turn it off", None),
}
DEEP_DIVES_MAX = 7
DEEP_DIVE_WINDOW = timedelta(days=7)


# --- time zones and quiet hours -------------------------------------------------------------------


def zone_for(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def valid_time_zone(raw: object) -> str:
    name = raw.strip() if isinstance(raw, str) else ""
    if not name or name not in zoneinfo.available_timezones():
        raise ServiceError(
            "invalid_time_zone",
            "Please choose a time zone from the list, such as Europe/Berlin or America/New_York.",
            field="time_zone",
        )
    return name


def parse_clock(raw: object, *, field: str, what: str = "The time") -> time:
    """A wall-clock time written as HH:MM (24-hour)."""
    if isinstance(raw, time):
        return raw.replace(second=0, microsecond=0, tzinfo=None)
    text = raw.strip() if isinstance(raw, str) else ""
    try:
        hours, minutes = text.split(":")[:2] if text.count(":") in (1, 2) else ("x", "x")
        value = time(int(hours), int(minutes))
    except (TypeError, ValueError):
        raise ServiceError(
            "invalid_time", f"{what} should look like 07:30 or 21:00 (24-hour).", field=field
        ) from None
    return value


def rest_settings(user) -> RestSettings:
    """The person's settings, or unsaved defaults."""
    row = RestSettings.objects.filter(user_id=user.pk).first()
    return row or RestSettings(user_id=user.pk, quiet_start=QUIET_START, quiet_end=QUIET_END)


def _local(zone: zoneinfo.ZoneInfo, day, clock: time) -> datetime:
    """That wall-clock time on that day; a time skipped by a clock change is read as just after."""
    naive = datetime.combine(day, clock)
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(zoneinfo.ZoneInfo("UTC")).astimezone(zone)


def in_quiet_hours(user, when: datetime, rest: RestSettings | None = None) -> bool:
    return next_allowed_time(user, when, rest) != when


def next_allowed_time(user, when: datetime, rest: RestSettings | None = None) -> datetime:
    """`when` itself if it falls outside the person's quiet hours (read in their own time zone),
    else the moment their quiet hours end."""
    rest = rest or rest_settings(user)
    start, end = rest.quiet_start, rest.quiet_end
    if start == end:
        return when
    zone = zone_for(user)
    local = when.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    day = local.date()
    if start < end:  # e.g. 01:00–06:00 within one night
        if start <= clock < end:
            return _local(zone, day, end)
        return when
    if clock >= start:  # e.g. 22:00–08:00 across midnight: evening part
        return _local(zone, day + timedelta(days=1), end)
    if clock < end:  # early-morning part
        return _local(zone, day, end)
    return when


# --- recharging ----------------------------------------------------------------------------------


def is_recharging(user, at: datetime | None = None) -> bool:
    at = at or timezone.now()
    row = RestSettings.objects.filter(user_id=user.pk).values_list(
        "recharging_indefinitely", "recharging_until"
    )
    found = row.first()
    if not found:
        return False
    indefinitely, until = found
    return bool(indefinitely or (until is not None and until > at))


def recharging_among(user_ids: list, at: datetime | None = None) -> set:
    """Which of these people are recharging (`is_recharging` for each), in one query."""
    at = at or timezone.now()
    rows = RestSettings.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "recharging_indefinitely", "recharging_until"
    )
    return {
        user_id
        for user_id, indefinitely, until in rows
        if indefinitely or (until is not None and until > at)
    }


def recharging_until(user, at: datetime | None = None) -> datetime | None:
    rest = rest_settings(user)
    if rest.recharging_indefinitely:
        return None
    at = at or timezone.now()
    return rest.recharging_until if rest.recharging_until and rest.recharging_until > at else None


def rest_status_for_partner(user) -> str | None:
    """What the other member may see: the neutral line, or nothing at all."""
    return PARTNER_REST_LINE if is_recharging(user) else None


@transaction.atomic
def start_recharging(user, *, duration: object, now: datetime | None = None) -> RestSettings:
    if not isinstance(duration, str) or duration not in RECHARGE_CHOICES:
        raise ServiceError(
            "invalid_duration",
            "Please choose how long: for a day, a few days, a week, or until you turn it off.",
            field="duration",
        )
    now = now or timezone.now()
    length = RECHARGE_CHOICES[duration][1]
    rest = rest_settings(user)
    rest.recharging_indefinitely = length is None
    rest.recharging_until = None if length is None else now + length
    rest.save()
    return rest


@transaction.atomic
def stop_recharging(user) -> RestSettings:
    rest = rest_settings(user)
    rest.recharging_indefinitely = False
    rest.recharging_until = None
    rest.save()
    return rest


@transaction.atomic
def set_quiet_hours(user, *, start: object, end: object, time_zone: object = None) -> RestSettings:
    """Quiet hours from `start` to `end` (equal times: none), and optionally the time zone."""
    start_at = parse_clock(start, field="quiet_start", what="The start of quiet hours")
    end_at = parse_clock(end, field="quiet_end", what="The end of quiet hours")
    zone = valid_time_zone(time_zone) if time_zone not in (None, "") else None
    rest = rest_settings(user)
    rest.quiet_start, rest.quiet_end = start_at, end_at
    rest.save()
    if zone is not None and zone != user.time_zone:
        get_user_model().objects.filter(pk=user.pk).update(time_zone=zone)
        user.time_zone = zone
    return rest


# --- notices -------------------------------------------------------------------------------------


def _email_configured() -> bool:
    return not settings.EMAIL_BACKEND.endswith("console.EmailBackend")


def notify(user, *, kind: str, title: str, url: str = "", space=None, email: bool = True) -> bool:
    """Leave a notice for one person (and an email with neutral words, when email is set up).

    Nothing is sent while the person is recharging: returns False then, True when sent. The
    title is ours (e.g. "Time for your ritual"), never what anyone wrote. Quiet hours are the
    scheduler's business: work that runs later asks `next_allowed_time` when to call this."""
    if is_recharging(user):
        return False
    Notice.objects.create(
        user_id=user.pk,
        space_id=getattr(space, "pk", space),
        kind=kind[:40],
        title=title[:TITLE_MAX],
        url=url[:300],
        created_at=timezone.now(),
    )
    if email and _email_configured() and getattr(user, "email", ""):
        from toward.core.tasks import send_email

        body = EMAIL_BODY
        if url:
            body += f"\n\n{settings.BASE_URL}{url}" if url.startswith("/") else f"\n\n{url}"
        # Queued inside the caller's transaction (the database backend stores the task there),
        # so a rolled-back write sends nothing.
        send_email.enqueue(subject=EMAIL_SUBJECT, body=body, to=[user.email])
    return True


def notify_partner(membership, *, kind: str, title: str, url: str = "", email: bool = True) -> bool:
    """`notify` the other current member of this person's space (an invitation, a plan, a
    question); False when there is nobody there or they are recharging."""
    from toward.spaces.services import other_member

    other = other_member(membership)
    if other is None or other.left_at is not None:
        return False
    return notify(
        other.user, kind=kind, title=title, url=url, space=membership.space_id, email=email
    )


def notices_for(user, *, limit: int = 50) -> list[Notice]:
    return list(Notice.objects.filter(user_id=user.pk)[:limit])


def _unread(args) -> QuerySet:
    return (
        Notice.objects.filter(user_id=args["user"], read_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("n")
    )


def _compile_unread():
    def build(args):
        qs = _unread(args)
        sql, params = qs.query.get_compiler(using="default").as_sql()
        return Notice, sql, params

    return compile_query(build, PROBE_ARGUMENTS)


_COMPILED = CompiledCache()


def _compiled_unread():
    return _COMPILED.get("unread", _compile_unread)


def unread_count(user) -> int:
    """The bell's count, on every page: compiled once per process (core.compiled_sql), as the
    ORM's count() cost a fifth of a millisecond of Python each time."""
    compiled = _compiled_unread()
    rows = compiled.rows({"user": user.pk}) if compiled else list(_unread({"user": user.pk}))
    return rows[0][0] if rows else 0


def get_notice(user, notice_id: object) -> Notice:
    if not isinstance(notice_id, str):
        raise Http404("No such notice")
    try:
        return Notice.objects.get(pk=notice_id, user_id=user.pk)
    except Notice.DoesNotExist:
        raise Http404("No such notice") from None


def mark_read(user, notice: Notice | None = None) -> int:
    rows = Notice.objects.filter(user_id=user.pk, read_at__isnull=True)
    if notice is not None:
        rows = rows.filter(pk=notice.pk)
    return rows.update(read_at=timezone.now())


def forget_old_notices(user) -> int:
    keep = list(Notice.objects.filter(user_id=user.pk).values_list("pk", flat=True)[:NOTICES_KEPT])
    return Notice.objects.filter(user_id=user.pk).exclude(pk__in=keep).delete()[0]


# --- the pace of deep conversations --------------------------------------------------------------


def space_pace(space) -> SpacePace:
    space_id = getattr(space, "pk", space)
    return SpacePace.objects.filter(space_id=space_id).first() or SpacePace(space_id=space_id)


def space_paces(space_ids) -> dict[str, SpacePace]:
    """Several spaces' paces in one query (the rest page lists every space a person is in)."""
    ids = list(space_ids)
    found = {p.space_id: p for p in SpacePace.objects.filter(space_id__in=ids)}
    return {i: found.get(i) or SpacePace(space_id=i) for i in ids}


@transaction.atomic
def set_deep_dive_limit(space, limit: object) -> SpacePace:
    """At most `limit` deep conversations in any seven days; empty or 0 means no limit."""
    if limit in (None, "", 0, "0"):
        value = None
    else:
        try:
            value = int(str(limit).strip())
        except (TypeError, ValueError):
            value = -1
        if isinstance(limit, bool) or not 1 <= value <= DEEP_DIVES_MAX:
            raise ServiceError(
                "invalid_limit",
                f"Please choose from 1 to {DEEP_DIVES_MAX} a week, or leave it empty for no limit.",
                field="deep_dives_per_week",
            )
    pace = space_pace(space)
    pace.deep_dives_per_week = value
    pace.save()
    return pace


def deep_dives_recent(space, at: datetime | None = None) -> int:
    at = at or timezone.now()
    return DeepDive.objects.filter(
        space_id=getattr(space, "pk", space), started_at__gt=at - DEEP_DIVE_WINDOW
    ).count()


def deep_dive_allowed(space, at: datetime | None = None) -> bool:
    limit = space_pace(space).deep_dives_per_week
    return limit is None or deep_dives_recent(space, at) < limit


def deep_dive_limit_message(space) -> str:
    limit = space_pace(space).deep_dives_per_week or 0
    talks = "deep conversation" if limit == 1 else "deep conversations"
    return (
        f"You set a limit of {limit} {talks} a week, and you've had them. Rest is part of it: "
        "the lighter levels are open, and the deep ones come back in a few days."
    )


def record_deep_dive(space, at: datetime | None = None) -> None:
    DeepDive.objects.create(space_id=getattr(space, "pk", space), started_at=at or timezone.now())

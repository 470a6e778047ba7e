"""The pause (PRODUCT.md 3.5): during a disagreement either member asks for a break of at least
twenty minutes with an agreed time to come back; at that time both get a gentle reminder.

Work by John Gottman suggests a flooded body needs at least twenty minutes to settle (Gottman and
Silver, 1999), hence BREAK_MIN. Reminders go out from the background worker (django-tasks, run
after the agreed time). The worker is the normal path; as a safety net, every page of the space
delivers a reminder that is due, so a worker that was down never means a silent pause. Delivery is
compare-and-set on ``reminded_at``, so it happens exactly once either way.

Notices and emails carry only the agreed time: never the note, a name, or what it was about.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from toward.content.library import repair_content
from toward.core.compiled_sql import ModelQueries
from toward.core.errors import Conflict, ServiceError
from toward.lib.text import clean_text
from toward.repair.models import NOTE_MAX, Notice, Pause
from toward.spaces.models import Membership, Space

BREAK_MIN = 20  # minutes: a flooded body needs at least this long to settle
BREAK_DEFAULT = 30
BREAK_MAX = 240  # four hours: longer than that is no longer a pause but a different day
EXTEND_DEFAULT = 15
EXTEND_MIN, EXTEND_MAX = 5, 120


def local_time(user, when: datetime) -> str:
    """The time as the person reads their own clock, e.g. 19:40."""
    try:
        zone = zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return when.astimezone(zone).strftime("%H:%M")


def require_active(membership: Membership) -> None:
    row = Membership.objects.filter(pk=membership.pk).values_list("space__state", "left_at").first()
    space_state, left_at = row or (Space.State.INACTIVE, None)
    if space_state == Space.State.INACTIVE or left_at is not None:
        raise Conflict("space_inactive", "This space is no longer active.")
    if space_state != Space.State.ACTIVE:
        raise Conflict("space_waiting", "This needs both of you. It opens once the other joins.")


def members(space_id: str) -> list[Membership]:
    return list(
        Membership.objects.select_related("user").filter(space_id=space_id, left_at__isnull=True)
    )


def _minutes(raw: object, *, low: int, high: int, default: int, field: str, what: str) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        value = -1
    if isinstance(raw, bool) or not low <= value <= high:
        raise ServiceError(
            "invalid_minutes", f"{what} can be from {low} to {high} minutes.", field=field
        )
    return value


def _note(raw: object) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ServiceError("invalid_note", "Please write the note as text.", field="note")
    note = " ".join(clean_text(raw).split())
    if len(note) > NOTE_MAX:
        raise ServiceError(
            "note_too_long",
            f"Please keep the note to {NOTE_MAX} characters or fewer (this has {len(note)}).",
            field="note",
        )
    return note


# --- access and reading ---------------------------------------------------------------------------


def get_pause(membership: Membership, pause_id: str) -> Pause:
    if not isinstance(pause_id, str):
        raise Http404("No such pause")
    try:
        return Pause.objects.get(pk=pause_id, space_id=membership.space_id)
    except Pause.DoesNotExist:
        raise Http404("No such pause") from None


def running_pause(membership: Membership, now: datetime | None = None) -> Pause | None:
    now = now or timezone.now()
    return Pause.objects.filter(
        space_id=membership.space_id, ended_at__isnull=True, return_at__gt=now
    ).first()


def is_running(pause: Pause, now: datetime | None = None) -> bool:
    return pause.ended_at is None and pause.return_at > (now or timezone.now())


# --- notices and reminders ------------------------------------------------------------------------


def _notify(pause: Pause, people: list[Membership], kind: str, now: datetime) -> None:
    """Through the shared notices (nudges.notify), so a person who is recharging is not reached;
    the pause's own notice is kept for the people who were."""
    from django.urls import reverse

    from toward.nudges.services import notify

    url = reverse("repair:pause", args=[pause.space_id, pause.id])
    reached = [
        m
        for m in people
        if notify(
            m.user,
            kind=f"pause_{kind}",
            title=_notice_template(kind).replace("{time}", local_time(m.user, pause.return_at)),
            url=url,
            space=pause.space_id,
        )
    ]
    Notice.objects.bulk_create(
        [
            Notice(
                user_id=m.user_id, space_id=pause.space_id, pause=pause, kind=kind, created_at=now
            )
            for m in reached
        ]
    )


def _schedule(pause: Pause) -> None:
    """Ask the worker to remind both at the agreed time. A backend that cannot wait (the
    immediate one used in tests) leaves it to `deliver_due`, which every page of the space runs."""
    from toward.repair.tasks import remind_pause

    if not remind_pause.get_backend().supports_defer:
        return
    due, pause_id = pause.return_at, pause.id
    transaction.on_commit(
        lambda: remind_pause.using(run_after=due).enqueue(pause_id=pause_id, due=due.isoformat())
    )


def deliver_reminder(pause_id: str, due: datetime, now: datetime | None = None) -> bool:
    """Send the "time to come back" to both, once, if this pause is still on and its agreed time
    (as it was when the reminder was scheduled) has come. An ended or extended pause sends
    nothing from an earlier schedule."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = Pause.objects.filter(
            pk=pause_id,
            ended_at__isnull=True,
            reminded_at__isnull=True,
            return_at=due,
            return_at__lte=now,
        ).update(reminded_at=now)
        if claimed != 1:
            return False
        pause = Pause.objects.get(pk=pause_id)
        _notify(pause, members(pause.space_id), Notice.Kind.BACK, now)
    return True


def deliver_due(space_id: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    due = Pause.objects.filter(
        space_id=space_id, ended_at__isnull=True, reminded_at__isnull=True, return_at__lte=now
    )
    for pause in due:
        deliver_reminder(pause.id, pause.return_at, now)


# The space page asks both of these on every visit: compiled once per process (core.compiled_sql).
_QUERIES = ModelQueries(
    due_or_running=lambda a: Pause.objects.filter(
        space_id=a["space"], ended_at__isnull=True
    ).filter(Q(return_at__gt=a["now"]) | Q(reminded_at__isnull=True, return_at__lte=a["now"])),
    unseen=lambda a: Notice.objects.select_related("pause").filter(
        user_id=a["user"], space_id=a["space"], seen_at__isnull=True
    ),
)


def deliver_due_then_running(membership: Membership, now: datetime | None = None) -> Pause | None:
    """`deliver_due` for the space, then its `running_pause`, from one read of the pauses that
    are still on or still owe their reminder (the space page asks both on every visit)."""
    now = now or timezone.now()
    rows = _QUERIES.objects("due_or_running", space=membership.space_id, now=now)
    for pause in rows:
        if pause.reminded_at is None and pause.return_at <= now:
            deliver_reminder(pause.id, pause.return_at, now)
    return next((pause for pause in rows if pause.return_at > now), None)


# --- writing --------------------------------------------------------------------------------------


@transaction.atomic
def ask_for_pause(membership: Membership, *, minutes: object = None, note: object = "") -> Pause:
    require_active(membership)
    length = _minutes(
        minutes,
        low=BREAK_MIN,
        high=BREAK_MAX,
        default=BREAK_DEFAULT,
        field="minutes",
        what="A pause",
    )
    clean_note = _note(note)
    now = timezone.now()
    current = running_pause(membership, now)
    if current is not None:
        raise Conflict(
            "pause_running",
            f"A pause is already on, until {local_time(membership.user, current.return_at)}. "
            "Either of you can end it early or make it a little longer.",
        )
    pause = Pause.objects.create(
        space_id=membership.space_id,
        minutes=length,
        note=clean_note,
        note_author=membership.user if clean_note else None,
        created_at=now,
        return_at=now + timedelta(minutes=length),
    )
    others = [m for m in members(membership.space_id) if m.user_id != membership.user_id]
    _notify(pause, others, Notice.Kind.ASKED, now)
    _schedule(pause)
    return pause


@transaction.atomic
def end_pause(membership: Membership, pause: Pause) -> Pause:
    """End early, for both. The scheduled reminder then finds nothing to send."""
    now = timezone.now()
    ended = Pause.objects.filter(
        pk=pause.pk, ended_at__isnull=True, reminded_at__isnull=True, return_at__gt=now
    ).update(ended_at=now)
    if ended != 1:
        raise Conflict("pause_over", "This pause is already over.")
    pause.refresh_from_db()
    others = [m for m in members(pause.space_id) if m.user_id != membership.user_id]
    _notify(pause, others, Notice.Kind.ENDED, now)
    return pause


@transaction.atomic
def extend_pause(membership: Membership, pause: Pause, *, minutes: object = None) -> Pause:
    """Make a running pause longer, once."""
    extra = _minutes(
        minutes,
        low=EXTEND_MIN,
        high=EXTEND_MAX,
        default=EXTEND_DEFAULT,
        field="minutes",
        what="An extension",
    )
    now = timezone.now()
    if not is_running(pause, now):
        raise Conflict("pause_over", "This pause is already over.")
    if pause.extended:
        raise Conflict(
            "already_extended",
            "This pause has already been made longer once. When it ends, you can ask for a "
            "new one if you both need more time.",
        )
    new_return = pause.return_at + timedelta(minutes=extra)
    moved = Pause.objects.filter(
        pk=pause.pk, extended=False, ended_at__isnull=True, return_at=pause.return_at
    ).update(extended=True, return_at=new_return, minutes=pause.minutes + extra)
    if moved != 1:
        raise Conflict("already_extended", "This pause has just been changed. Have a look again.")
    pause.refresh_from_db()
    others = [m for m in members(pause.space_id) if m.user_id != membership.user_id]
    _notify(pause, others, Notice.Kind.EXTENDED, now)
    _schedule(pause)
    return pause


# --- what a person sees ---------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeView:
    id: str
    kind: str
    text: str
    pause_id: str


def _notice_template(kind: str) -> str:
    copy = repair_content().pause
    return {
        Notice.Kind.ASKED: copy.asked_notice,
        Notice.Kind.EXTENDED: copy.extended_notice,
        Notice.Kind.BACK: copy.back_notice,
        Notice.Kind.ENDED: copy.ended_notice,
    }[kind]


def notice_text(notice: Notice, user) -> str:
    return _notice_template(notice.kind).replace("{time}", local_time(user, notice.pause.return_at))


def notices_for(membership: Membership) -> list[NoticeView]:
    """Unread notices. "A pause was asked for" stops showing once that pause is over: by then
    it would only be old news, and the "time to come back" has taken its place."""
    now = timezone.now()
    rows = _QUERIES.objects("unseen", user=membership.user_id, space=membership.space_id)
    return [
        NoticeView(n.id, n.kind, notice_text(n, membership.user), n.pause_id)
        for n in rows
        if n.kind not in (Notice.Kind.ASKED, Notice.Kind.EXTENDED) or is_running(n.pause, now)
    ]


def dismiss_notices(membership: Membership) -> int:
    return Notice.objects.filter(
        user_id=membership.user_id, space_id=membership.space_id, seen_at__isnull=True
    ).update(seen_at=timezone.now())

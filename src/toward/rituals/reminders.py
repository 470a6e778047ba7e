"""Ritual reminders: each member gets one at the ritual's time on their own clock, moved out of
their quiet hours, and none while they are recharging (nudges.services.notify decides that).

The background worker is the normal path: for each member, one task waits (django-tasks,
``run_after``) for the next reminder and, once it has run, schedules the one after. Editing a
ritual bumps its ``schedule_version``, so tasks from an earlier schedule do nothing. As a safety
net, opening the rituals page delivers a reminder that is due, so a worker that was down never
means a silent ritual. Either way, a unique row per (ritual, person, occurrence) makes each
reminder go out exactly once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from toward.nudges import services as nudges
from toward.rituals import schedule
from toward.rituals.models import Reminder, Ritual
from toward.spaces.models import Membership, Space

LATE = timedelta(hours=6)  # older than this, a reminder would only confuse: it is let go
REMINDER_TITLE = "A gentle reminder: {title}, at {time}"


def _member(ritual: Ritual, user_id) -> Membership | None:
    return (
        Membership.objects.select_related("user")
        .filter(
            space_id=ritual.space_id,
            user_id=user_id,
            left_at__isnull=True,
            space__state=Space.State.ACTIVE,
        )
        .first()
    )


def fire_time(user, occurrence: datetime) -> datetime:
    return nudges.next_allowed_time(user, occurrence)


def deliver(
    ritual_id: str, user_id, occurrence: datetime, version: int, now: datetime | None = None
) -> bool:
    """Remind one person of one occurrence, once. True when a notice went out."""
    now = now or timezone.now()
    ritual = Ritual.objects.filter(pk=ritual_id, schedule_version=version).first()
    if ritual is None or occurrence <= ritual.scheduled_from:
        return False
    member = _member(ritual, user_id)
    if member is None:
        return False
    fire = fire_time(member.user, occurrence)
    if fire > now:
        return False
    state = Reminder.State.LATE if now - fire > LATE else Reminder.State.SENT
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = Reminder.objects.create(
                    ritual=ritual,
                    user_id=user_id,
                    occurrence=occurrence,
                    fire_at=fire,
                    state=state,
                    created_at=now,
                )
        except IntegrityError:
            return False  # already delivered (or held back) by another path
        if state == Reminder.State.LATE:
            return False
        local = occurrence.astimezone(nudges.zone_for(member.user)).strftime("%H:%M")
        sent = nudges.notify(
            member.user,
            kind="ritual",
            title=REMINDER_TITLE.format(title=ritual.title, time=local),
            url=reverse("rituals:ritual", args=[ritual.space_id, ritual.id]),
            space=ritual.space_id,
        )
        if not sent:
            Reminder.objects.filter(pk=row.pk).update(state=Reminder.State.RESTING)
    return sent


def schedule_next(ritual: Ritual, user, after: datetime) -> datetime | None:
    """Ask the worker for this person's next reminder after `after`. Backends that cannot wait
    (the immediate one in tests) leave it to `deliver_due`."""
    from toward.rituals.tasks import remind_ritual

    if not remind_ritual.get_backend().supports_defer:
        return None
    occurrence = schedule.next_occurrence(ritual, nudges.zone_for(user), after)
    if occurrence is None:
        return None
    fire = fire_time(user, occurrence)
    args = {
        "ritual_id": ritual.id,
        "user_id": user.pk,
        "occurrence": occurrence.isoformat(),
        "version": ritual.schedule_version,
    }
    transaction.on_commit(lambda: remind_ritual.using(run_after=fire).enqueue(**args))
    return fire


def schedule_all(ritual: Ritual) -> None:
    """Start the chain for every current member (after a ritual is added or its time changed)."""
    for member in Membership.objects.select_related("user").filter(
        space_id=ritual.space_id, left_at__isnull=True
    ):
        schedule_next(ritual, member.user, max(ritual.scheduled_from, timezone.now()))


def run_task(ritual_id: str, user_id, occurrence: datetime, version: int) -> bool:
    """The worker's step: deliver this reminder, then line up the next one."""
    now = timezone.now()
    sent = deliver(ritual_id, user_id, occurrence, version, now)
    ritual = Ritual.objects.filter(pk=ritual_id, schedule_version=version).first()
    member = ritual and _member(ritual, user_id)
    if member:
        # after a long outage, skip ahead rather than walk through every missed day
        with transaction.atomic():
            schedule_next(ritual, member.user, max(occurrence, now - LATE))
    return sent


def deliver_due(space_id: str, now: datetime | None = None) -> int:
    """Deliver any reminder in this space whose time has come in the last few hours."""
    now = now or timezone.now()
    sent = 0
    members = list(
        Membership.objects.select_related("user").filter(
            space_id=space_id, left_at__isnull=True, space__state=Space.State.ACTIVE
        )
    )
    if not members:
        return 0
    for ritual in Ritual.objects.filter(space_id=space_id):
        for member in members:
            zone = nudges.zone_for(member.user)
            since = max(ritual.scheduled_from, now - LATE - timedelta(days=1))
            for occurrence in schedule.occurrences(ritual, zone, since, now):
                if (
                    fire_time(member.user, occurrence) <= now
                    and not Reminder.objects.filter(
                        ritual=ritual, user_id=member.user_id, occurrence=occurrence
                    ).exists()
                ):
                    sent += deliver(
                        ritual.id, member.user_id, occurrence, ritual.schedule_version, now
                    )
    return sent

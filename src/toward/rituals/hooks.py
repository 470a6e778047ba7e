"""Rituals in the account-wide actions: export, leaving, erasing, the demo, the space panel."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from toward.nudges.services import zone_for
from toward.rituals import calendar, schedule, services
from toward.rituals.models import CalendarFeed, Mark, Reminder, Ritual


def export_rituals(user) -> dict:
    """The rituals of the person's current spaces (shared by the pair) and the days marked."""
    spaces = list(user.memberships.filter(left_at__isnull=True).values_list("space_id", flat=True))
    return {
        "rituals": [
            {
                "space_id": r.space_id,
                "title": r.title,
                "note": r.note,
                "from_library": r.idea_id or None,
                "rrule": schedule.schedule_of(r).rrule,
                "time": r.at_time.strftime("%H:%M"),
                "done_on": [d.isoformat() for d in r.marks.values_list("done_on", flat=True)],
            }
            for r in Ritual.objects.filter(space_id__in=spaces).order_by("created_at")
        ],
        "private_calendar_address": calendar.feed_for(user) is not None,
    }


def remove_on_leave(membership, *, keep_shared: bool) -> None:
    """The rituals stay with the space, whatever `keep_shared` says; the leaver's own
    reminders go with them."""
    Reminder.objects.filter(
        ritual__space_id=membership.space_id, user_id=membership.user_id
    ).delete()


def erase(user) -> None:
    CalendarFeed.objects.filter(user_id=user.pk).delete()
    Reminder.objects.filter(user_id=user.pk).delete()


def seed_demo(pair) -> None:
    """Three rituals, a few of them done lately: no streaks, just a gentle record."""
    first = pair.memberships[0]
    dinner = services.add_ritual(first, idea_id="phone-free-dinner")
    services.add_ritual(first, idea_id="morning-hello")
    services.add_ritual(
        first, title="Sunday pancakes", frequency="weekly", days=["SU"], at_time="10:00"
    )
    today = timezone.now().astimezone(zone_for(first.user)).date()
    for back in (2, 9, 16):
        Mark.objects.get_or_create(ritual=dinner, done_on=today - timedelta(days=back))


def panel(request, membership) -> dict | None:
    if membership.space.state != "active":
        return None
    rituals = services.rituals_for(membership)
    upcoming = []
    now = timezone.now()
    for ritual in rituals:
        view = services.view_ritual(membership, ritual, now=now)
        if view.next_at is not None:
            upcoming.append(view)
    upcoming.sort(key=lambda v: v.next_at)
    return {"space_id": membership.space_id, "next": upcoming[:2], "count": len(rituals)}


def has_activity(membership) -> bool:
    return Ritual.objects.filter(space_id=membership.space_id).exists()

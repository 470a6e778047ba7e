"""Rituals as a calendar (.ics, RFC 5545): a one-off download and a private feed address.

Each event is the ritual's name, its time on the person's own clock (with the time zone written
into the file, so a calendar app shifts nothing), and its recurrence rule. Nothing private: no
names, no notes, no space name. The feed address carries a secret; only its hash is stored, and
making a new address (or turning it off) stops the old one.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vRecur

from toward.lib.ids import secret_hash
from toward.nudges.services import zone_for
from toward.rituals import schedule
from toward.rituals.models import CalendarFeed, Ritual

EVENT_MINUTES = 15
PRODID = "-//Toward//Rituals of connection//EN"


def rituals_of(user) -> list[Ritual]:
    spaces = user.memberships.filter(left_at__isnull=True).values_list("space_id", flat=True)
    return list(Ritual.objects.filter(space_id__in=list(spaces)).order_by("created_at"))


def build_calendar(user, rituals: list[Ritual] | None = None) -> bytes:
    zone = zone_for(user)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Toward rituals")
    stamp = timezone.now().replace(microsecond=0)
    for ritual in rituals if rituals is not None else rituals_of(user):
        start = schedule.localise(schedule.first_occurrence(ritual), zone)
        event = Event()
        event.add("uid", f"{ritual.id}@toward")
        event.add("dtstamp", stamp)
        event.add("summary", ritual.title)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=EVENT_MINUTES))
        event.add("rrule", vRecur.from_ical(schedule.schedule_of(ritual).rrule))
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def feed_for(user) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user_id=user.pk).first()


@transaction.atomic
def new_feed(user) -> str:
    """A new private address (the old one, if any, stops working). Returns the full URL."""
    secret = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user_id=user.pk, defaults={"token_hash": secret_hash(secret), "created_at": timezone.now()}
    )
    return settings.BASE_URL + reverse("rituals:feed", args=[secret])


def revoke_feed(user) -> bool:
    return CalendarFeed.objects.filter(user_id=user.pk).delete()[0] > 0


def user_for_feed(token: object):
    if not isinstance(token, str) or not 20 <= len(token) <= 100:
        raise Http404("No such calendar")
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=secret_hash(token)).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    return feed.user

"""Rituals of connection (PRODUCT.md 3.7).

A ritual belongs to the pair's space. "We did it" marks keep only the day, never who marked it,
and nothing counts misses: there is no streak to lose. A reminder row exists once per ritual,
person and occurrence, which is what makes each reminder go out exactly once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id

TITLE_MAX = 80
NOTE_MAX = 300


def _public_id_field():
    return models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)


class Ritual(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", "Every day"
        WEEKDAYS = "weekdays", "On weekdays"
        WEEKLY = "weekly", "Every week, on chosen days"
        MONTHLY = "monthly", "Once a month"

    id = _public_id_field()
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    idea_id = models.CharField(max_length=80, blank=True)  # from the library; empty: our own
    title = models.CharField(max_length=TITLE_MAX)
    note = models.CharField(max_length=NOTE_MAX, blank=True)  # the pair's own words, if any
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    days = models.CharField(max_length=30, blank=True)  # "MO,WE" for weekly
    day_of_month = models.PositiveSmallIntegerField(null=True, blank=True)  # monthly: 1–28
    at_time = models.TimeField()  # a wall-clock time, read in each member's own time zone
    starts_on = models.DateField()
    schedule_version = models.PositiveIntegerField(default=1)
    scheduled_from = models.DateTimeField(default=timezone.now)  # no reminder for earlier times
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at_time", "created_at"]

    def __str__(self) -> str:
        return f"ritual {self.id}"


class Mark(models.Model):
    """'We did it', on a day. Who pressed it is not kept."""

    id = _public_id_field()
    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="marks")
    done_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-done_on"]
        constraints = [
            models.UniqueConstraint(fields=["ritual", "done_on"], name="one_mark_per_ritual_day")
        ]

    def __str__(self) -> str:
        return f"mark {self.id}"


class Reminder(models.Model):
    """One person's reminder for one occurrence: sent, or held back (recharging, or too late)."""

    class State(models.TextChoices):
        SENT = "sent"
        RESTING = "resting"  # the person was recharging: nothing was sent
        LATE = "late"  # the worker was down for hours: an old reminder is not sent late

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    occurrence = models.DateTimeField()
    fire_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ritual", "user", "occurrence"], name="one_reminder_per_occurrence"
            )
        ]

    def __str__(self) -> str:
        return f"reminder for {self.ritual_id} at {self.occurrence:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A person's private calendar address. Only the hash of its secret is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar feed for user {self.user_id}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from toward.lib.ids import new_public_id

NOTE_MAX = 2000  # a private note on a day: a few lines
REFLECTION_MAX = 4000
END_WEEK = 5  # the end reflection is stored as the fifth "week"


class Challenge(models.Model):
    """One run of the 30-day challenge in a space.

    `owner` set: a solo challenge, seen only by that person (someone alone in their space, or
    someone doing it on their own beside the other person). `owner` empty: shared by the pair.
    The calendar day is counted from `started_on`, less the days spent paused."""

    class State(models.TextChoices):
        ACTIVE = "active", "Going"
        PAUSED = "paused", "Resting"
        ENDED = "ended", "Closed"

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.ACTIVE)
    started_on = models.DateField()
    paused_on = models.DateField(null=True, blank=True)
    paused_days = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["space"],
                condition=Q(owner__isnull=True) & ~Q(state="ended"),
                name="one_open_shared_challenge_per_space",
            ),
            models.UniqueConstraint(
                fields=["space", "owner"],
                condition=Q(owner__isnull=False) & ~Q(state="ended"),
                name="one_open_solo_challenge_per_person",
            ),
        ]
        indexes = [models.Index(fields=["space", "created_at"], name="challenge_space")]

    def __str__(self) -> str:
        return f"challenge {self.id}"

    @property
    def solo(self) -> bool:
        return self.owner_id is not None


class DayMark(models.Model):
    """One person's mark on one day: done, or let go. In a shared challenge either person's
    "done" counts for the pair. `note` is private to its author (sealed with their key)."""

    class State(models.TextChoices):
        DONE = "done", "Done"
        LET_GO = "let_go", "Let go"

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="marks")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.PositiveSmallIntegerField()
    state = models.CharField(max_length=10, choices=State.choices)
    note = models.TextField(blank=True)  # sealed
    marked_at = models.DateTimeField(default=timezone.now)  # the author's own export only

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "day", "author"], name="one_mark_per_day_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"challenge day mark {self.id}"


class WeekReflection(models.Model):
    """One person's reflection on a week (1-4) or on the whole challenge (week 5, END_WEEK).

    `sealed` holds the text (JSON) sealed with the author's key. In a shared challenge,
    `for_reveal` holds a copy sealed with a server key that only the reveal rule in
    services.view_reflections opens, and only once both have written that week."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.PositiveSmallIntegerField()
    sealed = models.TextField()
    for_reveal = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "week", "author"], name="one_reflection_per_week_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"challenge reflection {self.id}"

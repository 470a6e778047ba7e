"""Notices (the bell), each person's quiet hours and recharging, and a pair's pace for deep talks.

A notice carries a title we wrote and a link: never the text of an entry, never the other
person's name. Rest settings belong to one person; the other member only ever learns the neutral
"taking some quiet time" (PRODUCT.md 3.14).
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id

TITLE_MAX = 160
QUIET_START = time(22, 0)
QUIET_END = time(8, 0)


def _public_id_field():
    return models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)


class Notice(models.Model):
    """One in-app notice for one person."""

    id = _public_id_field()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=TITLE_MAX)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="nudges_notice_unread"),
            # The notices page: a person's latest, read in order without sorting all of them.
            models.Index(fields=["user", "-created_at"], name="nudges_notice_recent"),
        ]

    def __str__(self) -> str:
        return f"notice {self.id}"


class RestSettings(models.Model):
    """One person's quiet hours and recharging. No row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    quiet_start = models.TimeField(default=QUIET_START)
    quiet_end = models.TimeField(default=QUIET_END)  # equal to quiet_start: no quiet hours
    recharging_until = models.DateTimeField(null=True, blank=True)
    recharging_indefinitely = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"rest settings for user {self.user_id}"


class SpacePace(models.Model):
    """What a pair agreed about deep conversations: at most N deep dives a week (None: no limit)."""

    space = models.OneToOneField(
        "spaces.Space", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    deep_dives_per_week = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"pace for space {self.space_id}"


class DeepDive(models.Model):
    """That a deep conversation was started in a space, and when: nothing about who or what."""

    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["space", "started_at"], name="nudges_deepdive_recent")]

    def __str__(self) -> str:
        return f"deep dive in {self.space_id}"

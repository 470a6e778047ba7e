"""Repair after conflict and the pause.

No row records who started a repair or who asked for a pause: there is nothing to count. A pause
keeps the author of its optional note only so the note can leave with them and be in their export.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id

NOTE_MAX = 200  # a short, neutral note: "I'm getting flooded; I want to come back to this"


def _public_id_field():
    return models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)


class Pause(models.Model):
    """A break of at least twenty minutes with an agreed time to come back."""

    id = _public_id_field()
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveSmallIntegerField()
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    note_author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    return_at = models.DateTimeField()
    extended = models.BooleanField(default=False)  # a pause may be made longer once
    ended_at = models.DateTimeField(null=True, blank=True)  # ended early by either
    reminded_at = models.DateTimeField(null=True, blank=True)  # the "time to come back" went out

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"pause {self.id}"


class Repair(models.Model):
    """One repair: each member writes four parts privately; both open together."""

    id = _public_id_field()
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    pause = models.ForeignKey(
        Pause, null=True, blank=True, on_delete=models.SET_NULL, related_name="repairs"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)
    reconnected_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"repair {self.id}"


class RepairPart(models.Model):
    """One person's four parts, sealed at rest (see services.py). No time is kept, so the reveal
    can never say who wrote first."""

    id = _public_id_field()
    repair = models.ForeignKey(Repair, on_delete=models.CASCADE, related_name="parts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["repair", "user"], name="one_repair_part_per_person")
        ]

    def __str__(self) -> str:
        return f"repair part {self.id}"


class Notice(models.Model):
    """An in-app note for one person about a pause. Its words come from content and carry only
    the agreed time, never a note, a name or what the disagreement was about."""

    class Kind(models.TextChoices):
        ASKED = "asked", "A pause was asked for"
        EXTENDED = "extended", "The pause was extended"
        BACK = "back", "Time to come back"
        ENDED = "ended", "The pause ended early"

    id = _public_id_field()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    pause = models.ForeignKey(Pause, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"notice {self.id}"

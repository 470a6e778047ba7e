from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id

TITLE_MAX = 140
NOTE_MAX = 2000


class Plan(models.Model):
    """Something the pair means to do together, at a time one proposed and the other accepts.

    `awaiting` is the person whose answer is needed now: the other person after a proposal, the
    proposer after the other suggests another time. Nothing records who said no: a plan either
    of them sets aside is simply gone from the list (PRODUCT.md principle 3)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Waiting for an answer"
        ACCEPTED = "accepted", "Planned"
        CANCELLED = "cancelled", "Set aside"

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    awaiting = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    idea_id = models.CharField(max_length=80, blank=True)  # from experiences.yaml, or empty
    title = models.CharField(max_length=TITLE_MAX)
    note = models.TextField(blank=True)
    starts_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["space", "state", "starts_at"], name="plan_space_state")]

    def __str__(self) -> str:
        return f"plan {self.id}"


class Memory(models.Model):
    """A moment the pair chose to keep on their shared timeline, with an optional photo.

    The photo is stored through the "photos" storage (TOWARD_MEDIA_DIR by default), re-encoded
    without its metadata, and served only to the space's members by a view."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=TITLE_MAX)
    happened_on = models.DateField()
    note = models.TextField(blank=True)
    photo = models.CharField(max_length=255, blank=True)  # the name in the photos storage
    photo_type = models.CharField(max_length=20, blank=True)
    photo_width = models.PositiveIntegerField(null=True, blank=True)
    photo_height = models.PositiveIntegerField(null=True, blank=True)
    photo_bytes = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        indexes = [models.Index(fields=["space", "happened_on"], name="memory_space_day")]

    def __str__(self) -> str:
        return f"memory {self.id}"

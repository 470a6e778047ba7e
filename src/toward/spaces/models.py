from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from toward.lib.ids import new_public_id

SPACE_NAME_MAX = 80


class Space(models.Model):
    """A shared place for exactly two people."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for the other person"
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    relationship_type = models.CharField(max_length=20)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"space {self.id}"


class Membership(models.Model):
    """One person's place in a space. Each member names the space for themselves."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    name = models.CharField(max_length=SPACE_NAME_MAX)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], name="one_membership_per_person"),
        ]
        ordering = ["joined_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.left_at is None


class Invitation(models.Model):
    """A single-use code that lets one more person into a space. Only its hash is stored."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # At most one open invitation per space at a time: a new one replaces the old.
            models.UniqueConstraint(
                fields=["space"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_space",
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.id}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now

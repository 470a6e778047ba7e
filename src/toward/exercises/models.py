"""Guided exercises: one run of one exercise by a pair, who is ready, and private reflections.

Nothing here records who started a run, who stopped it, or who was ready first: the runner only
needs to know whether both are ready, and "not right now" ends it for both without a name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id

EXERCISE_REF_MAX = 80


def _public_id_field():
    return models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)


class Run(models.Model):
    """One exercise, done once by the pair. Times are the server's; timers on the page are
    computed from them, so a sleeping phone or a background tab never loses time."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting until both are ready"
        RUNNING = "running", "The guided part"
        FINISHED = "finished", "Finished"
        STOPPED = "stopped", "Stopped for now"

    id = _public_id_field()
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    exercise = models.CharField(max_length=EXERCISE_REF_MAX)  # a content id (exercises.yaml)
    kind = models.CharField(max_length=12)
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)  # timed exercises
    breathe_in = models.PositiveSmallIntegerField(null=True, blank=True)  # seconds, breathing
    breathe_out = models.PositiveSmallIntegerField(null=True, blank=True)
    breaths = models.PositiveSmallIntegerField(null=True, blank=True)
    turn = models.PositiveSmallIntegerField(default=0)  # gratitude: appreciations given so far
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)  # when both were ready
    ends_at = models.DateTimeField(null=True, blank=True)  # started_at + the guided part
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)  # bumps on every change; pages poll it

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.id}"


class Ready(models.Model):
    """One person's "I'm ready" for a run. No time is kept: nobody learns who was first."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="ready_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "user"], name="ready_once_per_run")]

    def __str__(self) -> str:
        return "ready"


class Reflection(models.Model):
    """A private reflection after an exercise, sealed with its author's data key."""

    id = _public_id_field()
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="reflections")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed_text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "user"], name="one_reflection_per_run")
        ]

    def __str__(self) -> str:
        return f"reflection {self.id}"

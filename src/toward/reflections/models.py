from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id

ANSWER_MAX = 4000  # per prompt: a generous page; a reflection is a few honest lines
DREAM_TITLE_MAX = 140
DREAM_TEXT_MAX = 2000
NOTE_MAX = 1000


class Round(models.Model):
    """One sitting of the first reflection in a space. `together` is False for a journal round,
    written while the person was alone in the space: it is never revealed to anyone."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    together = models.BooleanField()
    started_at = models.DateTimeField(default=timezone.now)
    # Set once, by compare-and-set, when the second person has written. Never shown.
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["space", "started_at"], name="reflection_round_space")]

    def __str__(self) -> str:
        return f"reflection round {self.id}"


class Reflection(models.Model):
    """One person's five answers in one round.

    `sealed` holds the answers (JSON) sealed with the author's data key: only they can open it.
    `for_reveal` holds the same answers sealed with a server key, for together rounds only; the
    reveal rule in services.view_round is the only code that opens it, and only once both have
    written. Journal rounds leave it empty."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.TextField()
    for_reveal = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)  # the author's own export only
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "author"], name="one_reflection_per_round"),
        ]

    def __str__(self) -> str:
        return f"reflection {self.id}"


class Dream(models.Model):
    """A dream or goal shared on the pair's board. Shared on purpose, so stored as plain text;
    nothing about it is a duty: no deadlines, no progress bars."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=DREAM_TITLE_MAX)
    detail = models.TextField(blank=True)
    help_wanted = models.TextField(blank=True)  # only what the author asks for can be offered
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"dream {self.id}"


class Milestone(models.Model):
    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="milestones")
    text = models.CharField(max_length=DREAM_TITLE_MAX)
    reached = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return f"milestone {self.id}"


class DreamNote(models.Model):
    """The other person asking about a dream, cheering, offering the help that was asked for,
    or either of them celebrating a milestone."""

    class Kind(models.TextChoices):
        QUESTION = "question", "A question"
        CHEER = "cheer", "A cheer"
        HELP = "help", "An offer of help"
        CELEBRATE = "celebrate", "A celebration"

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    dream = models.ForeignKey(Dream, on_delete=models.CASCADE, related_name="notes")
    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"dream note {self.id}"

"""Question decks: the pair's depth, ask-each-other exchanges, ratings, sessions, own decks.

Questions from the built-in decks are referred to by their content id (``iw-01``); a pair's own
questions by ``c:<public id>``. Exchanges and sessions keep a copy of the question's text, so
what was asked stays readable even if a deck changes later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id
from toward.spaces.models import Space

DEPTH_CHOICES = [("surface", "Surface"), ("personal", "Personal"), ("core", "Core")]
FEELING_CHOICES = [
    ("comfortable", "Comfortable"),
    ("stretching", "Stretching"),
    ("too_much", "Too much"),
]
REF_MAX = 40
DECK_TITLE_MAX = 80
QUESTION_MAX = 300
ANSWER_MAX = 4000


def _public_id_field():
    return models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)


class PairDepth(models.Model):
    """How deep the pair's questions go. Created at surface the first time it is needed."""

    space = models.OneToOneField(Space, on_delete=models.CASCADE, related_name="question_depth")
    level = models.CharField(max_length=10, choices=DEPTH_CHOICES, default="surface")
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"depth of {self.space_id}"


class DepthVote(models.Model):
    """One person saying "I'd like to go deeper" from a level. Cleared when the level changes."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=10, choices=DEPTH_CHOICES)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "user", "level"], name="one_vote_per_level")
        ]

    def __str__(self) -> str:
        return "depth vote"


class Exchange(models.Model):
    """Ask each other: one question, two private answers, revealed together."""

    id = _public_id_field()
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="exchanges")
    question_ref = models.CharField(max_length=REF_MAX)
    question_text = models.TextField()
    depth = models.CharField(max_length=10, choices=DEPTH_CHOICES)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revealed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        # The questions page lists a space's latest exchanges: read in order, no sort; insights
        # count the ones revealed in its weeks, not every exchange the pair ever had
        # (docs/PERFORMANCE.md).
        indexes = [
            models.Index(fields=["space", "-created_at"], name="exchange_space_recent"),
            models.Index(fields=["space", "revealed_at"], name="exchange_space_revealed"),
        ]

    def __str__(self) -> str:
        return f"exchange {self.id}"


class Answer(models.Model):
    """A private answer. It is shown to the other person only once both have answered; no
    time is kept, so the reveal can never say who answered first."""

    id = _public_id_field()
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exchange", "user"], name="one_answer_per_person")
        ]

    def __str__(self) -> str:
        return f"answer {self.id}"


class NotRightNow(models.Model):
    """A private "not right now". Only its author ever sees it; the exchange simply stays open."""

    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quiet_until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["exchange", "user"], name="one_pass_per_person")
        ]

    def __str__(self) -> str:
        return "not right now"


class Rating(models.Model):
    """How a card felt to one person. Private: only the pacing rule reads these."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question_ref = models.CharField(max_length=REF_MAX)
    depth = models.CharField(max_length=10, choices=DEPTH_CHOICES)
    feeling = models.CharField(max_length=12, choices=FEELING_CHOICES)
    # Where the card was met: an exchange id, a session id, or the day's question.
    context = models.CharField(max_length=40)
    rated_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "context", "question_ref"], name="one_rating_per_card"
            )
        ]
        # The pacing rule reads the ratings at the pair's depth since it last changed.
        indexes = [
            models.Index(fields=["space", "depth", "created_at"], name="rating_space_depth_since")
        ]

    def __str__(self) -> str:
        return "rating"


class CustomDeck(models.Model):
    """A deck the pair writes or imports. Both members can read and add to it."""

    id = _public_id_field()
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="custom_decks")
    title = models.CharField(max_length=DECK_TITLE_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class CustomQuestion(models.Model):
    id = _public_id_field()
    deck = models.ForeignKey(CustomDeck, on_delete=models.CASCADE, related_name="questions")
    key = models.CharField(max_length=40)  # the id column of an imported file
    depth = models.CharField(max_length=10, choices=DEPTH_CHOICES)
    text = models.CharField(max_length=QUESTION_MAX)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "key"]
        constraints = [models.UniqueConstraint(fields=["deck", "key"], name="unique_key_in_deck")]

    def __str__(self) -> str:
        return f"question {self.id}"


class DisabledDeck(models.Model):
    """A deck the pair left out of the question of the day."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    deck_ref = models.CharField(max_length=REF_MAX)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["space", "deck_ref"], name="disable_deck_once")
        ]

    def __str__(self) -> str:
        return f"{self.deck_ref} off"


class DailyQuestion(models.Model):
    """The question of the day: one per pair per day, the same for both."""

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    question_ref = models.CharField(max_length=REF_MAX)
    question_text = models.TextField()
    depth = models.CharField(max_length=10, choices=DEPTH_CHOICES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["space", "day"], name="one_question_a_day")]

    def __str__(self) -> str:
        return f"question of {self.day}"


class Session(models.Model):
    """Together mode on one device: a deck dealt card by card, or the three-level conversation."""

    class Kind(models.TextChoices):
        DECK = "deck", "Cards from a deck"
        THREE_LEVEL = "three_level", "The three-level conversation"

    id = _public_id_field()
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DECK)
    deck_ref = models.CharField(max_length=REF_MAX, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)  # the soft time-box, if any
    ended_at = models.DateTimeField(null=True, blank=True)
    turn = models.PositiveSmallIntegerField(default=0)  # index into the pair, oldest member first
    step = models.PositiveSmallIntegerField(default=0)  # three-level conversation only
    step_started_at = models.DateTimeField(default=timezone.now)
    card_ref = models.CharField(max_length=REF_MAX, blank=True)
    card_text = models.TextField(blank=True)
    card_depth = models.CharField(max_length=10, choices=DEPTH_CHOICES, blank=True)
    dealt = models.JSONField(default=list)
    stepped_back = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"session {self.id}"

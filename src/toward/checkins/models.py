from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id

ANSWER_MAX = 4000  # a generous page of text; a check-in is a few lines
FEELINGS_MAX = 3  # one to three feelings: enough to be exact, few enough to choose
INTENSITY_MIN, INTENSITY_MAX = 1, 5


class CheckIn(models.Model):
    """One person's check-in in one space for one day of their own calendar.

    Who may read it is decided in one place only: ``services.view_checkins``.
    """

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()  # in the author's time zone when they wrote it
    went_well = models.TextField(blank=True)
    hard = models.TextField(blank=True)
    worried = models.TextField(blank=True)
    pleased = models.TextField(blank=True)
    need_tonight = models.TextField(blank=True)
    # The private note, sealed with the author's own data key (accounts.vault): never stored in
    # plain text, never shown to anyone but the author (docs/SECURITY.md, private entries).
    sealed_note = models.TextField(blank=True)
    shared_early = models.BooleanField(default=False)
    # Kept for the author's own export only; never shown to the other person.
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["space", "author", "day"], name="one_checkin_per_person_per_day"
            ),
        ]
        indexes = [models.Index(fields=["space", "day"], name="checkin_space_day")]

    def __str__(self) -> str:
        return f"check-in {self.id}"


class CheckInFeeling(models.Model):
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="feelings")
    feeling_id = models.CharField(max_length=80)  # an id from the feelings wheel (content)
    intensity = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(intensity__gte=INTENSITY_MIN, intensity__lte=INTENSITY_MAX),
                name="checkin_feeling_intensity_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.feeling_id


class Appreciation(models.Model):
    """A specific thank-you: what the other person did, how it felt, what it says about them.
    Shared when saved, unless the author keeps it as a private draft: then `did`, `felt` and
    `says` are empty and `sealed` holds them, sealed to the author's own key pair
    (vault.seal_for), until they share it."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    did = models.TextField()
    felt = models.TextField(blank=True)
    says = models.TextField(blank=True)
    is_private = models.BooleanField(default=False)
    sealed = models.TextField(blank=True, default="")  # a private draft's words (see above)
    day = models.DateField()  # the author's day; shown to the other person once shared
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-created_at"]

    def __str__(self) -> str:
        return f"appreciation {self.id}"

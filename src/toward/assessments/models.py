from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from toward.lib.ids import new_public_id


class Result(models.Model):
    """One time a person took one questionnaire, in one space.

    `sealed_answers`: the answers (JSON), sealed with the author's data key; only they can open
    it. Empty when the questionnaire was taken through the API, which never holds that key.
    `summary`: the score, band, suggestions, the safety flag and (for expression styles) the
    style profile, sealed to the author's own key pair (vault.seal_for), so only they can open it.
    `shared_summary`: written only while shared, by the author with their key in hand: the same
    summary without the safety flag, sealed with a key derived from the server secret like other
    text shared on purpose, so the other member can read it on shared pages. The answers
    themselves are never shared. See docs/ASSESSMENTS.md and docs/SECURITY.md.
    """

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    space = models.ForeignKey("spaces.Space", on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    assessment = models.CharField(max_length=80)  # an id in content/data/assessments/
    sealed_answers = models.TextField(blank=True)
    summary = models.TextField()
    shared_summary = models.TextField(blank=True, default="")
    shared_at = models.DateTimeField(null=True, blank=True)  # set while shared with the space
    taken_at = models.DateTimeField(default=timezone.now)  # shown to the author only

    class Meta:
        indexes = [
            models.Index(
                fields=["space", "author", "assessment", "taken_at"], name="assessment_history"
            ),
        ]

    def __str__(self) -> str:
        return f"assessment result {self.id}"

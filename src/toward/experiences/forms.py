from __future__ import annotations

from django import forms

from toward.content.challenge_schema import COST_LABELS, PLACE_LABELS, TIME_LABELS
from toward.experiences.models import NOTE_MAX, TITLE_MAX

GENEROUS = 4  # forms accept more than the limits so the service can say how long the text was


def _any(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [("", "Any"), *labels.items()]


class IdeaFilterForm(forms.Form):
    cost = forms.ChoiceField(label="Cost", choices=_any(COST_LABELS), required=False)
    time = forms.ChoiceField(label="Time", choices=_any(TIME_LABELS), required=False)
    place = forms.ChoiceField(label="Where", choices=_any(PLACE_LABELS), required=False)


def _when(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="In your own time zone.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={"required": "Please choose a date and a time."},
    )


class PlanForm(forms.Form):
    idea_id = forms.CharField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(
        label="What would you like to do?",
        max_length=TITLE_MAX * GENEROUS,
        required=False,
        help_text="An idea from the list, or your own.",
    )
    when = _when("When?")
    note = forms.CharField(
        label="A note (optional)",
        required=False,
        max_length=NOTE_MAX * GENEROUS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnotherTimeForm(forms.Form):
    when = _when("Another time that suits you")


class MemoryForm(forms.Form):
    title = forms.CharField(
        label="What do you want to remember?",
        max_length=TITLE_MAX * GENEROUS,
        required=False,
        help_text="A few words, like “The walk to the lighthouse”.",
    )
    happened_on = forms.CharField(
        label="When was it?",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Please give the date."},
    )
    note = forms.CharField(
        label="A few lines about it (optional)",
        required=False,
        max_length=NOTE_MAX * GENEROUS,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photo = forms.FileField(
        label="A photo (optional)",
        required=False,
        help_text="JPEG, PNG, WebP or GIF. Its hidden details (like where it was taken) are "
        "removed before it is kept. Only the two of you can see it.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

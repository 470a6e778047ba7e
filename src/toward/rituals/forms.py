"""Forms only carry what was typed; the services decide what is valid (so the API agrees)."""

from __future__ import annotations

from django import forms

from toward.rituals.models import NOTE_MAX, TITLE_MAX, Ritual
from toward.rituals.schedule import DAY_NAMES


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(
        label="How often?", choices=Ritual.Frequency.choices, widget=forms.RadioSelect
    )
    days = forms.MultipleChoiceField(
        label="On which days? (for weekly)",
        choices=list(DAY_NAMES.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    day_of_month = forms.CharField(
        label="Which day of the month? (for monthly, 1 to 28)",
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
    )
    at_time = forms.CharField(
        label="At what time?",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="On each of your own clocks: if you live in different time zones, each of you "
        "is reminded at this time where you are.",
    )


class RitualForm(ScheduleForm):
    idea_id = forms.CharField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label="Name", max_length=TITLE_MAX * 2, required=False)
    note = forms.CharField(
        label="What you do (optional)",
        required=False,
        max_length=NOTE_MAX * 2,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Both of you can see this.",
    )
    field_order = ["idea_id", "title", "note", "frequency", "days", "day_of_month", "at_time"]

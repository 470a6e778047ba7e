"""Forms only carry what was typed; the services decide what is valid (so the API agrees)."""

from __future__ import annotations

from django import forms

from toward.content.library import repair_content
from toward.repair.pauses import BREAK_DEFAULT


class PauseForm(forms.Form):
    minutes = forms.CharField(
        required=False,
        label="How long a break? (minutes, at least 20)",
        initial=str(BREAK_DEFAULT),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    note = forms.CharField(required=False, label="A short note (optional)")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        copy = repair_content().pause
        self.fields["note"].label = copy.note_label
        self.fields["note"].help_text = copy.note_hint


class PartsForm(forms.Form):
    my_part = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    felt = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    ask = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reconnect = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for part in repair_content().repair.parts:
            self.fields[part.id].label = part.label
            self.fields[part.id].help_text = part.hint

"""Forms only carry what was typed; the services decide what is valid (so the API agrees)."""

from __future__ import annotations

from django import forms


class StartForm(forms.Form):
    minutes = forms.CharField(required=False, label="How long?")
    minutes_custom = forms.CharField(required=False, label="Or your own, in minutes")
    pace = forms.CharField(required=False, label="The pace")
    breathe_in = forms.CharField(
        required=False,
        label="Seconds breathing in",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
    )
    breathe_out = forms.CharField(
        required=False,
        label="Seconds breathing out",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
    )


class GratitudeForm(forms.Form):
    did = forms.CharField(
        required=False,
        label="What did they do?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    felt = forms.CharField(
        required=False, label="How did it make you feel?", widget=forms.Textarea(attrs={"rows": 2})
    )
    says = forms.CharField(
        required=False,
        label="What does it say about them?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label="Your reflection",
        widget=forms.Textarea(attrs={"rows": 5}),
    )

from __future__ import annotations

from django import forms

# Generous limits here so the service can say how long the text was, rather than the browser
# silently cutting it.
_GENEROUS = 1_000_000


class MessageForm(forms.Form):
    text = forms.CharField(
        label="What you want to say",
        max_length=_GENEROUS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Nothing you type here is saved.",
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label="Your reply",
        max_length=_GENEROUS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Write it as you would say it. Nothing you type here is saved.",
    )

from __future__ import annotations

from django import forms

from toward.challenge.models import NOTE_MAX, REFLECTION_MAX
from toward.content.library import challenge_content

# Forms accept more than the limits so the service can say how long the text was, instead of
# the browser silently cutting it off (the same habit as the reflections app).
GENEROUS = 4


def _text(label: str, help_text: str = "", rows: int = 3, limit: int = REFLECTION_MAX):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=limit * GENEROUS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": f"Please keep this to {limit:,} characters or fewer "
            "(this has %(show_value)s). Nothing was saved; everything you typed is still here."
        },
    )


class StartForm(forms.Form):
    together = forms.TypedChoiceField(
        choices=[("1", "Together"), ("0", "On my own")],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
        label="How would you like to do it?",
    )


class DayForm(forms.Form):
    state = forms.ChoiceField(
        choices=[("done", "Done"), ("let_go", "Let this one go"), ("open", "Open again")],
        widget=forms.HiddenInput,
        initial="done",
    )
    note = _text(
        "A private note (optional)",
        "Only you will ever read this, even in a shared challenge.",
        limit=NOTE_MAX,
    )


class WeekReflectionForm(forms.Form):
    def __init__(self, *args, prompt: str = "", hint: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text(prompt, hint, rows=5)


class EndReflectionForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from toward.challenge.services import practice_titles

        copy = challenge_content().end
        titles = practice_titles()
        self.fields["worked"] = _text(copy.worked_label, copy.worked_hint)
        self.fields["not_worked"] = _text(copy.not_worked_label, copy.not_worked_hint)
        self.fields["keep"] = forms.MultipleChoiceField(
            label=copy.keep_label,
            help_text=copy.keep_hint,
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "ch-check"}),
            choices=[(p, titles.get(p, p)) for p in challenge_content().practice_ids()],
        )
        self.fields["note"] = _text(copy.keep_note_label, rows=2)

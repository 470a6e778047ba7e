from __future__ import annotations

from django import forms

from toward.content.library import reflection_content
from toward.reflections.models import ANSWER_MAX, DREAM_TEXT_MAX, DREAM_TITLE_MAX, NOTE_MAX

# Forms accept far more than the limits so the service can say how long the text was, instead
# of the browser silently cutting it off. Anything beyond GENEROUS times the limit is refused by
# the form itself, with the same kind of message.
GENEROUS = 4


def _too_long(limit: int) -> dict[str, str]:
    return {
        "max_length": f"Please keep this to {limit:,} characters or fewer "
        "(this has %(show_value)s). Nothing was saved; everything you typed is still here."
    }


def _text(label: str, help_text: str = "", rows: int = 3, limit: int = ANSWER_MAX):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=limit * GENEROUS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=_too_long(limit),
    )


class ReflectionForm(forms.Form):
    """The five prompts; labels come from content/data/reflection.yaml."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for prompt in reflection_content().prompts:
            self.fields[prompt.id] = _text(prompt.label, prompt.hint)

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in self.fields}


class DreamForm(forms.Form):
    title = forms.CharField(
        label="Your dream or goal",
        help_text="A few words: a course, a career change, a marathon, a creative project…",
        max_length=DREAM_TITLE_MAX * GENEROUS,
        required=False,
        error_messages=_too_long(DREAM_TITLE_MAX),
    )
    detail = _text("Tell a little more, if you like", limit=DREAM_TEXT_MAX)
    help_wanted = _text(
        "Is there any help you'd like?",
        "Only what you write here can be offered. Leave it empty if you'd rather go alone.",
        rows=2,
        limit=DREAM_TEXT_MAX,
    )


class NoteForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("cheer", "Cheer"), ("question", "Ask about it"), ("help", "Offer help")],
        widget=forms.RadioSelect,
        initial="cheer",
        label="What would you like to do?",
    )
    text = _text("Your words", rows=2, limit=NOTE_MAX)


class MilestoneForm(forms.Form):
    text = forms.CharField(
        label="A milestone on the way",
        max_length=DREAM_TITLE_MAX * GENEROUS,
        error_messages={**_too_long(DREAM_TITLE_MAX), "required": "Name the milestone."},
    )


class CelebrateForm(forms.Form):
    text = forms.CharField(
        label="A word of celebration (optional)",
        required=False,
        max_length=NOTE_MAX * GENEROUS,
    )

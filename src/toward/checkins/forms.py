from __future__ import annotations

from django import forms

from toward.checkins.models import ANSWER_MAX, FEELINGS_MAX
from toward.content.library import appreciations_content, checkin_content

# Forms accept far more than the limit so the service can say how long the text was, instead of
# the browser silently cutting it off.
_GENEROUS = ANSWER_MAX * 4
SLOTS = range(1, FEELINGS_MAX + 1)
INTENSITY_CHOICES = [
    ("1", "1, a little"),
    ("2", "2"),
    ("3", "3, clearly"),
    ("4", "4"),
    ("5", "5, very strongly"),
]


def _text(label: str, help_text: str, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=_GENEROUS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class CheckInForm(forms.Form):
    """The four prompts, up to three feelings with an intensity, what I need, a private note.
    Labels come from content/data/checkin.yaml."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        copy = checkin_content()
        for prompt in copy.prompts:
            self.fields[prompt.id] = _text(prompt.label, prompt.hint)
        for n in SLOTS:
            self.fields[f"feeling_{n}"] = forms.CharField(required=False, max_length=80)
            self.fields[f"intensity_{n}"] = forms.ChoiceField(
                choices=INTENSITY_CHOICES, required=False, initial="3"
            )
        # Carries the service's errors about feelings to the picker; never filled in.
        self.fields["feelings"] = forms.CharField(required=False, widget=forms.HiddenInput)
        self.fields["need_tonight"] = _text(copy.need_label, copy.need_hint, rows=2)
        self.fields["private_note"] = _text(copy.private_label, copy.private_hint, rows=2)

    def prompt_fields(self):
        return [self[prompt.id] for prompt in checkin_content().prompts]

    def slots(self) -> list[dict]:
        return [
            {
                "n": n,
                "feeling": self[f"feeling_{n}"].value() or "",
                "intensity": str(self[f"intensity_{n}"].value() or "3"),
            }
            for n in SLOTS
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        feelings = [
            (data[f"feeling_{n}"], data[f"intensity_{n}"] or "3")
            for n in SLOTS
            if data.get(f"feeling_{n}")
        ]
        texts = {
            name: data.get(name, "")
            for name in (*(p.id for p in checkin_content().prompts), "need_tonight", "private_note")
        }
        return {"feelings": feelings, **texts}

    @staticmethod
    def initial_from(mine) -> dict:
        """The form filled from the person's own check-in view, for editing it the same day."""
        if mine is None:
            return {}
        initial = {**mine.answers, "need_tonight": mine.need_tonight}
        initial["private_note"] = mine.private_note or ""
        for n, named in enumerate(mine.feelings, start=1):
            initial[f"feeling_{n}"] = named.feeling.id
            initial[f"intensity_{n}"] = str(named.intensity)
        return initial


class AppreciationForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        copy = appreciations_content()
        self.fields["did"] = _text(copy.did_label, copy.did_hint, rows=2)
        self.fields["felt"] = _text(copy.felt_label, copy.felt_hint, rows=2)
        self.fields["says"] = _text(copy.says_label, copy.says_hint, rows=2)
        self.fields["is_private"] = forms.BooleanField(
            label=copy.private_label, help_text=copy.private_hint, required=False
        )
        # Set by the "save it as it is" button after a gentle hint about vague thanks.
        self.fields["as_it_is"] = forms.BooleanField(required=False, widget=forms.HiddenInput)

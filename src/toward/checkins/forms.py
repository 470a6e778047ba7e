from __future__ import annotations

from django import forms

from toward.checkins import services
from toward.checkins.models import ANSWER_MAX, FEELINGS_MAX
from toward.content.library import appreciations_content, checkin_content
from toward.core.errors import ServiceError
from toward.lib.text import clean_text, has_forbidden_characters

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


NULL_BYTES_MESSAGE = (
    "This had an invisible character in it (a null byte) that can't be kept, so it has been "
    "taken out. Everything else you typed is still here."
)


class TogetherForm(forms.Form):
    """What a pair typed in "together now": one optional box per person (0 is the person logged
    in, 1 the other) and prompt. The answers travel from turn to turn in hidden fields and are
    never saved, unless the person logged in chooses to keep their own part at the end."""

    def __init__(self, data=None, *args, **kwargs) -> None:
        self.had_null_bytes: set[str] = set()
        if data is not None:
            data = data.copy()
            for name in self.answer_names():
                value = data.get(name, "")
                if has_forbidden_characters(value):
                    # Shown again without them, so nothing else typed is lost.
                    data[name] = clean_text(value)
                    self.had_null_bytes.add(name)
        super().__init__(data, *args, **kwargs)
        for name in self.answer_names():
            self.fields[name] = forms.CharField(
                required=False, strip=False, widget=forms.Textarea(attrs={"rows": 4})
            )
            # Django's own null-byte check is replaced by the kinder message in clean().
            self.fields[name].validators = []

    @staticmethod
    def answer_name(who: int, prompt_id: str) -> str:
        return f"p{who}_{prompt_id}"

    @classmethod
    def answer_names(cls) -> list[str]:
        return [
            cls.answer_name(who, prompt.id)
            for who in (0, 1)
            for prompt in checkin_content().prompts
        ]

    def clean(self):
        data = super().clean()
        for name in self.answer_names():
            if name in self.had_null_bytes:
                self.add_error(name, NULL_BYTES_MESSAGE)
                continue
            try:
                data[name] = services.clean_typed_answer(name, data.get(name, ""))
            except ServiceError as exc:
                self.add_error(name, exc.message)
        return data

    def typed(self, who: int) -> dict[str, str]:
        """One person's typed answers by prompt id (empty ones left out). Call after is_valid."""
        data = getattr(self, "cleaned_data", {})
        found = {p.id: data.get(self.answer_name(who, p.id), "") for p in checkin_content().prompts}
        return {prompt_id: text for prompt_id, text in found.items() if text}

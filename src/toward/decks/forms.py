from __future__ import annotations

from django import forms

from toward.decks.models import ANSWER_MAX, DECK_TITLE_MAX, QUESTION_MAX

# Forms accept more than the limits so the service can say how long the text was, rather than
# the browser silently cutting it off.
_GENEROUS = 20

DEPTH_CHOICES = [
    ("surface", "Surface: easy and light"),
    ("personal", "Personal: memories, preferences, hopes"),
    ("core", "Core: fears, longings, unspoken things"),
]


class AnswerForm(forms.Form):
    text = forms.CharField(
        label="Your answer",
        max_length=ANSWER_MAX * _GENEROUS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Only you can see this until you have both answered.",
    )


class DeckForm(forms.Form):
    title = forms.CharField(label="Name your deck", max_length=DECK_TITLE_MAX * _GENEROUS)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="Your question",
        max_length=QUESTION_MAX * _GENEROUS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Open questions work best: ones that can't be answered with yes or no.",
    )
    depth = forms.ChoiceField(
        label="How deep does it go?", choices=DEPTH_CHOICES, widget=forms.RadioSelect
    )


class ImportForm(forms.Form):
    title = forms.CharField(
        label="Name the new deck", max_length=DECK_TITLE_MAX * _GENEROUS, required=False
    )
    file = forms.FileField(
        label="Deck file (CSV)",
        help_text="A CSV file with the header id,depth,text. Up to 1 MB.",
    )


class TogetherForm(forms.Form):
    deck = forms.CharField(widget=forms.HiddenInput, required=False)
    minutes = forms.ChoiceField(
        label="A gentle time limit",
        choices=[("45", "45 minutes"), ("20", "20 minutes"), ("60", "An hour"), ("0", "None")],
        initial="45",
        widget=forms.RadioSelect,
    )

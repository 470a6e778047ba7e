from __future__ import annotations

from django import forms

from toward.content.library import relationship_types
from toward.spaces.models import SPACE_NAME_MAX

# Forms accept far more than the limit so the service can say how long the name was, rather than
# the browser silently cutting it off.
_GENEROUS = SPACE_NAME_MAX * 200


def _kind_choices() -> list[tuple[str, str]]:
    return [(item.id, item.label) for item in relationship_types()]


class SpaceForm(forms.Form):
    relationship_type = forms.ChoiceField(
        label="What kind of pair are you?", choices=_kind_choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label="Name this space",
        max_length=_GENEROUS,
        help_text="Only you see this name. The other person chooses their own.",
    )


class RenameForm(forms.Form):
    name = forms.CharField(
        label="Your name for this space",
        max_length=_GENEROUS,
        help_text="Only you see this name.",
    )


class JoinForm(forms.Form):
    code = forms.CharField(label="Invitation code", max_length=64)
    name = forms.CharField(
        label="Name this space",
        max_length=_GENEROUS,
        help_text="Only you see this name.",
    )


class LeaveForm(forms.Form):
    password = forms.CharField(
        label="Your password, to confirm it's you",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

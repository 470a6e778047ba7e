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
    # Unticked by default: unless the leaver chooses otherwise, what they shared leaves too
    # (PRODUCT.md section 2). Shown only when there is another person to keep it for.
    keep_shared = forms.BooleanField(
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "id_keep_shared_help"}),
    )
    password = forms.CharField(
        label="Your password, to confirm it's you",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, other_name: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if other_name is None:
            del self.fields["keep_shared"]
        else:
            self.fields["keep_shared"].label = f"Leave what we shared readable for {other_name}"
            self.fields["keep_shared"].help_text = (
                f"{other_name} keeps what you both already saw: answers that opened for you both, "
                "shared appreciations, dreams, memories, repairs and challenge weeks. Your "
                "private entries, drafts and anything not yet opened leave with you either way."
            )

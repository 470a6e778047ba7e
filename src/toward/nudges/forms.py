"""Forms only carry what was typed; the services decide what is valid (so the API agrees)."""

from __future__ import annotations

import zoneinfo

from django import forms

from toward.nudges.services import DEEP_DIVES_MAX, RECHARGE_CHOICES


def _zones() -> list[tuple[str, str]]:
    names = sorted(z for z in zoneinfo.available_timezones() if "/" in z or z == "UTC")
    return [(z, z.replace("_", " ")) for z in names if not z.startswith(("Etc/", "SystemV/"))]


class RechargeForm(forms.Form):
    duration = forms.ChoiceField(
        label="How long?",
        choices=[(key, label) for key, (label, _) in RECHARGE_CHOICES.items()],
        widget=forms.RadioSelect,
        initial="day",
    )


class QuietHoursForm(forms.Form):
    quiet_start = forms.CharField(
        label="Quiet from",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="Nothing reaches you from this time…",
    )
    quiet_end = forms.CharField(
        label="Until",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="…until this time, on your own clock. The same time twice means no quiet hours.",
    )
    time_zone = forms.ChoiceField(label="Your time zone", choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _zones()


class PaceForm(forms.Form):
    deep_dives_per_week = forms.CharField(
        required=False,
        label="Deep conversations a week, at most",
        help_text=f"From 1 to {DEEP_DIVES_MAX}, or leave it empty for no limit.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 3}),
    )

from __future__ import annotations

import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string

from toward.accounts.models import DISPLAY_NAME_MAX, normalise_email
from toward.core.tasks import send_email

TIME_ZONES = sorted(zoneinfo.available_timezones())


class SignupForm(forms.Form):
    email = forms.EmailField(label="Email", max_length=254)
    display_name = forms.CharField(
        label="Your name",
        required=False,
        max_length=DISPLAY_NAME_MAX,
        help_text="What the other person will see. You can change it later.",
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters. A few words you will remember work well.",
    )
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", max_length=254, widget=forms.EmailInput(attrs={"autofocus": True})
    )

    error_messages = {
        "invalid_login": "That email and password don't match an account. Please try again.",
        "inactive": "This account is not active.",
    }

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data["username"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(label="Your name", required=False, max_length=DISPLAY_NAME_MAX)
    time_zone = forms.ChoiceField(
        label="Time zone",
        choices=[(zone, zone) for zone in TIME_ZONES],
        help_text="Your day starts and ends by this clock.",
    )


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name for the new token",
        max_length=80,
        required=False,
        help_text="Something to recognise it by, like 'my phone app'.",
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email sent by the background worker."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        send_email.enqueue(subject=subject, body=body, to=[to_email])


class UnlockForm(forms.Form):
    password = forms.CharField(
        label="Your password (or recovery code)",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )


class ResetWithRecoveryForm(SetPasswordForm):
    """A new password, plus the recovery code that keeps private entries readable."""

    recovery_code = forms.CharField(
        label="Recovery code (if you have it)",
        required=False,
        max_length=64,
        help_text="The code you saved when you made your account, like 7KQ2M-….",
    )
    accept_locked = forms.BooleanField(
        label="I don't have my recovery code. I understand my earlier private entries will stay "
        "locked, even to me.",
        required=False,
    )

    field_order = ["new_password1", "new_password2", "recovery_code", "accept_locked"]

    def clean(self):
        cleaned = super().clean()
        self.data_key = None
        code = cleaned.get("recovery_code", "")
        if code:
            from toward.accounts import vault

            self.data_key = vault.unlock_with_recovery_code(self.user, code)
            if self.data_key is None:
                self.add_error("recovery_code", "That recovery code doesn't match this account.")
        elif not cleaned.get("accept_locked"):
            from toward.accounts import vault

            if vault.has_keys(self.user):
                self.add_error(
                    "accept_locked",
                    "Without the recovery code, please confirm you understand what happens to "
                    "your earlier private entries.",
                )
        return cleaned


class EraseForm(forms.Form):
    password = forms.CharField(
        label="Your password, to confirm",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

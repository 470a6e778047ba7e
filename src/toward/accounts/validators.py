from __future__ import annotations

from django.core.exceptions import ValidationError

PASSWORD_MAX_LENGTH = 256  # long passphrases welcome; megabytes of "password" are not


class MaximumLengthValidator:
    def validate(self, password: str, user=None) -> None:
        if len(password) > PASSWORD_MAX_LENGTH:
            raise ValidationError(
                f"Please keep the password under {PASSWORD_MAX_LENGTH} characters.",
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return f"At most {PASSWORD_MAX_LENGTH} characters."

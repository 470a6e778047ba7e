"""Strict parsers for configuration from environment variables.

Every setting Toward reads is declared in ``SETTINGS`` so the documentation test can check that
docs/CONFIGURATION.md names each one. A value that cannot be parsed stops start-up with a message
that names the variable: a typo should never silently fall back to a default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


class ConfigError(ValueError):
    """A configuration value is missing or malformed."""


@dataclass(frozen=True)
class Setting:
    name: str
    help: str
    default: str | None = None


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting(
            "TOWARD_DATA_DIR",
            "Folder for the SQLite database, the generated secret key and backups.",
            "a per-user data directory",
        ),
        Setting(
            "TOWARD_SECRET_KEY",
            "Django secret key. Required in production; generated into the data folder otherwise.",
        ),
        Setting(
            "DATABASE_URL",
            "Database to use, e.g. postgres://user@host/dbname. "
            "SQLite in the data folder when unset.",
        ),
        Setting("TOWARD_DEBUG", "Show Django's debug pages. Never in production.", "false"),
        Setting(
            "TOWARD_ALLOWED_HOSTS",
            "Comma-separated host names this server answers to.",
            "127.0.0.1,localhost",
        ),
        Setting(
            "TOWARD_BASE_URL",
            "Public address used in invitation links and emails.",
            "http://127.0.0.1:8000",
        ),
        Setting(
            "TOWARD_EXIT_URL",
            "Neutral page the quick-exit control goes to.",
            "https://www.bbc.co.uk/weather",
        ),
        Setting("TOWARD_FROM_EMAIL", "Sender address of Toward's emails.", "toward@localhost"),
        Setting("TOWARD_SMTP_HOST", "SMTP server. Emails are printed to the console when unset."),
        Setting("TOWARD_SMTP_PORT", "SMTP port.", "587"),
        Setting("TOWARD_SMTP_USER", "SMTP user name."),
        Setting("TOWARD_SMTP_PASSWORD", "SMTP password."),
        Setting("TOWARD_SMTP_TLS", "Use STARTTLS with the SMTP server.", "true"),
        Setting(
            "TOWARD_LOGIN_FAILURE_LIMIT",
            "Failed logins from one device before that device is refused for a while.",
            "10",
        ),
        Setting(
            "TOWARD_LLM_URL",
            "Base URL of an OpenAI-compatible chat endpoint for the optional coach "
            "(e.g. http://127.0.0.1:11434/v1). Off when unset.",
        ),
        Setting("TOWARD_LLM_MODEL", "Model name sent to that endpoint.", "default"),
        Setting("TOWARD_LLM_API_KEY", "Bearer key for that endpoint, if it needs one."),
        Setting(
            "TOWARD_LOGIN_COOLOFF_MINUTES",
            "How long a device stays refused after too many failed logins.",
            "15",
        ),
        Setting(
            "TOWARD_INSIGHT_DECLINE_MONTHS",
            "How many months a change must hold before insights call it a pattern, and before a "
            "quieter shared rhythm brings the suggestion of a conversation (docs/INSIGHTS.md).",
            "3",
        ),
        Setting(
            "TOWARD_DATABASE_REPLICA_URL",
            "A PostgreSQL read replica (postgres://…); page views that change nothing read there.",
        ),
        Setting(
            "TOWARD_DATABASE_PREPARED",
            "PostgreSQL: keep queries a connection repeats prepared on the server. false behind "
            "a pooler that cannot keep prepared statements.",
            "true",
        ),
        Setting(
            "TOWARD_BENCH_HELLO",
            "Route /bench/hello, the load benchmark's bare baseline view. Never in production.",
            "false",
        ),
        Setting(
            "TOWARD_MEDIA_DIR",
            "Folder for uploaded photos (memories); served only to the space's members.",
            "TOWARD_DATA_DIR/media",
        ),
        Setting(
            "TOWARD_PHOTO_STORAGE",
            "Dotted path of the Django storage class for photos (e.g. an object-storage backend).",
            "django.core.files.storage.FileSystemStorage",
        ),
        Setting("TOWARD_PHOTO_MAX_MB", "Largest photo upload, in megabytes.", "10"),
        Setting(
            "TOWARD_PHOTO_MAX_MEGAPIXELS",
            "Largest photo, in millions of pixels (width times height), checked before decoding.",
            "40",
        ),
    ]
}

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    if name not in SETTINGS:
        raise ConfigError(f"{name} is not a known Toward setting")
    return os.environ.get(name)


def env_str(name: str, default: str | None = None) -> str | None:
    value = _raw(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = _raw(name)
    if value is None or not value.strip():
        return default
    try:
        parsed = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if parsed < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {parsed}")
    return parsed


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]

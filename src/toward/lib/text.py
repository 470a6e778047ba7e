"""Cleaning of text people type, before it reaches a form or a schema."""

from __future__ import annotations

import unicodedata

_ALLOWED_CONTROL = {"\n", "\t"}


def clean_text(value: str) -> str:
    """Drop null bytes and other control characters (keep newlines and tabs), normalise to NFC.

    PostgreSQL refuses NUL in text columns and they are never meaningful in what a person writes.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = (
        ch for ch in value if ch in _ALLOWED_CONTROL or unicodedata.category(ch) not in {"Cc", "Cs"}
    )
    return unicodedata.normalize("NFC", "".join(kept))


def has_forbidden_characters(value: str) -> bool:
    return "\x00" in value or any(unicodedata.category(ch) == "Cs" for ch in value)

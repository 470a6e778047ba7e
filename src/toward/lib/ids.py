"""Public identifiers.

Anything a person can see in a URL carries 128 random bits (SAFETY-CHECKLIST item 5): ids must not
reveal how many spaces or entries exist, nor the order in which they were made.
"""

from __future__ import annotations

import hashlib
import secrets

PUBLIC_ID_BYTES = 16  # 128 bits
PUBLIC_ID_LENGTH = 22  # base64url of 16 bytes, unpadded

# Crockford's base32 without I, L, O, U: easy to read aloud and to type on a phone.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
INVITE_CODE_GROUPS = 4
INVITE_CODE_GROUP_SIZE = 4  # 16 symbols x 5 bits = 80 bits: unguessable, still typeable


def new_public_id() -> str:
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


def new_invite_code() -> str:
    symbols = "".join(
        secrets.choice(_CODE_ALPHABET) for _ in range(INVITE_CODE_GROUPS * INVITE_CODE_GROUP_SIZE)
    )
    return "-".join(
        symbols[i : i + INVITE_CODE_GROUP_SIZE]
        for i in range(0, len(symbols), INVITE_CODE_GROUP_SIZE)
    )


def normalise_invite_code(raw: str) -> str:
    """Accept what people actually type: lower case, spaces, missing dashes, O for 0, I/L for 1."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return cleaned


def secret_hash(secret: str) -> str:
    """Hash of a high-entropy secret (token, code); only this is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()

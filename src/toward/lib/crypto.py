"""Envelope encryption for private entries, with well-kept primitives only.

Each person has a random 256-bit *data key*. Private text is sealed with it (AES-256-GCM, a fresh
96-bit nonce per message, the record's identity as associated data so a sealed value cannot be
moved to another row or field). The data key itself is stored only *wrapped* (sealed) under keys
derived from the person's password and from their recovery code with argon2id, so a copy of the
database and of the server's settings is not enough to read anything private.

KDF parameters (argon2id, RFC 9106's second recommended option scaled for a small server):
time_cost=3, memory_cost=64 MiB, parallelism=1, 32-byte output, 16-byte random salt.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
SEALED_PREFIX = "v1:"


@dataclass(frozen=True)
class KdfParams:
    time_cost: int = 3
    memory_cost_kib: int = 64 * 1024
    parallelism: int = 1

    def as_string(self) -> str:
        return f"argon2id:t={self.time_cost},m={self.memory_cost_kib},p={self.parallelism}"

    @classmethod
    def from_string(cls, text: str) -> KdfParams:
        name, _, params = text.partition(":")
        if name != "argon2id":
            raise ValueError(f"unknown key derivation {name!r}")
        values = dict(item.split("=") for item in params.split(","))
        return cls(int(values["t"]), int(values["m"]), int(values["p"]))


DEFAULT_KDF = KdfParams()


class DecryptionError(Exception):
    """The key is wrong, or the sealed value was altered or moved."""


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def derive_key(secret: str, salt: bytes, params: KdfParams = DEFAULT_KDF) -> bytes:
    return hash_secret_raw(
        secret.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_cost_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def subkey(master: str | bytes, purpose: str) -> bytes:
    """A key for one purpose derived from a server secret (HKDF-SHA256)."""
    material = master.encode("utf-8") if isinstance(master, str) else master
    return HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=None, info=purpose.encode()).derive(
        material
    )


def seal_bytes(key: bytes, plaintext: bytes, context: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode("utf-8"))


def open_bytes(key: bytes, sealed: bytes, context: str) -> bytes:
    if len(sealed) < NONCE_BYTES + 16:
        raise DecryptionError("sealed value is too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode())
    except InvalidTag:
        raise DecryptionError("wrong key, or the value was altered") from None


def seal_text(key: bytes, plaintext: str, context: str) -> str:
    """Seal text for storage in a text column: 'v1:' + urlsafe base64."""
    sealed = seal_bytes(key, plaintext.encode("utf-8"), context)
    return SEALED_PREFIX + base64.urlsafe_b64encode(sealed).decode("ascii")


def open_text(key: bytes, stored: str, context: str) -> str:
    if not stored.startswith(SEALED_PREFIX):
        raise DecryptionError("not a sealed value")
    try:
        raw = base64.urlsafe_b64decode(stored[len(SEALED_PREFIX) :].encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        raise DecryptionError("not a sealed value") from None
    return open_bytes(key, raw, context).decode("utf-8")


# Recovery codes: 30 symbols of Crockford base32 (150 bits), in six groups of five.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_recovery_code() -> str:
    symbols = "".join(secrets.choice(_ALPHABET) for _ in range(30))
    return "-".join(symbols[i : i + 5] for i in range(0, 30, 5))


def normalise_recovery_code(raw: str) -> str:
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


# --- text sealed to named people (X25519 + HKDF + AES-GCM) ----------------------------------
#
# Text that another person will read later without its author present (a repair part, a pair
# answer revealed once both have written) is sealed under a fresh content key, and that key is
# wrapped to each reader's X25519 public key: an ephemeral key pair per reader, HKDF-SHA256 over
# the shared secret (with both public keys and the context as info), AES-256-GCM for the wrap.
# Only a reader's private key opens it, and that key is derived from their data key, so the
# database and the server's settings together are still not enough.

SHARED_PREFIX = "x1:"


def x25519_private_key(data_key: bytes) -> X25519PrivateKey:
    """A person's key pair, derived from their data key so nothing more has to be stored."""
    seed = HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=None, info=b"toward:x25519").derive(
        data_key
    )
    return X25519PrivateKey.from_private_bytes(seed)


def x25519_public_key(data_key: bytes) -> bytes:
    return x25519_private_key(data_key).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _wrap_key(shared: bytes, ephemeral: bytes, recipient: bytes, context: str) -> bytes:
    info = b"toward:share:" + ephemeral + recipient + context.encode("utf-8")
    return HKDF(algorithm=SHA256(), length=KEY_BYTES, salt=None, info=info).derive(shared)


def seal_to(recipients: dict[str, bytes], plaintext: str, context: str) -> str:
    """Seal text so each recipient (name → X25519 public key) can open it with their own key."""
    content_key = new_key()
    wrapped = {}
    for name, public in sorted(recipients.items()):
        ephemeral = X25519PrivateKey.generate()
        ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public))
        wrap = _wrap_key(shared, ephemeral_public, public, context)
        sealed_key = seal_bytes(wrap, content_key, f"{context}:{name}")
        wrapped[name] = base64.urlsafe_b64encode(ephemeral_public + sealed_key).decode("ascii")
    body = base64.urlsafe_b64encode(seal_bytes(content_key, plaintext.encode("utf-8"), context))
    envelope = {"k": wrapped, "b": body.decode("ascii")}
    return SHARED_PREFIX + json.dumps(envelope, separators=(",", ":"), sort_keys=True)


def is_sealed_to(stored: str) -> bool:
    return isinstance(stored, str) and stored.startswith(SHARED_PREFIX)


def open_sealed_to(private_key: X25519PrivateKey, name: str, stored: str, context: str) -> str:
    """Open text sealed with seal_to as the recipient `name`; DecryptionError otherwise."""
    if not is_sealed_to(stored):
        raise DecryptionError("not a value sealed to people")
    try:
        envelope = json.loads(stored[len(SHARED_PREFIX) :])
        mine = base64.urlsafe_b64decode(envelope["k"][name])
        body = base64.urlsafe_b64decode(envelope["b"])
    except (ValueError, KeyError, TypeError):
        raise DecryptionError("not sealed for this person") from None
    ephemeral_public, sealed_key = mine[:32], mine[32:]
    own_public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    try:
        shared = private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
    except ValueError:
        raise DecryptionError("not sealed for this person") from None
    wrap = _wrap_key(shared, ephemeral_public, own_public, context)
    content_key = open_bytes(wrap, sealed_key, f"{context}:{name}")
    return open_bytes(content_key, body, context).decode("utf-8")

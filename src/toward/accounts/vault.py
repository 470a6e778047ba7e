"""Each person's data key: creating, unwrapping, re-wrapping, and carrying it between requests.

The unwrapped key never touches the database, the logs or the server-side session. Between
requests it lives in a cookie sealed with a key derived from the server secret (HttpOnly,
SameSite=Strict, gone when the browser closes), bound to the person and their current password.
Private views ask for the password again when the key has been idle for UNLOCK_IDLE.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from toward.accounts.models import DataKey, User
from toward.lib import crypto

UNLOCK_IDLE_SECONDS = 10 * 60  # someone who picks up an unlocked phone gets ten minutes at most
KEY_COOKIE = "toward_key"
RECOVERY_COOKIE = "toward_new_recovery_code"
RECOVERY_COOKIE_SECONDS = 15 * 60


def _kdf() -> crypto.KdfParams:
    """The documented argon2id parameters; the test settings swap in cheap ones for speed."""
    return getattr(settings, "TOWARD_KDF", crypto.DEFAULT_KDF)


def _wrap_context(user: User, what: str) -> str:
    return f"toward:data-key:{user.pk}:{what}"


def _store(user: User, data_key: bytes, password: str, recovery_code: str, generation: int) -> None:
    password_salt, recovery_salt = crypto.new_salt(), crypto.new_salt()
    kdf = _kdf()
    DataKey.objects.update_or_create(
        user=user,
        defaults={
            "kdf": kdf.as_string(),
            "password_salt": password_salt,
            "password_wrapped": crypto.seal_bytes(
                crypto.derive_key(password, password_salt, kdf),
                data_key,
                _wrap_context(user, "password"),
            ),
            "recovery_salt": recovery_salt,
            "recovery_wrapped": crypto.seal_bytes(
                crypto.derive_key(
                    crypto.normalise_recovery_code(recovery_code), recovery_salt, kdf
                ),
                data_key,
                _wrap_context(user, "recovery"),
            ),
            "generation": generation,
            "public_key": crypto.x25519_public_key(data_key),
        },
    )


@transaction.atomic
def create_keys(user: User, password: str) -> tuple[bytes, str]:
    """A new data key and recovery code for a person who has none yet."""
    data_key, code = crypto.new_key(), crypto.new_recovery_code()
    _store(user, data_key, password, code, generation=1)
    return data_key, code


def has_keys(user: User) -> bool:
    return DataKey.objects.filter(user=user).exists()


def _remember_public_key(record: DataKey, data_key: bytes) -> None:
    """Accounts made before key pairs existed get their public key the first time they unlock."""
    if not record.public_key:
        DataKey.objects.filter(pk=record.pk).update(public_key=crypto.x25519_public_key(data_key))


def unlock_with_password(user: User, password: str) -> bytes | None:
    record = DataKey.objects.filter(user=user).first()
    if record is None:
        return None
    wrapping = crypto.derive_key(
        password, bytes(record.password_salt), crypto.KdfParams.from_string(record.kdf)
    )
    try:
        key = crypto.open_bytes(
            wrapping, bytes(record.password_wrapped), _wrap_context(user, "password")
        )
    except crypto.DecryptionError:
        return None
    _remember_public_key(record, key)
    return key


def unlock_with_recovery_code(user: User, code: str) -> bytes | None:
    record = DataKey.objects.filter(user=user).first()
    if record is None or not crypto.normalise_recovery_code(code):
        return None
    wrapping = crypto.derive_key(
        crypto.normalise_recovery_code(code),
        bytes(record.recovery_salt),
        crypto.KdfParams.from_string(record.kdf),
    )
    try:
        key = crypto.open_bytes(
            wrapping, bytes(record.recovery_wrapped), _wrap_context(user, "recovery")
        )
    except crypto.DecryptionError:
        return None
    _remember_public_key(record, key)
    return key


def rewrap(user: User, data_key: bytes, new_password: str) -> None:
    """Wrap the same data key under a new password; the recovery code stays as it was."""
    record = DataKey.objects.get(user=user)
    salt = crypto.new_salt()
    wrapped = crypto.seal_bytes(
        crypto.derive_key(new_password, salt, crypto.KdfParams.from_string(record.kdf)),
        data_key,
        _wrap_context(user, "password"),
    )
    DataKey.objects.filter(user=user).update(password_salt=salt, password_wrapped=wrapped)


def new_recovery_code(user: User, data_key: bytes) -> str:
    """Replace the recovery code (the old one stops working) for a person who has unlocked."""
    record = DataKey.objects.get(user=user)
    code = crypto.new_recovery_code()
    salt = crypto.new_salt()
    wrapped = crypto.seal_bytes(
        crypto.derive_key(
            crypto.normalise_recovery_code(code), salt, crypto.KdfParams.from_string(record.kdf)
        ),
        data_key,
        _wrap_context(user, "recovery"),
    )
    DataKey.objects.filter(user=user).update(recovery_salt=salt, recovery_wrapped=wrapped)
    return code


@transaction.atomic
def replace_key(user: User, new_password: str) -> tuple[bytes, str]:
    """A password reset without the recovery code: a new key; earlier private entries stay
    sealed under the old one, which nobody can open any more."""
    record = DataKey.objects.filter(user=user).first()
    data_key, code = crypto.new_key(), crypto.new_recovery_code()
    _store(user, data_key, new_password, code, generation=(record.generation + 1) if record else 1)
    # API tokens carried the old key; they keep working but can no longer open sealed text.
    user.api_tokens.update(key_wrapped=None)
    return data_key, code


# --- private text --------------------------------------------------------------------------


def seal(data_key: bytes, user: User, purpose: str, row_id: str, text: str) -> str:
    """Seal private text for one field of one row; it opens only with the same identity."""
    return crypto.seal_text(data_key, text, f"{user.pk}:{purpose}:{row_id}")


def unseal(data_key: bytes, user: User, purpose: str, row_id: str, stored: str) -> str | None:
    """The text, or None when it was sealed under a key that has since been replaced."""
    try:
        return crypto.open_text(data_key, stored, f"{user.pk}:{purpose}:{row_id}")
    except crypto.DecryptionError:
        return None


# --- text sealed to the people who will read it -------------------------------------------


def public_keys(user_ids: Iterable[str]) -> dict[str, bytes] | None:
    """Each person's public key, or None when any of them has none yet."""
    wanted = {str(uid) for uid in user_ids}
    found = {
        str(uid): bytes(key)
        for uid, key in DataKey.objects.filter(user_id__in=wanted).values_list(
            "user_id", "public_key"
        )
        if key
    }
    return found if wanted and set(found) == wanted else None


def seal_for(user_ids: Iterable[str], text: str, context: str, *, fallback_key: bytes) -> str:
    """Seal text that these people (the author among them) will read later, each with their own
    key. Only when one of them has no key pair yet (an account not unlocked since key pairs
    arrived) does it fall back to `fallback_key`, a key derived from the server secret."""
    keys = public_keys(user_ids)
    if keys is None:
        return crypto.seal_text(fallback_key, text, context)
    return crypto.seal_to(keys, text, context)


def needs_key(stored: str | None) -> bool:
    """Whether opening this value takes the reader's own key (so a locked reader must unlock)."""
    return bool(stored) and crypto.is_sealed_to(stored)


def open_for(
    user_id: str, data_key: bytes | None, stored: str, context: str, *, fallback_key: bytes
) -> str | None:
    """Text sealed with seal_for, opened by one of its readers; None when this reader cannot
    open it (no key in hand, not one of its readers, or a key since replaced)."""
    try:
        if crypto.is_sealed_to(stored):
            if data_key is None:
                return None
            return crypto.open_sealed_to(
                crypto.x25519_private_key(data_key), str(user_id), stored, context
            )
        return crypto.open_text(fallback_key, stored, context)
    except crypto.DecryptionError:
        return None


def open_json_for(
    user_id: str, data_key: bytes | None, stored: str, context: str, *, fallback_key: bytes
) -> dict | None:
    """`open_for` for the JSON every caller seals: the value, or None when there is nothing
    stored or this reader cannot open it."""
    if not stored:
        return None
    text = open_for(user_id, data_key, stored, context, fallback_key=fallback_key)
    try:
        return json.loads(text) if text is not None else None
    except ValueError:
        return None


# --- carrying the key between requests -----------------------------------------------------


def _cookie_key() -> bytes:
    return crypto.subkey(settings.SECRET_KEY, "toward:key-cookie")


def _seal_cookie(payload: dict, purpose: str) -> str:
    raw = json.dumps(payload, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(crypto.seal_bytes(_cookie_key(), raw, purpose)).decode()


def _open_cookie(value: str, purpose: str) -> dict | None:
    try:
        raw = crypto.open_bytes(_cookie_key(), base64.urlsafe_b64decode(value.encode()), purpose)
        return json.loads(raw)
    except (crypto.DecryptionError, ValueError, UnicodeError):
        return None


def _binding(user: User) -> str:
    return user.get_session_auth_hash()[:16]


def carry_key(response: HttpResponse, user: User, data_key: bytes) -> None:
    payload = {
        "u": user.pk,
        "b": _binding(user),
        "k": base64.b64encode(data_key).decode(),
        "t": int(time.time()),
    }
    response.set_cookie(
        KEY_COOKIE,
        _seal_cookie(payload, KEY_COOKIE),
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def forget_key(response: HttpResponse) -> None:
    response.delete_cookie(KEY_COOKIE, samesite="Strict")


def key_from_request(request: HttpRequest) -> bytes | None:
    """The person's data key if they unlocked it recently on this browser, else None."""
    user = getattr(request, "user", None)
    value = request.COOKIES.get(KEY_COOKIE)
    if not value or user is None or not user.is_authenticated:
        return None
    payload = _open_cookie(value, KEY_COOKIE)
    if not payload or payload.get("u") != user.pk or payload.get("b") != _binding(user):
        return None
    if time.time() - payload.get("t", 0) > UNLOCK_IDLE_SECONDS:
        return None
    try:
        return base64.b64decode(payload["k"])
    except (KeyError, ValueError):
        return None


class VaultMiddleware:
    """Make `request.data_key` available, and slide the idle window on each use of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.data_key = key_from_request(request)
        response = self.get_response(request)
        key = getattr(request, "data_key", None)
        user = getattr(request, "user", None)
        if getattr(request, "forget_data_key", False):
            forget_key(response)
        elif getattr(request, "key_from_token", False):
            pass  # an API call: the token carries the key, no cookie is ever set
        elif key is not None and user is not None and user.is_authenticated:
            carry_key(response, user, key)
        return response


def unlock_required(view: Callable) -> Callable:
    """Private pages: ask for the password again after UNLOCK_IDLE of inactivity."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(
                f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
            )
        if getattr(request, "data_key", None) is None:
            return redirect(
                f"{reverse('accounts:unlock')}?{urlencode({'next': request.get_full_path()})}"
            )
        return view(request, *args, **kwargs)

    return wrapper


# --- showing a new recovery code once -------------------------------------------------------


def hand_over_recovery_code(response: HttpResponse, user: User, code: str) -> None:
    """Keep a new recovery code in a short-lived sealed cookie until its page shows it once."""
    payload = {"u": user.pk, "c": code, "t": int(time.time())}
    response.set_cookie(
        RECOVERY_COOKIE,
        _seal_cookie(payload, RECOVERY_COOKIE),
        max_age=RECOVERY_COOKIE_SECONDS,
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def take_recovery_code(request: HttpRequest) -> str | None:
    value = request.COOKIES.get(RECOVERY_COOKIE)
    payload = _open_cookie(value, RECOVERY_COOKIE) if value else None
    if not payload or time.time() - payload.get("t", 0) > RECOVERY_COOKIE_SECONDS:
        return None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and payload.get("u") != user.pk:
        return None
    return payload.get("c")

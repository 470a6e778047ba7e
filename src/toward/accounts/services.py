"""Account actions shared by the pages, the API and the command line."""

from __future__ import annotations

import inspect
import json
import secrets
import zoneinfo

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from toward.accounts.models import DISPLAY_NAME_MAX, ApiToken, User, normalise_email
from toward.core import hooks
from toward.core.errors import ServiceError
from toward.lib.ids import secret_hash
from toward.lib.text import clean_text

API_TOKEN_PREFIX = "tw_"  # noqa: S105 - a public marker, not a secret
API_TOKEN_BYTES = 32  # 256 bits
API_TOKEN_NAME_MAX = 80


def clean_email(raw: object) -> str:
    if not isinstance(raw, str) or "\x00" in raw:
        raise ServiceError("invalid_email", "Please enter an email address.", field="email")
    email = normalise_email(raw)
    try:
        validate_email(email)
    except ValidationError:
        raise ServiceError(
            "invalid_email", "That doesn't look like an email address.", field="email"
        ) from None
    return email


def clean_display_name(raw: object) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ServiceError("invalid_name", "The name needs to be text.", field="display_name")
    name = " ".join(clean_text(raw).split())
    if len(name) > DISPLAY_NAME_MAX:
        raise ServiceError(
            "invalid_name",
            f"Please keep your name to {DISPLAY_NAME_MAX} characters or fewer.",
            field="display_name",
        )
    return name


def clean_time_zone(raw: object) -> str:
    if not isinstance(raw, str) or raw not in zoneinfo.available_timezones():
        raise ServiceError(
            "invalid_time_zone",
            "Please choose a time zone from the list, like Europe/Paris.",
            field="time_zone",
        )
    return raw


def check_password(password: object, user: User | None = None) -> str:
    if not isinstance(password, str) or not password:
        raise ServiceError("invalid_password", "Please choose a password.", field="password")
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError("invalid_password", " ".join(exc.messages), field="password") from None
    return password


def sign_up(*, email: str, password: str, display_name: str = "", time_zone: str = "UTC") -> User:
    clean = clean_email(email)
    name = clean_display_name(display_name)
    zone = clean_time_zone(time_zone) if time_zone else "UTC"
    probe = User(email=clean, display_name=name)
    check_password(password, probe)
    try:
        with transaction.atomic():
            return User.objects.create_user(clean, password, display_name=name, time_zone=zone)
    except IntegrityError:
        raise ServiceError(
            "email_taken",
            "An account with this email already exists. Try logging in, or reset the password.",
            field="email",
        ) from None


def update_profile(user: User, *, display_name: object = None, time_zone: object = None) -> User:
    fields = []
    if display_name is not None:
        user.display_name = clean_display_name(display_name)
        fields.append("display_name")
    if time_zone is not None:
        user.time_zone = clean_time_zone(time_zone)
        fields.append("time_zone")
    if fields:
        user.save(update_fields=fields)
    return user


def change_password(user: User, *, old_password: str, new_password: str) -> User:
    if not user.check_password(old_password or ""):
        raise ServiceError(
            "wrong_password", "Your current password isn't right.", field="old_password"
        )
    check_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and only its hash is kept."""
    label = " ".join(clean_text(name or "").split()) or "API token"
    if len(label) > API_TOKEN_NAME_MAX:
        raise ServiceError(
            "invalid_name",
            f"Please keep the token's name to {API_TOKEN_NAME_MAX} characters or fewer.",
            field="name",
        )
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(API_TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=user, name=label, token_hash=secret_hash(secret), prefix=secret[:10]
    )
    return token, secret


def revoke_api_token(user: User, token_id: str) -> None:
    from django.http import Http404

    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise Http404("No such token")


def user_for_api_token(secret: str) -> User | None:
    if not isinstance(secret, str) or not secret.startswith(API_TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=secret_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return token.user if token else None


def export_user(user: User, data_key: bytes | None = None) -> dict:
    """All of one person's data, gathered from every app that stores some (see core.hooks).

    With the person's data key, exporters that accept a ``data_key`` argument include private
    entries as text; without it (an operator's `toward export`) those stay sealed.
    """
    data: dict = {
        "format": "toward-export",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        "private_entries_readable": data_key is not None,
    }
    for section, exporter in sorted(hooks.exporters().items()):
        if "data_key" in inspect.signature(exporter).parameters:
            data[section] = exporter(user, data_key=data_key)
        else:
            data[section] = exporter(user)
    return data


def find_user(email: str) -> User:
    try:
        return User.objects.get(email=normalise_email(email))
    except User.DoesNotExist:
        raise ServiceError("unknown_user", f"No account uses the email {email!r}.") from None


# --- sessions --------------------------------------------------------------------------------


def record_session(user: User, session_key: str, user_agent: str) -> None:
    from toward.accounts.models import DeviceSession

    DeviceSession.objects.update_or_create(
        session_key=session_key, defaults={"user": user, "device": describe_device(user_agent)}
    )


def describe_device(user_agent: str) -> str:
    """A short, human label ('Firefox on Android') — never the full user-agent string."""
    ua = user_agent.lower()
    browser = next(
        (
            name
            for key, name in [
                ("edg/", "Edge"),
                ("firefox", "Firefox"),
                ("chrome", "Chrome"),
                ("safari", "Safari"),
            ]
            if key in ua
        ),
        "A browser",
    )
    system = next(
        (
            name
            for key, name in [
                ("android", "Android"),
                ("iphone", "iPhone"),
                ("ipad", "iPad"),
                ("windows", "Windows"),
                ("mac os", "macOS"),
                ("linux", "Linux"),
            ]
            if key in ua
        ),
        "an unknown device",
    )
    return f"{browser} on {system}"


def active_sessions(user: User):
    """The person's own signed-in browsers, newest first; stale rows are tidied away."""
    from django.contrib.sessions.models import Session

    from toward.accounts.models import DeviceSession

    rows = list(DeviceSession.objects.filter(user=user))
    live = set(
        Session.objects.filter(
            session_key__in=[r.session_key for r in rows], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    stale = [r.pk for r in rows if r.session_key not in live]
    if stale:
        DeviceSession.objects.filter(pk__in=stale).delete()
    return [r for r in rows if r.session_key in live]


def end_session(user: User, device_session_id: str) -> None:
    from django.contrib.sessions.models import Session
    from django.http import Http404

    from toward.accounts.models import DeviceSession

    row = DeviceSession.objects.filter(pk=device_session_id, user=user).first()
    if row is None:
        raise Http404("No such session")
    Session.objects.filter(session_key=row.session_key).delete()
    row.delete()


def forget_other_sessions(user: User, keep: str | None) -> int:
    """Sign out every browser of this person except `keep` (the current one, if any)."""
    from django.contrib.sessions.models import Session

    from toward.accounts.models import DeviceSession

    rows = DeviceSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    return rows.delete()[0]


# --- erasing ---------------------------------------------------------------------------------


@transaction.atomic
def erase_account(user: User, password: str) -> None:
    """Delete everything of this person: they leave every space quietly, then every row that
    is theirs goes, including login records and queued emails that name them."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.sessions.models import Session
    from django_tasks_db.models import DBTaskResult

    if not user.check_password(password or ""):
        raise ServiceError("wrong_password", "That isn't your password.", field="password")
    for handler in hooks.erase_handlers():
        handler(user)
    keys = list(user.device_sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=user.email).delete()
    queued = [
        row.pk
        for row in DBTaskResult.objects.only("pk", "args_kwargs")
        if user.email in json.dumps(row.args_kwargs)
    ]
    DBTaskResult.objects.filter(pk__in=queued).delete()
    user.delete()

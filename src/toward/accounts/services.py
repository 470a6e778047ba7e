"""Account actions shared by the pages, the API and the command line."""

from __future__ import annotations

import inspect
import json
import secrets
import zoneinfo
from datetime import timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from toward.accounts.models import (
    DISPLAY_NAME_MAX,
    ApiToken,
    SignupEmail,
    User,
    normalise_email,
)
from toward.core import hooks
from toward.core.errors import ServiceError
from toward.lib import crypto
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


class _SignupTokens(PasswordResetTokenGenerator):
    """Links that finish a sign-up. A link dies when the account is confirmed (is_active) or when
    a later sign-up with the same address chose another password."""

    key_salt = "toward.accounts.signup"

    def _make_hash_value(self, user, timestamp) -> str:
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


signup_tokens = _SignupTokens()


def request_sign_up(
    *,
    email: str,
    password: str,
    display_name: str = "",
    time_zone: str = "UTC",
    next_url: str = "",
) -> None:
    """The web sign-up. Whether or not the address already has an account, the person sees the
    same "check your email" page and exactly one email goes to the address (SAFETY-CHECKLIST item
    17: sign-up reveals nothing about who has an account):

    - a new address gets an account waiting for confirmation and a link that finishes it;
    - an address with a confirmed account gets a note that someone tried to sign up with it, with
      the ways to log in or reset the password; nothing about the account changes;
    - an address whose account is still waiting gets a fresh link, and the password typed now
      replaces the earlier one (so someone who signed up with another person's address first can
      never learn the password the owner confirms).

    Both paths hash the password once and queue one email, so they take the same time.
    """
    from django.conf import settings
    from django.template.loader import render_to_string

    from toward.core.tasks import send_email

    clean = clean_email(email)
    name = clean_display_name(display_name)
    zone = clean_time_zone(time_zone) if time_zone else "UTC"
    check_password(password, User(email=clean, display_name=name))
    for attempt in range(2):  # a second try only if another sign-up raced us to the address
        try:
            template, context = _prepare_sign_up(clean, password, name, zone, next_url)
            break
        except IntegrityError:
            if attempt:
                raise
    if not _may_send_signup_email(clean):
        return  # the same page as ever; the mailbox already has our recent messages
    context["base_url"] = settings.BASE_URL
    subject = "".join(render_to_string(f"{template}_subject.txt", context).splitlines())
    send_email.enqueue(
        subject=subject, body=render_to_string(f"{template}.txt", context), to=[clean]
    )


SIGNUP_EMAILS_PER_HOUR = 3  # per address, whether or not it has an account


def _signup_address_key(clean_email_address: str) -> str:
    import hmac

    from django.conf import settings

    key = settings.SECRET_KEY.encode()
    return hmac.new(key, clean_email_address.encode(), "sha256").hexdigest()


def _may_send_signup_email(clean: str) -> bool:
    """At most SIGNUP_EMAILS_PER_HOUR sign-up emails to one address, taken or free alike, so
    the cap itself reveals nothing and nobody can use sign-up to flood someone's mailbox."""
    now = timezone.now()
    SignupEmail.objects.filter(sent_at__lt=now - timedelta(days=1)).delete()
    address = _signup_address_key(clean)
    recent = SignupEmail.objects.filter(address=address, sent_at__gte=now - timedelta(hours=1))
    if recent.count() >= SIGNUP_EMAILS_PER_HOUR:
        return False
    SignupEmail.objects.create(address=address, sent_at=now)
    return True


def _prepare_sign_up(clean: str, password: str, name: str, zone: str, next_url: str):
    from django.contrib.auth.hashers import make_password
    from django.utils.encoding import force_bytes
    from django.utils.http import urlencode, urlsafe_base64_encode

    with transaction.atomic():
        user = User.objects.filter(email=clean).first()
        if user is not None and user.is_active:
            make_password(password)  # the same work as a new account, so timing tells nothing
            return "accounts/email/signup_taken", {}
        if user is None:
            user = User.objects.create_user(
                clean, password, display_name=name, time_zone=zone, is_active=False
            )
        else:
            user.set_password(password)
            user.display_name, user.time_zone = name, zone
            user.save(update_fields=["password", "display_name", "time_zone"])
    query = f"?{urlencode({'next': next_url})}" if next_url else ""
    return "accounts/email/signup_confirm", {
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": signup_tokens.make_token(user),
        "query": query,
    }


def user_for_signup_link(uidb64: str, token: str) -> User | None:
    """The waiting account a sign-up link belongs to, or None for a used, old or wrong link."""
    from django.utils.encoding import force_str
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=False).first()
    if user is None or not signup_tokens.check_token(user, token):
        return None
    return user


def confirm_sign_up(user: User, password: str) -> User:
    """Finish a sign-up: the person proves they chose this password, and the account opens."""
    if not user.check_password(password or ""):
        raise ServiceError(
            "wrong_password",
            "That isn't the password you chose when you signed up. If you signed up more than "
            "once, use the newest email and the password you typed that time.",
            field="password",
        )
    updated = User.objects.filter(pk=user.pk, is_active=False).update(is_active=True)
    if not updated:
        raise ServiceError("link_used", "This link has already been used. Please log in.")
    user.is_active = True
    return user


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


def create_api_token(user: User, name: str, data_key: bytes | None = None) -> tuple[ApiToken, str]:
    """A new token; the secret is returned once and only its hash is kept.

    Given the person's data key, the token also carries it, sealed under a key derived from the
    secret itself, so calls made with it can open what was sealed to the person (a partner's
    revealed repair parts, say). The server alone still cannot open it.
    """
    label = " ".join(clean_text(name or "").split()) or "API token"
    if len(label) > API_TOKEN_NAME_MAX:
        raise ServiceError(
            "invalid_name",
            f"Please keep the token's name to {API_TOKEN_NAME_MAX} characters or fewer.",
            field="name",
        )
    secret = API_TOKEN_PREFIX + secrets.token_urlsafe(API_TOKEN_BYTES)
    token = ApiToken(user=user, name=label, token_hash=secret_hash(secret), prefix=secret[:10])
    if data_key is not None:
        token.key_wrapped = crypto.seal_bytes(
            crypto.subkey(secret, "toward:token-key"), data_key, f"token:{user.pk}:{token.pk}"
        )
    token.save(force_insert=True)
    return token, secret


def revoke_api_token(user: User, token_id: str) -> None:
    from django.http import Http404

    updated = ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise Http404("No such token")


def token_for_api_secret(secret: str) -> ApiToken | None:
    if not isinstance(secret, str) or not secret.startswith(API_TOKEN_PREFIX):
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(token_hash=secret_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def user_for_api_token(secret: str) -> User | None:
    token = token_for_api_secret(secret)
    return token.user if token else None


def data_key_from_token(token: ApiToken, secret: str) -> bytes | None:
    """The person's data key as the token carries it, or None for a token made without it."""
    if not token.key_wrapped:
        return None
    try:
        return crypto.open_bytes(
            crypto.subkey(secret, "toward:token-key"),
            bytes(token.key_wrapped),
            f"token:{token.user_id}:{token.pk}",
        )
    except crypto.DecryptionError:
        return None


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
    SignupEmail.objects.filter(address=_signup_address_key(user.email)).delete()
    user.delete()

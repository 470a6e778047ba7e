from __future__ import annotations

import zoneinfo

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from toward.core.compiled_sql import ModelQueries
from toward.lib.ids import new_public_id

DISPLAY_NAME_MAX = 60
TIME_ZONE_CHOICES = sorted(zoneinfo.available_timezones())


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        if not email:
            raise ValueError("an email address is required")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get(self, *args, **kwargs) -> User:
        """As the ORM's get. A lookup by id alone, which every signed-in request makes to learn who
        is asking (Django's ModelBackend.get_user), runs SQL compiled once per process
        (core.compiled_sql): through the ORM it was a third of a signed-in request that does
        nothing else. Only this manager itself: not a copy bound to another database, nor a
        related manager built from it (a group's people), whose lookups filter more."""
        if args or kwargs.keys() != {"pk"} or self._db is not None or type(self) is not UserManager:
            return super().get(*args, **kwargs)
        try:
            pk = self.model._meta.pk.to_python(kwargs["pk"])
        except ValidationError:
            return super().get(*args, **kwargs)  # the ORM's own error for a malformed id
        found = _QUERIES.first("by_id", user=pk)
        if found is None:
            raise self.model.DoesNotExist(
                f"{self.model._meta.object_name} matching query does not exist."
            )
        return found


def normalise_email(email: str) -> str:
    """One account per mailbox: addresses compare without case and surrounding space."""
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True, max_length=254)
    display_name = models.CharField(max_length=DISPLAY_NAME_MAX, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """What the other person sees: the chosen name, or the part of the email before the @."""
        return self.display_name or self.email.split("@", 1)[0]


_QUERIES = ModelQueries(by_id=lambda a: User.objects.filter(pk=a["user"]))


class ApiToken(models.Model):
    """A revocable token for API clients. Only the SHA-256 of the secret is stored."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The person's data key sealed under a key derived from the token's secret (which only the
    # client holds), so API calls can open what was sealed to them. Empty for tokens made
    # without the key in hand.
    key_wrapped = models.BinaryField(max_length=128, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class DataKey(models.Model):
    """A person's data key, stored only wrapped: under their password and under their recovery
    code (see toward.lib.crypto). The server alone can never unwrap it."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="data_key"
    )
    kdf = models.CharField(max_length=64)
    password_salt = models.BinaryField(max_length=32)
    password_wrapped = models.BinaryField(max_length=128)
    recovery_salt = models.BinaryField(max_length=32)
    recovery_wrapped = models.BinaryField(max_length=128)
    # Goes up when a password reset without the recovery code replaces the key: private entries
    # sealed under an older generation can no longer be opened.
    generation = models.PositiveIntegerField(default=1)
    # X25519 public key derived from the data key (lib/crypto.x25519_public_key): others seal
    # text meant for this person to it. Empty until the person next unlocks (older accounts).
    public_key = models.BinaryField(max_length=32, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"data key of user {self.user_id} (generation {self.generation})"


class DeviceSession(models.Model):
    """One signed-in browser of a person, so they can see and sign out their own sessions.

    Only its owner ever sees these rows (PRODUCT.md principle 5: nothing lets one person watch
    another)."""

    id = models.CharField(primary_key=True, max_length=22, default=new_public_id, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="device_sessions")
    session_key = models.CharField(max_length=64, unique=True)
    device = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.device} session"


class SignupEmail(models.Model):
    """When a sign-up email went to an address, so sign-up cannot be used to flood a mailbox.

    The address is kept only as a keyed hash (HMAC with the server secret), rows older than a day
    are let go, and erasing an account removes its rows."""

    address = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"sign-up email at {self.sent_at:%Y-%m-%d %H:%M}"

"""Settings for a local Toward: SQLite in the data folder, emails on the console.

All configuration comes from environment variables parsed strictly in ``toward.lib.env`` and
documented in docs/CONFIGURATION.md.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
import platformdirs
from csp.constants import NONCE, NONE, SELF

from toward.lib.env import ConfigError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    configured = env_str("TOWARD_DATA_DIR")
    path = (
        Path(configured).expanduser() if configured else Path(platformdirs.user_data_dir("toward"))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


DATA_DIR = data_dir()


def _local_secret_key() -> str:
    """A key generated once per data folder, so a local install needs no configuration."""
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = env_str("TOWARD_SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("TOWARD_DEBUG", default=False)
ALLOWED_HOSTS = env_list("TOWARD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
BASE_URL = (env_str("TOWARD_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
EXIT_URL = env_str("TOWARD_EXIT_URL") or "https://www.bbc.co.uk/weather"
if not EXIT_URL.startswith(("https://", "http://")):
    raise ConfigError("TOWARD_EXIT_URL must start with https:// or http://")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "toward.core",
    "toward.content",
    "toward.accounts",
    "toward.spaces",
    "toward.coach",
    "toward.feelings",
    "toward.checkins",
    "toward.decks",
    "toward.exercises",
    "toward.repair",
    "toward.learn",
    "toward.reflections",
    "toward.assessments",
    "toward.insights",
    "toward.nudges",
    "toward.rituals",
    "toward.challenge",
    "toward.experiences",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "toward.accounts.vault.VaultMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "toward.core.middleware.PrivacyHeadersMiddleware",
    "toward.accounts.throttle.DeviceMiddleware",
    # Refuses a huge declared body before anything reads it (after the session, user and CSP
    # nonce exist, so its kind 413 page renders like any other).
    "toward.core.middleware.RequestSizeMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "toward.urls"
WSGI_APPLICATION = "toward.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "toward.core.context_processors.shell",
                "toward.spaces.context_processors.spaces",
                "toward.nudges.context_processors.notices",
            ],
            # {% url %} with each address remembered per process (docs/PERFORMANCE.md).
            "builtins": ["toward.core.templatetags.remembered_urls"],
        },
    },
]


# Django's form renderer, writing text inputs and text areas without a template per attribute
# (docs/PERFORMANCE.md); every other widget renders through Django's templates as before.
FORM_RENDERER = "toward.core.forms.WidgetRenderer"


# PostgreSQL: parameters bound by the server, and a statement a connection has run five times
# kept prepared, so the server stops parsing and planning the same few dozen queries again
# (50 people on two shared cores: p95 36-46 ms against 47-53 ms; docs/PERFORMANCE.md, the
# fourth pass). Off for a connection pooler that cannot keep prepared statements (PgBouncer
# before 1.21 in transaction mode).
POSTGRES_OPTIONS = (
    {"server_side_binding": True, "prepare_threshold": 5}
    if env_bool("TOWARD_DATABASE_PREPARED", default=True)
    else {}
)


def _from_url(url: str) -> dict:
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if "postgresql" in config["ENGINE"]:
        config.setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)
    return config


def _database() -> dict:
    url = env_str("DATABASE_URL")
    if url:
        config = _from_url(url)
        config.setdefault("TEST", {})["NAME"] = "toward_test_suite"
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "toward.sqlite3",
        "OPTIONS": {
            # WAL lets readers work while one writer writes; synchronous=FULL makes every
            # committed transaction survive a power cut (SAFETY-CHECKLIST item 36).
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
            ),
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing
            # half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        # Keep each server thread's connection for a minute instead of opening the file and
        # running the PRAGMAs above on every request (about 1 ms each). `toward restore` writes
        # through SQLite's backup API into the same file, so kept connections see it.
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": None},
    }


DATABASES = {"default": _database()}
# A PostgreSQL read replica (docs/DEPLOYMENT.md): safe page reads go there, everything else,
# and every read in a browser's first seconds after it wrote, stays on "default".
if env_str("TOWARD_DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _from_url(env_str("TOWARD_DATABASE_REPLICA_URL"))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["toward.core.replica.ReplicaRouter"]
    MIDDLEWARE = ["toward.core.replica.ReplicaMiddleware", *MIDDLEWARE]
# Only the load benchmark sets this: it routes /bench/hello, the bare baseline (benchmarks/).
BENCH_HELLO = env_bool("TOWARD_BENCH_HELLO", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Length and a common-password list only: composition rules ("needs a digit") push people
# toward worse passwords (NIST SP 800-63B, 5.1.1.2).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "toward.accounts.validators.MaximumLengthValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # two hours: enough to find the email, short if it leaks

# Django's database sessions, each request's read of its session as plain SQL
# (toward/accounts/sessions.py, docs/PERFORMANCE.md).
SESSION_ENGINE = "toward.accounts.sessions"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "toward.core.views.csrf_failure"

# django-axes: failed logins are counted per account *and device* (IP + browser + a device
# cookie), so someone hammering an account from their phone locks out only that phone, never the
# owner's own devices (SAFETY-CHECKLIST items 15 and 16). See toward.accounts.throttle.
AXES_FAILURE_LIMIT = env_int("TOWARD_LOGIN_FAILURE_LIMIT", 10, minimum=3)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TOWARD_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
# Insights (docs/INSIGHTS.md): a change must hold this long to be called a pattern. Three months
# is a season: long enough that a busy stretch or a holiday is not mistaken for a habit.
INSIGHT_DECLINE_MONTHS = env_int("TOWARD_INSIGHT_DECLINE_MONTHS", 3, minimum=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address", "user_agent"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "toward.accounts.throttle.locked_out_response"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_IPWARE_PROXY_COUNT = 0

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
    }
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Photos of memories (the experiences app): kept outside any public URL, served only to the
# space's members by a view. Any Django storage class works, e.g. an object-storage backend.
MEDIA_DIR = Path(env_str("TOWARD_MEDIA_DIR") or DATA_DIR / "media").expanduser()
PHOTO_MAX_BYTES = env_int("TOWARD_PHOTO_MAX_MB", 10, minimum=1) * 1024 * 1024
PHOTO_MAX_PIXELS = env_int("TOWARD_PHOTO_MAX_MEGAPIXELS", 40, minimum=1) * 1_000_000
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "photos": {
        "BACKEND": env_str("TOWARD_PHOTO_STORAGE") or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": (
            {"location": str(MEDIA_DIR), "base_url": None}
            if not env_str("TOWARD_PHOTO_STORAGE")
            else {}
        ),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the package's static folders: `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# The optional large-language-model coach (PRODUCT.md 3.13): off unless an operator sets a URL.
LLM_URL = (env_str("TOWARD_LLM_URL") or "").rstrip("/")
LLM_MODEL = env_str("TOWARD_LLM_MODEL") or "default"
LLM_API_KEY = env_str("TOWARD_LLM_API_KEY") or ""
if LLM_URL and not LLM_URL.startswith(("https://", "http://")):
    raise ConfigError("TOWARD_LLM_URL must start with https:// or http://")

DEFAULT_FROM_EMAIL = env_str("TOWARD_FROM_EMAIL") or "toward@localhost"
if env_str("TOWARD_SMTP_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("TOWARD_SMTP_HOST")
    EMAIL_PORT = env_int("TOWARD_SMTP_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("TOWARD_SMTP_USER") or ""
    EMAIL_HOST_PASSWORD = env_str("TOWARD_SMTP_PASSWORD") or ""
    EMAIL_USE_TLS = env_bool("TOWARD_SMTP_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No third-party origins, no inline script: everything Toward loads is its own (DESIGN.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # 1 MB: nothing a person writes here is longer

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"redact_paths": {"()": "toward.core.logging.RedactPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Paths can hold reset tokens, invitation codes and private ids: log only their start.
        "django.request": {"filters": ["redact_paths"], "level": "WARNING"},
        "django.server": {"filters": ["redact_paths"], "level": "WARNING"},
        # Axes logs usernames and IPs of every attempt at INFO; keep only real problems.
        "axes": {"level": "WARNING"},
        "toward": {"level": "INFO"},
    },
}

"""Settings for the test suite: a throwaway data folder and a fast password hasher."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("TOWARD_DATA_DIR", tempfile.mkdtemp(prefix="toward-test-"))

from toward.lib.crypto import KdfParams  # noqa: E402
from toward.settings.base import *  # noqa: E402,F403

# A fast hasher keeps the suite quick; tests/test_accounts.py checks the real argon2 settings.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Cheap key derivation for speed; tests/test_vault.py checks the real parameters.
TOWARD_KDF = KdfParams(time_cost=1, memory_cost_kib=1024, parallelism=1)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
BASE_URL = "http://testserver"
EXIT_URL = "https://neutral.example/"

if os.environ.get("TOWARD_TEST_DATABASE") == "postgres":
    DATABASES = {  # noqa: F405 - overriding the star import on purpose
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": "127.0.0.1",
            "PORT": 5432,
            "USER": "postgres",
            "NAME": "postgres",
            "OPTIONS": dict(POSTGRES_OPTIONS),  # noqa: F405 - as production connects
            "TEST": {"NAME": "toward_test_suite"},
        }
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": None}  # noqa: F405  (in-memory)

"""Production settings: HTTPS only, a real secret, `__Host-` cookies, long HSTS.

Select with DJANGO_SETTINGS_MODULE=toward.settings.production (``toward serve --production``).
"""

from __future__ import annotations

from toward.lib.env import ConfigError, env_str
from toward.settings.base import *  # noqa: F403

_secret = env_str("TOWARD_SECRET_KEY") or ""
if len(_secret) < 50 or len(set(_secret)) < 5 or "change" in _secret.lower():
    raise ConfigError(
        "TOWARD_SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    )
SECRET_KEY = _secret
DEBUG = False

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes the browser refuse these cookies from any other (sub)domain.
SESSION_COOKIE_NAME = "__Host-toward_session"
CSRF_COOKIE_NAME = "__Host-toward_csrf"
CSRF_TRUSTED_ORIGINS = [BASE_URL]  # noqa: F405

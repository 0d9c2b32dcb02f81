"""Production settings: HTTPS, hashed static files, and a refusal to start with unsafe values."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DEBUG, SECRET_KEY, STORAGES, env_bool

INSECURE_KEYS = {"", "test-only-key", "dev-only-insecure-key-do-not-use-in-production"}

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=0).")
if SECRET_KEY in INSECURE_KEYS or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a random value of at least 50 characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

# The public forms' CAPTCHA is never easier than the default (publicforms/captcha.py); nothing
# turns it off
from .base import CAPTCHA_COST, CAPTCHA_KEY_PREFIX  # noqa: E402

if CAPTCHA_COST < 2000 or len(CAPTCHA_KEY_PREFIX) < 2 or CAPTCHA_KEY_PREFIX.strip("0"):
    raise ImproperlyConfigured(
        "CAPTCHA_COST must be at least 2000 and CAPTCHA_KEY_PREFIX at least \"00\" in "
        "production: an easier CAPTCHA lets robots flood the public forms.")

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Behind a TLS-terminating proxy (nginx, a load balancer) that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(__import__("os").environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

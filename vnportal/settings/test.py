"""Settings for the test suite: fast hashing, no debug, isolated media."""

import tempfile

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="vnportal-test-media-")
SERVE_MEDIA = True  # the browser tests load photos from the live server
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                    "LOCATION": "pages"}}
PAGE_CACHE_LIVE_SECONDS = 0  # tests read the numbers of the moment
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # static files come from the finders; nothing is collected for tests
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The CAPTCHA stays on in tests, made easy: tests and the browser solve it in milliseconds
CAPTCHA_COST = 1
CAPTCHA_KEY_PREFIX = "0"

"""Settings for `make run`: debug pages on, a development-only key, console e-mail."""

from .base import *  # noqa: F401,F403
import os

from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
# a developer changing a template sees it at once; `make serve` (DEBUG off) caches as production
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0" if DEBUG else "300"))
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ["*"]
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

"""Settings for `make run`: debug pages on, a development-only key, console e-mail."""

from .base import *  # noqa: F401,F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ["*"]
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

"""Local development and the demo: `make run`."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("GIAOBAN_DEMO", "1")

from .base import *  # noqa: E402,F403
from .base import env_bool  # noqa: E402

SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me"  # noqa: F405
DEBUG = env_bool("DEBUG", True)
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

"""Settings of the Misago site that bench/misago_compare.py measures: Misago's own development project
made production-like like Kuulluksi's bench (PostgreSQL, Redis as the cache, DEBUG off, no debug
toolbar). Runs only inside Misago's venv (.tools/misago-venv), never in Kuulluksi's."""

import os

from devproject.settings import *  # noqa: F403 (Misago's project settings, overridden below)
from devproject.settings import MIDDLEWARE

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
_user, _host, _name = (os.environ[key] for key in ("MISAGO_DB_USER", "MISAGO_DB_HOST", "MISAGO_DB_NAME"))
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _name,
        "USER": _user,
        "HOST": _host,
        "PORT": int(os.environ.get("MISAGO_DB_PORT", "5432")),
    }
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["MISAGO_REDIS_URL"],
        "KEY_PREFIX": "misago",
    }
}
MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("debug_toolbar")]
CELERY_TASK_ALWAYS_EAGER = True

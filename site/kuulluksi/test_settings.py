"""Settings for the test suite: the chosen profile's settings, tuned for speed.

``DATABASE_URL`` / ``REDIS_URL`` still apply, so the same suite runs on the embedded default and on
PostgreSQL + Redis.
"""

import os

from .settings import *  # noqa: F403

# A fast hash: tests create many users; the real hashers are exercised by Django's own tests.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The captcha accepts the fixed answer "PASSED" (django-simple-captcha's test mode).
CAPTCHA_TEST_MODE = True
# Background work runs at once so that its effects can be asserted in the same test.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Static files from the finders: no collectstatic before the tests.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Each xdist worker and each run gets its own Redis key space, so that runs never see each other's keys.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"kuulluksi-test-{_worker}-{os.getpid()}"  # noqa: F405
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = f"kuulluksi-test-{_worker}-{os.getpid()}"  # noqa: F405

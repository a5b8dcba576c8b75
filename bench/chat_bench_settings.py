"""Settings for bench/chat_load.py: the site's settings, with the Redis channel layer's socket timeout
switched off. redis-py 8 made ``socket_timeout`` default to 5 s, which aborts channels_redis's blocking
receive (BZPOPMIN) on a quiet channel and crashes the consumer (close 1011) — see django/channels_redis
issue 422. ``--stock-settings`` runs without this fix."""

from kuulluksi.settings import *  # noqa: F403

CHANNEL_LAYERS["default"]["CONFIG"]["hosts"] = [{"address": REDIS_URL, "socket_timeout": None}]  # noqa: F405

"""Chat settings, read from django.conf.settings with defaults (no settings.py edit needed)."""

from django.conf import settings


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])


def group_refresh_seconds(layer) -> float:
    """How often an open socket renews its channel-layer group memberships.

    The layer forgets a membership ``group_expiry`` seconds after it was added (channels_redis and the
    in-memory layer both; default 86400). ``CHAT_GROUP_REFRESH_SECONDS`` may set the interval; by
    default it is a quarter of the layer's own expiry, so a renewal that fails once or twice (Redis
    briefly away) still lands well before the membership lapses.
    """
    configured = getattr(settings, "CHAT_GROUP_REFRESH_SECONDS", None)
    return configured or getattr(layer, "group_expiry", 86400) / 4


DEFAULTS = {
    # Longest message text, in characters, and largest WebSocket frame accepted, in bytes.
    "CHAT_MAX_MESSAGE_LENGTH": 1000,
    "CHAT_MAX_FRAME_BYTES": 8192,
    # Rate limit per participant, over all their sockets (and per socket, should the cache be away):
    # at most RATE_COUNT frames in RATE_SECONDS.
    "CHAT_RATE_COUNT": 20,
    "CHAT_RATE_SECONDS": 10,
    # Open sockets per participant (browser tabs); one more is refused with close code 4429.
    "CHAT_MAX_SOCKETS_PER_PARTICIPANT": 3,
    # Presence updates are broadcast at most once per this many seconds per session (0 = every change).
    "CHAT_PRESENCE_INTERVAL": 5,
    # Messages sent on connect when the client has no cursor yet.
    "CHAT_HISTORY_LENGTH": 100,
    # Retention in days: open sessions and closed groups (0 = purged when the session closes) and
    # the supervision room (kept apart: volunteers may need to look back on a month's supervision).
    "CHAT_RETENTION_DAYS": 30,
    "CHAT_SUPERVISION_RETENTION_DAYS": 90,
    # While the channel layer is unreachable, each socket retries its receive and its group
    # memberships this often, in seconds (the socket stays open; the database still takes messages).
    "CHAT_LAYER_RETRY_SECONDS": 1,
    # How long a volunteer may extend a session past its scheduled end, in minutes.
    "CHAT_MAX_EXTENSION_MINUTES": 30,
}

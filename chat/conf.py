"""Chat settings, each with a default so that settings.py needs no entry.

Override any of them in the settings module, e.g. ``CHAT_RETENTION_DAYS = 14``.
"""

from django.conf import settings


def max_message_length() -> int:
    """Longest message text, in characters."""
    return getattr(settings, "CHAT_MAX_MESSAGE_LENGTH", 1000)


def max_frame_bytes() -> int:
    """Largest WebSocket frame accepted, in bytes."""
    return getattr(settings, "CHAT_MAX_FRAME_BYTES", 8192)


def rate_count() -> int:
    """Rate limit per participant, over all their sockets (and per socket, should the cache be
    away): at most this many frames in ``rate_seconds()``."""
    return getattr(settings, "CHAT_RATE_COUNT", 20)


def rate_seconds() -> int:
    """The window of the rate limit, in seconds."""
    return getattr(settings, "CHAT_RATE_SECONDS", 10)


def max_sockets_per_participant() -> int:
    """Open sockets per participant (browser tabs); one more is refused with close code 4429."""
    return getattr(settings, "CHAT_MAX_SOCKETS_PER_PARTICIPANT", 3)


def presence_interval() -> float:
    """Presence updates are broadcast at most once per this many seconds per session (0 = every
    change)."""
    return getattr(settings, "CHAT_PRESENCE_INTERVAL", 5)


def history_length() -> int:
    """Messages sent on connect when the client has no cursor yet."""
    return getattr(settings, "CHAT_HISTORY_LENGTH", 100)


def retention_days() -> int:
    """Days the messages of open sessions and closed groups are kept after the session closed (0 =
    purged when the session closes)."""
    return getattr(settings, "CHAT_RETENTION_DAYS", 30)


def supervision_retention_days() -> int:
    """Days the supervision room's messages are kept (apart: volunteers may need to look back on a
    month's supervision)."""
    return getattr(settings, "CHAT_SUPERVISION_RETENTION_DAYS", 90)


def layer_retry_seconds() -> float:
    """While the channel layer is unreachable, each socket retries its receive and its group
    memberships this often, in seconds (the socket stays open; the database still takes messages)."""
    return getattr(settings, "CHAT_LAYER_RETRY_SECONDS", 1)


def max_extension_minutes() -> int:
    """How long a volunteer may extend a session past its scheduled end, in minutes."""
    return getattr(settings, "CHAT_MAX_EXTENSION_MINUTES", 30)


def group_refresh_seconds(layer) -> float:
    """How often an open socket renews its channel-layer group memberships.

    The layer forgets a membership ``group_expiry`` seconds after it was added (channels_redis and the
    in-memory layer both; default 86400). ``CHAT_GROUP_REFRESH_SECONDS`` may set the interval; by
    default it is a quarter of the layer's own expiry, so a renewal that fails once or twice (Redis
    briefly away) still lands well before the membership lapses.
    """
    configured = getattr(settings, "CHAT_GROUP_REFRESH_SECONDS", None)
    return configured or getattr(layer, "group_expiry", 86400) / 4


def supervision_grace_seconds() -> float:
    """How long participants may still post after the last on-duty volunteer's socket went away (a
    reconnect, a page reload), and after a volunteer opened the session before their socket connects.
    After it the room is paused until a volunteer is back."""
    return getattr(settings, "CHAT_SUPERVISION_GRACE_SECONDS", 30)


def end_warning_minutes() -> int:
    """Minutes before the session's (possibly extended) end that the room is warned of it."""
    return getattr(settings, "CHAT_END_WARNING_MINUTES", 5)


def watch_seconds() -> float:
    """How often each open socket checks the session's supervision and end (it closes the session at
    its end itself, without cron)."""
    return getattr(settings, "CHAT_WATCH_SECONDS", 5)

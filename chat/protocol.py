"""The WebSocket protocol's vocabulary (documented in docs/chat-protocol.md): close codes, refusals and
the server-to-client payloads."""

from django.utils import timezone

# Close codes (4000-4999 are free for applications). Clients reconnect after any other code.
CLOSE_SESSION_ENDED = 4000
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY_SOCKETS = 4429


class ChatError(Exception):
    """A refused request. ``code`` is part of the documented protocol; ``message`` is for people."""

    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code = code
        self.message = str(message)


def message_payload(message) -> dict:
    """A message as clients see it. ``state`` is "published" or "held" (held reaches only its author
    and the volunteers)."""
    return {
        "type": "message",
        "id": message.pk,
        "rev": message.revision,
        "author": message.participant.nickname,
        "author_id": message.participant_id,
        "host": message.participant.is_host,
        "text": message.text,
        "sent_at": timezone.localtime(message.created_at).isoformat(),
        "state": message.moderation_state,
    }


def removed_payload(message) -> dict:
    return {"type": "message.removed", "id": message.pk, "rev": message.revision}


def presence_payload(presence: dict) -> dict:
    return {"type": "presence", **presence}


def error_payload(code: str, message: str, **extra) -> dict:
    return {"type": "error", "code": code, "message": message, **extra}

"""Server-to-client payloads of the WebSocket protocol (documented in docs/chat-protocol.md)."""

from django.utils import timezone


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

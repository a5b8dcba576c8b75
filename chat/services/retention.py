"""How long chat messages are kept, and their purge."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from kuulluksi import dates
from moderation import services as moderation

from .. import conf
from ..models import ChatSession, Message, Participant, Room

if TYPE_CHECKING:
    from datetime import datetime


def retention_days(room: Room) -> int:
    if room.kind == Room.SUPERVISION:
        return conf.supervision_retention_days()
    return conf.retention_days()


def purge_expired_messages(now: datetime | None = None) -> int:
    """Delete the messages of closed sessions older than their room's retention period.

    Anonymous participants (their nicknames) go with them, and so do moderation's copies of the texts
    (queue excerpts, decisions' earlier text and notes, report notes: ``moderation.forget_content_text``).
    The session itself, its audit trail, feedback and report stay. Returns the number of messages deleted.
    """
    now = now or timezone.now()
    deleted = 0
    sessions = ChatSession.objects.filter(
        status=ChatSession.CLOSED, messages_purged_at__isnull=True
    ).select_related("room")
    for session in sessions:
        if session.closed_at is None or session.closed_at > dates.local_shift(
            now, days=-retention_days(session.room)
        ):
            continue
        with transaction.atomic():
            messages = Message.objects.filter(session=session)
            moderation.forget_content_text(Message, messages.values_list("pk", flat=True))
            count, _by_model = messages.delete()
            deleted += count
            Participant.objects.filter(session=session, user__isnull=True).delete()
            ChatSession.objects.filter(pk=session.pk).update(messages_purged_at=now)
    return deleted

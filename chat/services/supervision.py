"""The chat's two invariants: a participant is heard only while a volunteer on duty is there, and only
until the session's end.

Both are read from the database on every message and by every open socket's watch, so they hold on any
number of workers: presence is the participants' connection count (``Participant.connections``) and
the time a volunteer was last seen (``Participant.last_seen_at``), not one process's memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import conf
from ..models import ChatSession, Participant
from ..protocol import ChatError
from .sessions import close_session


def supervised(session: ChatSession, *, now: datetime | None = None) -> bool:
    """Whether a volunteer on duty (the host or one on a shift of the session) has a socket open in
    the session, or had one (or became host) less than CHAT_SUPERVISION_GRACE_SECONDS ago."""
    now = now or timezone.now()
    grace_start = now - timedelta(seconds=conf.supervision_grace_seconds())
    return (
        Participant.objects.filter(session_id=session.pk, removed=False, user__isnull=False)
        .filter(Q(user_id=session.host_id) | Q(user__chat_shifts__session_id=session.pk))
        .filter(Q(connections__gt=0) | Q(last_seen_at__gte=grace_start))
        .exists()
    )


def require_supervised(session: ChatSession, *, now: datetime | None = None) -> None:
    """Refuse a participant's message while the room is paused (no volunteer on duty is there)."""
    if not supervised(session, now=now):
        raise ChatError(
            "paused", _("The volunteer is away for a moment. You can send your message when they are back.")
        )


def require_before_end(session: ChatSession, *, now: datetime | None = None) -> None:
    """Refuse a message after the session's (possibly extended) end, even before the close has run."""
    if (now or timezone.now()) >= session.ends_at:
        raise ChatError("ended", _("The chat has ended."))


@dataclass(frozen=True)
class Watch:
    """What an open socket learns from one look at its session."""

    open: bool
    ends_at: datetime
    supervised: bool


def watch(session_id: int, *, now: datetime | None = None) -> Watch:
    """One look at the session by an open socket: past its end, the session is closed here (through
    ``close_session``, which closes every socket); otherwise its end and whether it is supervised."""
    now = now or timezone.now()
    session = ChatSession.objects.get(pk=session_id)
    if session.is_open and now >= session.ends_at:
        try:
            session = close_session(session)
        except ChatError:  # another socket (or the cron command) closed it first
            session.refresh_from_db()
    return Watch(
        open=session.is_open,
        ends_at=session.ends_at,
        supervised=session.is_open and supervised(session, now=now),
    )

"""A session's life: volunteers' shifts, opening, extending, slowing, handing over and closing."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation import services as moderation

from .. import conf
from ..models import ChatSession, Participant, RoomAction, Shift
from ..protocol import CLOSE_SESSION_ENDED, ChatError
from .broadcast import broadcast, broadcast_presence, close_sockets, demote_sockets, promote_sockets
from .permissions import can_moderate, is_volunteer, require_moderator
from .retention import retention_days

if TYPE_CHECKING:
    from accounts.models import User
    from moderation.models import Rule


OPENING_MARGIN = timedelta(minutes=15)


def audit(
    session: ChatSession,
    actor: User | None,
    verb: RoomAction.Verb,
    *,
    target: Participant | None = None,
    detail: str = "",
) -> None:
    """Add to the session's audit trail (``RoomAction``)."""
    RoomAction.objects.create(session=session, actor=actor, verb=verb, target=target, detail=detail[:200])


def require_open(session: ChatSession) -> None:
    if not session.is_open:
        raise ChatError("not_open", _("The chat is not open."))


def locked(session: ChatSession) -> ChatSession:
    return ChatSession.objects.select_for_update(of=("self",)).select_related("room").get(pk=session.pk)


def sign_up_for_shift(session: ChatSession, *, volunteer: User) -> Shift:
    if not is_volunteer(volunteer):
        raise ChatError("forbidden", _("Only volunteers can sign up for shifts."))
    if session.status == ChatSession.CLOSED:
        raise ChatError("not_open", _("This session is already over."))
    with transaction.atomic():
        shift, created = Shift.objects.get_or_create(session=session, volunteer=volunteer)
        if created:
            audit(session, volunteer, RoomAction.Verb.SHIFT_SIGNUP)
    return shift


def cancel_shift(session: ChatSession, *, volunteer: User) -> None:
    with transaction.atomic():
        deleted, _count = Shift.objects.filter(session=session, volunteer=volunteer).delete()
        if deleted:
            audit(session, volunteer, RoomAction.Verb.SHIFT_CANCEL)
            if not can_moderate(volunteer, session):
                demote_sockets(session, volunteer)


def _host_participant(session: ChatSession, user: User) -> Participant:
    """The new host's participant. Seen now: the supervision grace period gives their socket time to
    connect before the room is paused."""
    participant, _created = Participant.objects.get_or_create(
        session=session, user=user, defaults={"nickname": user.username, "is_host": True}
    )
    participant.is_host = True
    participant.last_seen_at = timezone.now()
    participant.save(update_fields=["is_host", "last_seen_at"])
    return participant


def open_session(session: ChatSession, *, by: User) -> ChatSession:
    """A volunteer on a shift (or a coordinator) opens the room, from 15 minutes before the start."""
    with transaction.atomic():
        session = locked(session)
        require_moderator(by, session)
        now = timezone.now()
        if session.status != ChatSession.SCHEDULED:
            raise ChatError("not_open", _("This session has already been opened."))
        if not session.starts_at - OPENING_MARGIN <= now < session.ends_at:
            raise ChatError(
                "not_open", _("A session can be opened from 15 minutes before its start until its end.")
            )
        session.status = ChatSession.OPEN
        session.host = by
        session.opened_at = now
        session.save(update_fields=["status", "host", "opened_at"])
        _host_participant(session, by)
        audit(session, by, RoomAction.Verb.OPEN)
    return session


def close_session(session: ChatSession, *, by: User | None = None) -> ChatSession:
    """Close the room (the volunteer, or the scheduler at the end); everyone's socket closes."""
    from ..tasks import purge_chat_messages  # the task module imports these services

    with transaction.atomic():
        session = locked(session)
        if by is not None:
            require_moderator(by, session)
        require_open(session)
        session.status = ChatSession.CLOSED
        session.closed_at = timezone.now()
        session.save(update_fields=["status", "closed_at"])
        Participant.objects.filter(session=session).update(connections=0)
        audit(session, by, RoomAction.Verb.CLOSE)
        close_sockets(
            session.group_name,
            code=CLOSE_SESSION_ENDED,
            notice={
                "type": "session.closed",
                "feedback_url": reverse("chat:feedback", kwargs={"pk": session.pk}),
            },
        )
        if retention_days(session.room) == 0:
            transaction.on_commit(purge_chat_messages.enqueue)
    return session


def may_reopen(session: ChatSession, *, now: datetime | None = None) -> bool:
    """Whether a close can still be undone: the session was closed by hand before its scheduled end,
    and that end has not come (a session closes itself at the end, and that close is final)."""
    now = now or timezone.now()
    return session.status == ChatSession.CLOSED and session.closed_at is not None and now < session.ends_at


def reopen_session(session: ChatSession, *, by: User) -> ChatSession:
    """Undo a close within the session's time: the room opens again with the same participants, and
    the volunteer who reopens it is on duty."""
    with transaction.atomic():
        session = locked(session)
        require_moderator(by, session)
        if not may_reopen(session):
            raise ChatError("not_open", _("This chat can no longer be reopened: its time is over."))
        session.status = ChatSession.OPEN
        session.closed_at = None
        session.host = by
        session.save(update_fields=["status", "closed_at", "host"])
        _host_participant(session, by)
        audit(session, by, RoomAction.Verb.REOPEN)
    return session


def extend_session(session: ChatSession, *, by: User, minutes: int) -> ChatSession:
    limit = conf.max_extension_minutes()
    with transaction.atomic():
        session = locked(session)
        require_moderator(by, session)
        require_open(session)
        if not 0 < minutes <= limit:
            raise ChatError(
                "invalid", _("A session can be extended by 1-%(limit)s minutes.") % {"limit": limit}
            )
        session.ends_at += timedelta(minutes=minutes)
        session.save(update_fields=["ends_at"])
        audit(session, by, RoomAction.Verb.EXTEND, detail=str(minutes))
        _broadcast_timing(session)
    return session


def close_finished_sessions(now: datetime | None = None) -> int:
    """Close every open session whose (possibly extended) end has passed. The sessions' open sockets
    close them at the end already (``supervision.watch``); the periodic command only catches sessions
    nobody was connected to."""
    now = now or timezone.now()
    closed = 0
    for session in ChatSession.objects.filter(status=ChatSession.OPEN, ends_at__lte=now):
        close_session(session)
        closed += 1
    return closed


def set_slow_mode(
    session: ChatSession, *, by: User, seconds: int, rule: Rule | int | None = None
) -> ChatSession:
    """Slow the room down under ``rule`` (needed unless ``seconds`` is 0, which turns it off); in the
    moderation audit log as well as the session's trail."""
    with transaction.atomic():
        session = locked(session)
        require_moderator(by, session)
        require_open(session)
        if not 0 <= seconds <= 300:
            raise ChatError("invalid", _("Slow mode must be 0-300 seconds."))
        if seconds and not rule:
            raise ChatError("rule_required", _("Choose the rule this sanction is based on."))
        try:
            moderation.record_slow_mode(session, moderator=by, seconds=seconds, rule=rule)
        except moderation.ModerationError as error:
            raise ChatError("invalid", str(error)) from None
        session.slow_mode_seconds = seconds
        session.save(update_fields=["slow_mode_seconds"])
        audit(session, by, RoomAction.Verb.SLOW_MODE, detail=str(seconds))
        _broadcast_timing(session)
    return session


def _broadcast_timing(session: ChatSession) -> None:
    """Tell the room the session's end and slow mode (after an extension or a slow-mode change)."""
    broadcast(
        session.group_name,
        {"type": "session", "ends_at": session.ends_at.isoformat(), "slow_mode": session.slow_mode_seconds},
    )


def hand_over(session: ChatSession, *, by: User, to_username: str) -> ChatSession:
    """Pass the duty to another volunteer (a peer moderator or a coordinator)."""
    new_host = get_user_model().objects.filter(username__iexact=to_username, is_active=True).first()
    if new_host is None or not is_volunteer(new_host):
        raise ChatError("invalid", _("No volunteer with that name."))
    with transaction.atomic():
        session = locked(session)
        require_moderator(by, session)
        require_open(session)
        Shift.objects.get_or_create(session=session, volunteer=new_host)
        if session.host_id is not None:
            Participant.objects.filter(session=session, user_id=session.host_id).update(is_host=False)
        session.host = new_host
        session.save(update_fields=["host"])
        _host_participant(session, new_host)
        audit(session, by, RoomAction.Verb.HAND_OVER, detail=new_host.username)
        promote_sockets(session, new_host)
        broadcast_presence(session.pk)
    return session

"""Read queries of the chat, each a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, Prefetch, Q
from django.utils import timezone

from accounts.permissions import has_permission
from moderation.models import ModerationState, Rule

from . import conf
from .models import (
    PARTICIPANTS_SESSION_KEY,
    ChatSession,
    CrisisContact,
    Feedback,
    Message,
    Participant,
    Room,
    Shift,
)
from .protocol import message_payload, removed_payload

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.base import SessionBase

    from accounts.models import User


def participant_for_connection(
    session_id: int, *, user: User | AnonymousUser | None, django_session: SessionBase | None
) -> Participant | None:
    """The participant a connection speaks for, or None (not joined, removed, or the room not open)."""
    queryset = Participant.objects.select_related("session", "session__room", "user").filter(
        session_id=session_id, removed=False, session__status=ChatSession.OPEN
    )
    if user is not None and user.is_authenticated:
        participant = queryset.filter(user=user).first()
        if participant is not None:
            return participant
    participant_id = (
        (django_session.get(PARTICIPANTS_SESSION_KEY) or {}).get(str(session_id)) if django_session else None
    )
    if participant_id is None:
        return None
    return queryset.filter(pk=participant_id, user__isnull=True).first()


def session_is_open(session_id: int) -> bool:
    return ChatSession.objects.filter(pk=session_id, status=ChatSession.OPEN).exists()


def presence(session_id: int) -> dict:
    """How many are present, and who is on duty (by pseudonym)."""
    rows = list(
        Participant.objects.filter(session_id=session_id, removed=False)
        .filter(Q(connections__gt=0) | Q(is_host=True))
        .values_list("nickname", "is_host", "connections")
    )
    return {
        "present": sum(1 for _nickname, _host, connections in rows if connections > 0),
        "on_duty": sorted(nickname for nickname, host, connections in rows if host and connections > 0),
    }


def events_after(participant: Participant, after: int, *, moderator: bool) -> list[dict]:
    """What a client that has seen everything up to revision ``after`` is missing, oldest first.

    With ``after == 0`` (a first connection) only the latest CHAT_HISTORY_LENGTH messages it may see
    are sent. Otherwise every message changed since ``after`` is sent: as a message when the client may
    see it, else as "message.removed", so that a client drops a copy it may still hold.
    """
    queryset = Message.objects.filter(session_id=participant.session_id, revision__gt=after).select_related(
        "participant"
    )
    if after == 0:
        visible = Q(moderation_state=ModerationState.PUBLISHED)
        if moderator:
            visible |= Q(moderation_state=ModerationState.HELD)
        else:
            visible |= Q(moderation_state=ModerationState.HELD, participant=participant)
        messages = list(queryset.filter(visible).order_by("-revision")[: conf.history_length()])
        messages.reverse()
    else:
        messages = list(queryset.order_by("revision"))
    return [
        message_payload(message)
        if message.is_visible_to_participant(participant, moderator=moderator)
        else removed_payload(message)
        for message in messages
    ]


def current_revision(session_id: int) -> int:
    return ChatSession.objects.filter(pk=session_id).values_list("revision", flat=True).get()


def participants_for_moderator(session_id: int) -> list[Mapping[str, object]]:
    return list(
        Participant.objects.filter(session_id=session_id, removed=False, is_host=False)
        .order_by("nickname")
        .values("id", "nickname", "muted", "connections")
    )


def visible_sessions(user: User | AnonymousUser | None, *, now: datetime | None = None) -> list[ChatSession]:
    """Sessions open now or still to come in the rooms ``user`` may enter, with their shifts (the rule
    of ``services.may_enter``, as a query)."""
    now = now or timezone.now()
    sessions = (
        ChatSession.objects.filter(ends_at__gt=now)
        .exclude(status=ChatSession.CLOSED)
        .select_related("room", "host")
        .prefetch_related(Prefetch("shifts", queryset=Shift.objects.select_related("volunteer")))
        .order_by("starts_at")
    )
    if not (user and user.is_authenticated):
        sessions = sessions.filter(room__kind=Room.OPEN)
    elif not has_permission(user, "chat.enter_any_room"):
        sessions = sessions.filter(
            Q(room__kind=Room.OPEN) | Q(room__kind=Room.CLOSED_GROUP, room__members=user)
        )
    return list(sessions[:50])


def next_open_session(*, now: datetime | None = None) -> ChatSession | None:
    """The open chat now on, or the next one to come (what the public page announces)."""
    now = now or timezone.now()
    return (
        ChatSession.objects.filter(room__kind=Room.OPEN, ends_at__gt=now)
        .exclude(status=ChatSession.CLOSED)
        .select_related("room")
        .order_by("starts_at")
        .first()
    )


def active_rules() -> list[Rule]:
    return list(Rule.objects.filter(is_active=True))


def crisis_contacts() -> list[CrisisContact]:
    return list(CrisisContact.objects.all())


def feedback_by_session(limit: int = 100) -> list[dict]:
    """The participants' feedback of the latest ``limit`` sessions that have any, newest first: how
    many answered and how many gave each answer (one query). The answers carry no one's identity."""
    counts = {
        f"answer_{value}": Count("pk", filter=Q(answer=value)) for value, _label in Feedback.ANSWER_CHOICES
    }
    rows = list(
        Feedback.objects.values("session_id")
        .annotate(answers=Count("pk"), mean=Avg("answer"), **counts)
        .order_by("-session__starts_at", "-session_id")[:limit]
    )
    sessions = ChatSession.objects.select_related("room").in_bulk([row["session_id"] for row in rows])
    return [
        {
            "session": sessions[row["session_id"]],
            "answers": row["answers"],
            "mean": row["mean"],
            "counts": [row[key] for key in counts],
        }
        for row in rows
    ]

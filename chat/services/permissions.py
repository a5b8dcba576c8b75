"""Who may do what in the chat: the chat's permissions (``chat/models.py``, granted to roles in
``ChatConfig.role_permissions``), combined with the session's own facts (its host, its shifts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.permissions import has_permission

from ..models import ChatSession, Room, RoomAction
from ..protocol import ChatError

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def is_volunteer(user: User | AnonymousUser | None) -> bool:
    """Whether ``user`` may take shifts (and so host the sessions of those shifts)."""
    return has_permission(user, "chat.take_shift")


def can_moderate(user: User | AnonymousUser | None, session: ChatSession) -> bool:
    """The volunteer on duty, volunteers on a shift of the session, and those who moderate every session."""
    if not user or not user.is_authenticated:
        return False
    if session.host_id == user.pk or has_permission(user, "chat.moderate_any_session"):
        return True
    return is_volunteer(user) and session.shifts.filter(volunteer=user).exists()


def still_moderates(user_id: int | None, session_id: int) -> bool:
    """``can_moderate`` read afresh from the database, for a socket that was opened earlier: the shift,
    the duty and the permissions may have changed since."""
    if user_id is None:
        return False
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    session = ChatSession.objects.filter(pk=session_id).first()
    return bool(user and session and can_moderate(user, session))


def may_enter(user: User | AnonymousUser | None, room: Room) -> bool:
    """Who may join a room at all: open chats everyone; closed groups their members and those who may
    enter every room (the volunteers); the supervision room only the latter."""
    if room.kind == Room.OPEN:
        return True
    if not user or not user.is_authenticated:
        return False
    if has_permission(user, "chat.enter_any_room"):
        return True
    return room.kind == Room.CLOSED_GROUP and room.members.filter(pk=user.pk).exists()


def may_write_report(user: User | AnonymousUser | None, session: ChatSession) -> bool:
    """The volunteers who were on duty in the session: the last one, and those who handed over (or
    opened it) before; a hand-over does not take the report away from the one who handed over."""
    if not user or not user.is_authenticated:
        return False
    if session.host_id == user.pk:
        return True
    return session.actions.filter(
        actor=user, verb__in=[RoomAction.Verb.OPEN, RoomAction.Verb.HAND_OVER]
    ).exists()


def may_invite(user: User | AnonymousUser | None) -> bool:
    return has_permission(user, "chat.invite_member")


def require_moderator(user: User | AnonymousUser | None, session: ChatSession) -> None:
    if not can_moderate(user, session):
        raise ChatError("forbidden", _("Only the volunteers of this chat may do that."))

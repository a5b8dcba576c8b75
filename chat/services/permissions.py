"""Who may do what in the chat."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts import roles

from ..models import ChatSession, Room
from ..protocol import ChatError


def is_volunteer(user) -> bool:
    return roles.has_role(user, roles.PEER_MODERATOR) or roles.has_role(user, roles.COORDINATOR)


def can_moderate(user, session: ChatSession) -> bool:
    """The volunteer on duty, volunteers on a shift of the session, and coordinators."""
    if not user or not user.is_authenticated:
        return False
    if roles.has_role(user, roles.COORDINATOR) or session.host_id == user.pk:
        return True
    return roles.has_role(user, roles.PEER_MODERATOR) and session.shifts.filter(volunteer=user).exists()


def still_moderates(user_id: int | None, session_id: int) -> bool:
    """``can_moderate`` read afresh from the database, for a socket that was opened earlier: the shift,
    the duty and the roles may have changed since."""
    if user_id is None:
        return False
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    session = ChatSession.objects.filter(pk=session_id).first()
    return bool(user and session and can_moderate(user, session))


def may_enter(user, room: Room) -> bool:
    """Who may join a room at all: open chats everyone; closed groups their members and volunteers;
    the supervision room volunteers and coordinators only."""
    if room.kind == Room.OPEN:
        return True
    if not user or not user.is_authenticated:
        return False
    if is_volunteer(user):
        return True
    return room.kind == Room.CLOSED_GROUP and room.members.filter(pk=user.pk).exists()


def require_moderator(user, session: ChatSession) -> None:
    if not can_moderate(user, session):
        raise ChatError("forbidden", _("Only the volunteers of this chat may do that."))

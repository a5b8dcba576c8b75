"""Taking part: joining, sockets counted in and out, closed-group members, mutes and removals."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.notifications import notify
from moderation import services as moderation

from .. import conf
from ..models import ChatSession, Participant, Room, RoomAction
from ..protocol import CLOSE_FORBIDDEN, ChatError
from .broadcast import (
    broadcast,
    broadcast_presence,
    close_sockets,
    rewatch_sockets,
    send_after_commit,
    user_group,
)
from .permissions import can_moderate, may_enter, may_invite, require_moderator
from .sessions import audit, require_open

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from moderation.models import Appeal, Rule, Sanction


def join_session(
    session: ChatSession, *, user: User | AnonymousUser | None = None, nickname: str = ""
) -> Participant:
    """Join as a signed-in user (under the pseudonym) or anonymously with a nickname for this session."""
    signed_in = user is not None and user.is_authenticated
    if not may_enter(user if signed_in else None, session.room):
        raise ChatError("forbidden", _("This room is only for its members."))
    require_open(session)
    sanction = moderation.active_sanction(user, kinds=moderation.CHAT_BLOCKED) if signed_in else None
    if sanction is not None:
        raise ChatError("sanctioned", moderation.sanction_message(sanction))
    with transaction.atomic():
        if signed_in:
            account = cast("User", user)
            participant = Participant.objects.filter(session=session, user=account).first()
            if participant is None:
                try:
                    with transaction.atomic():
                        participant = Participant.objects.create(
                            session=session,
                            user=account,
                            nickname=account.username,
                            is_host=can_moderate(account, session),
                        )
                except IntegrityError:
                    raise ChatError(
                        "nickname_taken", _("Someone in this chat already uses your pseudonym.")
                    ) from None
        else:
            nickname = nickname.strip()
            if not nickname:
                raise ChatError("invalid", _("Choose a nickname."))
            taken = Participant.objects.filter(session=session, nickname__iexact=nickname).exists()
            if taken or get_user_model().objects.filter(username__iexact=nickname).exists():
                raise ChatError("nickname_taken", _("That nickname is taken. Choose another one."))
            try:
                with transaction.atomic():
                    participant = Participant.objects.create(session=session, nickname=nickname)
            except IntegrityError:
                raise ChatError("nickname_taken", _("That nickname is taken. Choose another one.")) from None
        if participant.removed:
            raise ChatError("removed", _("You have been removed from this chat session."))
    return participant


def invite_member(room: Room, *, by: User, username: str) -> None:
    """A volunteer or coordinator adds a signed-up person to a closed group."""
    if not may_invite(by):
        raise ChatError("forbidden", _("Only volunteers can invite members."))
    if room.kind != Room.CLOSED_GROUP:
        raise ChatError("invalid", _("Only closed groups have members."))
    member = get_user_model().objects.filter(username__iexact=username, is_active=True).first()
    if member is None:
        raise ChatError("invalid", _("No user with that pseudonym."))
    room.members.add(member)
    with translation.override(member.language):
        notify(
            member,
            title=gettext("You were invited to the group “%(room)s”") % {"room": room.name},
            body=gettext("You can join the group's chat sessions on the chat page."),
            url="/chat/",
        )


def connected(participant: Participant) -> bool:
    """Count a new socket of ``participant``; False (nothing counted) when they have the most allowed."""
    counted = Participant.objects.filter(
        pk=participant.pk, connections__lt=conf.max_sockets_per_participant()
    ).update(connections=F("connections") + 1)
    if counted:
        broadcast_presence(participant.session_id)
        if participant.is_host:  # a volunteer is back: a paused room resumes at once
            rewatch_sockets(participant.session_id)
    return bool(counted)


def disconnected(participant: Participant) -> None:
    """Count a socket out. Signed-in participants' last-seen time starts the supervision grace period
    when they are a volunteer on duty (anonymous participants' is not stored)."""
    changes: dict[str, object] = {"connections": F("connections") - 1}
    if participant.user_id:
        changes["last_seen_at"] = timezone.now()
    Participant.objects.filter(pk=participant.pk, connections__gt=0).update(**changes)
    broadcast_presence(participant.session_id)


def _participant_for_moderator(session: ChatSession, participant_id: int, *, by: User) -> Participant:
    require_moderator(by, session)
    participant = (
        Participant.objects.filter(session=session, pk=participant_id).select_related("user").first()
    )
    if participant is None:
        raise ChatError("not_found", _("No such participant."))
    if participant.is_host:
        raise ChatError("invalid", _("A volunteer cannot be muted or removed here."))
    return participant


def _impose(participant: Participant, *, by: User, kind: str, rule: Rule | int | None) -> Sanction:
    """The shared moderation service imposes the chat-session sanction: rule, audit log, notice to a
    signed-in participant, appeal. The caller carries it out in the same transaction."""
    if not rule:
        raise ChatError("rule_required", _("Choose the rule this sanction is based on."))
    try:
        return moderation.impose_sanction(
            participant.user, subject=participant, moderator=by, kind=kind, rule=rule
        )
    except PermissionDenied as error:
        raise ChatError("forbidden", str(error)) from None
    except moderation.ModerationError as error:
        raise ChatError("invalid", str(error)) from None


def mute_participant(
    session: ChatSession, participant_id: int, *, by: User, rule: Rule | int | None
) -> Participant:
    """Mute for the rest of this session under ``rule``: the person keeps reading but cannot post,
    is told why in the room, and may appeal. ``unmute_participant`` lifts it."""
    participant = _participant_for_moderator(session, participant_id, by=by)
    if participant.muted:
        raise ChatError("invalid", _("The participant is already muted."))
    with transaction.atomic():
        sanction = _impose(participant, by=by, kind=moderation.SanctionKind.CHAT_MUTE, rule=rule)
        participant.muted = True
        participant.save(update_fields=["muted"])
        audit(session, by, RoomAction.Verb.MUTE, target=participant)
        tell_sanctioned(participant, sanction)
        broadcast(session.hosts_group_name, {"type": "participant", "id": participant.pk, "muted": True})
    return participant


def unmute_participant(session: ChatSession, participant_id: int, *, by: User) -> Participant:
    """Lift the mute of this session (the receiver of ``sanction_lifted`` gives the voice back)."""
    participant = _participant_for_moderator(session, participant_id, by=by)
    sanction = moderation.sanction_in_force_for(participant, kind=moderation.SanctionKind.CHAT_MUTE)
    if sanction is None:
        raise ChatError("invalid", _("The participant is not muted."))
    try:
        moderation.lift_sanction(sanction, moderator=by)
    except PermissionDenied as error:
        raise ChatError("forbidden", str(error)) from None
    except moderation.ModerationError as error:
        raise ChatError("invalid", str(error)) from None
    participant.refresh_from_db()
    return participant


def remove_participant(
    session: ChatSession, participant_id: int, *, by: User, rule: Rule | int | None
) -> Participant:
    """Remove from this session under ``rule``: the person's sockets close with the reason and the
    appeal page, and they cannot join again unless an appeal lifts the removal."""
    participant = _participant_for_moderator(session, participant_id, by=by)
    if participant.removed:
        raise ChatError("invalid", _("The participant has already been removed."))
    with transaction.atomic():
        sanction = _impose(participant, by=by, kind=moderation.SanctionKind.CHAT_REMOVAL, rule=rule)
        participant.removed = True
        participant.connections = 0
        participant.save(update_fields=["removed", "connections"])
        audit(session, by, RoomAction.Verb.REMOVE_PARTICIPANT, target=participant)
        tell_sanctioned(participant, sanction, close_code=CLOSE_FORBIDDEN)
        broadcast_presence(session.pk)
    return participant


def tell_sanctioned(participant: Participant, sanction: Sanction, *, close_code: int | None = None) -> None:
    """Each of the participant's sockets tells the sanction in its own language (``sanction_notice``),
    and closes with ``close_code`` when one is given."""
    send_after_commit(
        participant.group_name, {"type": "chat.sanctioned", "sanction": sanction.pk, "close_code": close_code}
    )


# The frame that tells each chat-session sanction to its participant (docs/chat-protocol.md).
SANCTION_FRAMES: dict[str, str] = {
    moderation.SanctionKind.CHAT_MUTE: "muted",
    moderation.SanctionKind.CHAT_REMOVAL: "removed",
}


def sanction_notice(sanction_id: int) -> dict | None:
    """The ``muted`` or ``removed`` frame in the active language: the sanction, its rule, and the
    page where the participant appeals it (None if the sanction is gone meanwhile)."""
    sanction = moderation.sanction_or_none(sanction_id)
    if sanction is None:
        return None
    return {
        "type": SANCTION_FRAMES[sanction.kind],
        "message": moderation.sanction_message(sanction),
        "appeal_url": moderation.appeal_url(sanction),
    }


def tell_appeal_decided(appeal: Appeal) -> None:
    """An anonymous participant's appeal was decided: their open sockets tell the outcome
    (``appeal_notice``, each in its language). One who has left learns it on the appeal page."""
    participant = appeal.sanction.subject if appeal.sanction is not None else None
    if isinstance(participant, Participant):
        send_after_commit(participant.group_name, {"type": "chat.appeal_decided", "appeal": appeal.pk})


def appeal_notice(appeal_id: int) -> dict:
    """The ``appeal_decided`` frame in the active language."""
    appeal = moderation.appeal_by_id(appeal_id)
    if appeal is None:
        return {"type": "appeal_decided", "message": ""}
    title, sentence = moderation.appeal_outcome(appeal)
    return {"type": "appeal_decided", "message": f"{title}. {sentence}"}


def sanction_lifted(sanction: Sanction) -> None:
    """A chat-session sanction was lifted (by a volunteer, in the admin or by an appeal): the
    participant may write again, or join again."""
    participant = sanction.subject
    if not isinstance(participant, Participant):
        return
    if sanction.kind == moderation.SanctionKind.CHAT_MUTE and participant.muted:
        Participant.objects.filter(pk=participant.pk).update(muted=False)
        broadcast(participant.group_name, {"type": "unmuted"})
        broadcast(
            participant.session.hosts_group_name,
            {"type": "participant", "id": participant.pk, "muted": False},
        )
    elif sanction.kind == moderation.SanctionKind.CHAT_REMOVAL and participant.removed:
        Participant.objects.filter(pk=participant.pk).update(removed=False)


def close_sockets_of_former_members(*, room_ids: Iterable[int], user_ids: Iterable[int]) -> None:
    """People taken out of a closed group leave its sessions at once: their open sockets there close with
    ``removed`` (the page and a new socket refuse them already). Volunteers may still enter: theirs stay."""
    participants = Participant.objects.filter(
        session__room_id__in=room_ids, session__room__kind=Room.CLOSED_GROUP, user_id__in=user_ids
    ).select_related("user", "session__room")
    for participant in participants:
        if not may_enter(participant.user, participant.session.room):
            close_sockets(participant.group_name, code=CLOSE_FORBIDDEN, notice={"type": "removed"})


def close_sanctioned_sockets(sanction: Sanction) -> None:
    """Close every chat connection of a sanctioned person, telling them why in their language."""
    user = sanction.user
    if user is None:
        return
    with translation.override(user.language):
        notice = {"type": "sanctioned", "message": moderation.sanction_message(sanction)}
    close_sockets(user_group(user.pk), code=CLOSE_FORBIDDEN, notice=notice)

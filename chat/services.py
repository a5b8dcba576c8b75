"""Every change to the chat: one function per verb.

Each verb checks permission, works in one transaction, leaves an audit entry (``RoomAction``) and, once
the transaction has committed, broadcasts what clients must learn over the channel layer. Consumers,
views, admin and commands all call these functions; nothing else broadcasts.

Content decisions (screening a new message, approving, rejecting or removing one, reports) belong to
the shared moderation service; the chat verbs here call it and never judge text themselves.
"""

import logging
from datetime import timedelta
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.notifications import notify
from kuulluksi import dates
from moderation import services as moderation
from moderation.models import ModerationState

from . import conf
from .models import (
    ChatSession,
    Feedback,
    Message,
    Participant,
    Room,
    RoomAction,
    SessionReport,
    Shift,
    SupportAlert,
)
from .protocol import message_payload, presence_payload, removed_payload

logger = logging.getLogger(__name__)


class ChatError(Exception):
    """A refused request. ``code`` is part of the documented protocol; ``message`` is for people."""

    def __init__(self, code: str, message):
        super().__init__(str(message))
        self.code = code
        self.message = str(message)


# --- Broadcasting ---------------------------------------------------------------------------------


def _send_now(group: str, event: dict) -> None:
    """Send over the channel layer, which only speeds delivery up: the change is committed already,
    and a socket that misses it (the layer is down) gets it from the database on ``resume``."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, event)
    except Exception:
        logger.warning(
            "Chat broadcast to %s failed; clients recover it from the database.", group, exc_info=True
        )


def broadcast(group: str, payload: dict) -> None:
    """Send ``payload`` to every socket in ``group`` once the current transaction has committed."""
    transaction.on_commit(partial(_send_now, group, {"type": "chat.event", "payload": payload}))


def close_sockets(group: str, *, code: int, notice: dict) -> None:
    """Tell every socket in ``group`` to show ``notice`` and close with ``code`` (after commit)."""
    transaction.on_commit(partial(_send_now, group, {"type": "chat.close", "code": code, "payload": notice}))


def user_group(user_id: int) -> str:
    return f"chat.user.{user_id}"


def _next_revision(session_id: int) -> int:
    """Bump the session's revision (the row stays locked until commit, so revisions commit in order)."""
    ChatSession.objects.filter(pk=session_id).update(revision=F("revision") + 1)
    return ChatSession.objects.filter(pk=session_id).values_list("revision", flat=True).get()


def _audit(session, actor, verb: str, *, target=None, detail: str = "") -> None:
    RoomAction.objects.create(session=session, actor=actor, verb=verb, target=target, detail=detail[:200])


def _broadcast_presence(session_id: int) -> None:
    """Tell the room who is present, at most once per CHAT_PRESENCE_INTERVAL seconds per session.

    When 300 people join within a minute, a broadcast per join would be 45,000 frames; instead the
    first change in each interval is broadcast (across all workers: the cache decides), and clients
    also get the current figures in every ``welcome`` and ``pong``.
    """
    from .selectors import presence

    interval = conf.get("CHAT_PRESENCE_INTERVAL")
    if interval and not cache.add(f"chat:presence:{session_id}", True, interval):
        return
    transaction.on_commit(
        lambda: _send_now(
            f"chat.session.{session_id}",
            {"type": "chat.event", "payload": presence_payload(presence(session_id))},
        )
    )


# --- Permissions -----------------------------------------------------------------------------------


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


def _require_moderator(user, session: ChatSession) -> None:
    if not can_moderate(user, session):
        raise ChatError("forbidden", _("Only the volunteers of this chat may do that."))


def _require_open(session: ChatSession) -> None:
    if not session.is_open:
        raise ChatError("not_open", _("The chat is not open."))


def _locked(session: ChatSession) -> ChatSession:
    return ChatSession.objects.select_for_update(of=("self",)).select_related("room").get(pk=session.pk)


# --- Shifts and the session's life ---------------------------------------------------------------


def sign_up_for_shift(session: ChatSession, *, volunteer) -> Shift:
    if not is_volunteer(volunteer):
        raise ChatError("forbidden", _("Only volunteers can sign up for shifts."))
    if session.status == ChatSession.CLOSED:
        raise ChatError("not_open", _("This session is already over."))
    with transaction.atomic():
        shift, created = Shift.objects.get_or_create(session=session, volunteer=volunteer)
        if created:
            _audit(session, volunteer, "shift_signup")
    return shift


def cancel_shift(session: ChatSession, *, volunteer) -> None:
    with transaction.atomic():
        deleted, _count = Shift.objects.filter(session=session, volunteer=volunteer).delete()
        if deleted:
            _audit(session, volunteer, "shift_cancel")
            if not can_moderate(volunteer, session):
                demote_sockets(session, volunteer)


def demote_sockets(session: ChatSession, user) -> None:
    """``user``'s open sockets in ``session`` lose the volunteers' group (held messages, participant
    lists) and tools at once, after commit; each checks the database before it gives them up."""
    event = {"type": "chat.demote", "session": session.pk}
    transaction.on_commit(partial(_send_now, user_group(user.pk), event))


def close_sockets_of_signed_out(user) -> None:
    """Logging out closes the account's chat sockets: none may go on speaking for it."""
    close_sockets(user_group(user.pk), code=4403, notice={"type": "signed_out"})


def _host_participant(session: ChatSession, user) -> Participant:
    participant, _created = Participant.objects.get_or_create(
        session=session, user=user, defaults={"nickname": user.username, "is_host": True}
    )
    if not participant.is_host:
        participant.is_host = True
        participant.save(update_fields=["is_host"])
    return participant


OPENING_MARGIN = timedelta(minutes=15)


def open_session(session: ChatSession, *, by) -> ChatSession:
    """A volunteer on a shift (or a coordinator) opens the room, from 15 minutes before the start."""
    with transaction.atomic():
        session = _locked(session)
        _require_moderator(by, session)
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
        _audit(session, by, "open")
    return session


def close_session(session: ChatSession, *, by=None) -> ChatSession:
    """Close the room (the volunteer, or the scheduler at the end); everyone's socket closes."""
    from .tasks import purge_chat_messages

    with transaction.atomic():
        session = _locked(session)
        if by is not None:
            _require_moderator(by, session)
        _require_open(session)
        session.status = ChatSession.CLOSED
        session.closed_at = timezone.now()
        session.save(update_fields=["status", "closed_at"])
        Participant.objects.filter(session=session).update(connections=0)
        _audit(session, by, "close")
        close_sockets(
            session.group_name,
            code=4000,
            notice={
                "type": "session.closed",
                "feedback_url": reverse("chat:feedback", kwargs={"pk": session.pk}),
            },
        )
        if retention_days(session.room) == 0:
            transaction.on_commit(purge_chat_messages.enqueue)
    return session


def extend_session(session: ChatSession, *, by, minutes: int) -> ChatSession:
    limit = conf.get("CHAT_MAX_EXTENSION_MINUTES")
    with transaction.atomic():
        session = _locked(session)
        _require_moderator(by, session)
        _require_open(session)
        if not 0 < minutes <= limit:
            raise ChatError(
                "invalid", _("A session can be extended by 1-%(limit)s minutes.") % {"limit": limit}
            )
        session.ends_at += timedelta(minutes=minutes)
        session.save(update_fields=["ends_at"])
        _audit(session, by, "extend", detail=str(minutes))
        broadcast(
            session.group_name,
            {
                "type": "session",
                "ends_at": session.ends_at.isoformat(),
                "slow_mode": session.slow_mode_seconds,
            },
        )
    return session


def close_finished_sessions(now=None) -> int:
    """Close every open session whose (possibly extended) end has passed. Run by a periodic task."""
    now = now or timezone.now()
    closed = 0
    for session in ChatSession.objects.filter(status=ChatSession.OPEN, ends_at__lte=now):
        close_session(session)
        closed += 1
    return closed


def set_slow_mode(session: ChatSession, *, by, seconds: int) -> ChatSession:
    with transaction.atomic():
        session = _locked(session)
        _require_moderator(by, session)
        _require_open(session)
        if not 0 <= seconds <= 300:
            raise ChatError("invalid", _("Slow mode must be 0-300 seconds."))
        session.slow_mode_seconds = seconds
        session.save(update_fields=["slow_mode_seconds"])
        _audit(session, by, "slow_mode", detail=str(seconds))
        broadcast(
            session.group_name,
            {"type": "session", "ends_at": session.ends_at.isoformat(), "slow_mode": seconds},
        )
    return session


def hand_over(session: ChatSession, *, by, to_username: str) -> ChatSession:
    """Pass the duty to another volunteer (a peer moderator or a coordinator)."""
    new_host = get_user_model().objects.filter(username__iexact=to_username, is_active=True).first()
    if new_host is None or not is_volunteer(new_host):
        raise ChatError("invalid", _("No volunteer with that name."))
    with transaction.atomic():
        session = _locked(session)
        _require_moderator(by, session)
        _require_open(session)
        Shift.objects.get_or_create(session=session, volunteer=new_host)
        Participant.objects.filter(session=session, user_id=session.host_id).update(is_host=False)
        session.host = new_host
        session.save(update_fields=["host"])
        _host_participant(session, new_host)
        _audit(session, by, "hand_over", detail=new_host.username)
        # The new host's open sockets start receiving what volunteers see.
        transaction.on_commit(
            partial(_send_now, user_group(new_host.pk), {"type": "chat.promote", "session": session.pk})
        )
        _broadcast_presence(session.pk)
    return session


# --- Joining ---------------------------------------------------------------------------------------


def join_session(session: ChatSession, *, user=None, nickname: str = "") -> Participant:
    """Join as a signed-in user (under the pseudonym) or anonymously with a nickname for this session."""
    signed_in = user is not None and user.is_authenticated
    if not may_enter(user if signed_in else None, session.room):
        raise ChatError("forbidden", _("This room is only for its members."))
    _require_open(session)
    sanction = moderation.active_sanction(user, kinds=moderation.CHAT_BLOCKED) if signed_in else None
    if sanction is not None:
        raise ChatError("sanctioned", moderation.sanction_message(sanction))
    with transaction.atomic():
        if signed_in:
            participant = Participant.objects.filter(session=session, user=user).first()
            if participant is None:
                try:
                    with transaction.atomic():
                        participant = Participant.objects.create(
                            session=session,
                            user=user,
                            nickname=user.username,
                            is_host=can_moderate(user, session),
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


def invite_member(room: Room, *, by, username: str) -> None:
    """A volunteer or coordinator adds a signed-up person to a closed group."""
    if not is_volunteer(by):
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
        pk=participant.pk, connections__lt=conf.get("CHAT_MAX_SOCKETS_PER_PARTICIPANT")
    ).update(connections=F("connections") + 1)
    if counted:
        _broadcast_presence(participant.session_id)
    return bool(counted)


def disconnected(participant: Participant) -> None:
    Participant.objects.filter(pk=participant.pk, connections__gt=0).update(connections=F("connections") - 1)
    _broadcast_presence(participant.session_id)


# --- Messages ----------------------------------------------------------------------------------------


def _check_can_post(participant: Participant, now) -> None:
    session = participant.session
    _require_open(session)
    if participant.removed:
        raise ChatError("removed", _("You have been removed from this chat session."))
    if participant.muted:
        raise ChatError("muted", _("A volunteer has muted you for this session."))
    if (
        session.slow_mode_seconds
        and not participant.is_host
        and participant.last_posted_at
        and now - participant.last_posted_at < timedelta(seconds=session.slow_mode_seconds)
    ):
        raise ChatError(
            "slow_mode",
            _("The room is in slow mode: one message every %(seconds)s seconds.")
            % {"seconds": session.slow_mode_seconds},
        )


def post_message(participant: Participant, text: str) -> tuple[Message, str]:
    """Screen a message through the moderation service, store it and tell the right people.

    Returns the message and the notice for its author (empty when published). Published: everyone in
    the room sees it. Held: its author ("waiting for a moderator") and the volunteers (with approve and
    reject). Blocked: nothing is stored; ``ChatError("blocked")`` tells the author which rule.
    """
    text = text.strip()
    limit = conf.get("CHAT_MAX_MESSAGE_LENGTH")
    if not text:
        raise ChatError("invalid", _("The message is empty."))
    if len(text) > limit:
        raise ChatError("too_large", _("A message can be at most %(limit)s characters.") % {"limit": limit})
    participant = Participant.objects.select_related("session", "user").get(pk=participant.pk)
    _check_can_post(participant, timezone.now())

    def save(initial_state: str) -> Message:
        locked = (
            Participant.objects.select_for_update(of=("self",))
            .select_related("session", "user")
            .get(pk=participant.pk)
        )
        now = timezone.now()
        _check_can_post(locked, now)
        message = Message.objects.create(
            session=locked.session,
            participant=locked,
            text=text,
            created_at=now,
            moderation_state=initial_state,
            revision=_next_revision(locked.session_id),
        )
        locked.last_posted_at = now
        locked.save(update_fields=["last_posted_at"])
        _broadcast_message(message)
        return message

    try:
        message, verdict = moderation.submit(author=participant.user, text=text, save=save)
    except moderation.PostingNotAllowed as error:
        raise ChatError("sanctioned", str(error)) from None
    except moderation.SubmissionBlocked as error:
        raise ChatError("blocked", str(error)) from None
    return message, verdict.message


def _broadcast_message(message: Message, *, old_state: str | None = None) -> None:
    """Published: to the room. Held: to its author and the volunteers (and, if it was published
    before, a removal to the room first). Hidden or removed: a removal to the room."""
    session = message.session
    state = message.moderation_state
    if state == ModerationState.PUBLISHED:
        broadcast(session.group_name, message_payload(message))
        return
    if state != ModerationState.HELD or old_state == ModerationState.PUBLISHED:
        broadcast(session.group_name, removed_payload(message))
    if state == ModerationState.HELD:
        broadcast(message.participant.group_name, message_payload(message))
        broadcast(session.hosts_group_name, message_payload(message))


def message_state_changed(message: Message, *, old_state: str) -> None:
    """A moderation decision (in the room or in the shared queue) changed a message: give it a new
    revision, so that reconnecting clients learn of it too, and tell the room."""
    with transaction.atomic():
        message.revision = _next_revision(message.session_id)
        Message.objects.filter(pk=message.pk).update(revision=message.revision)
        _broadcast_message(message, old_state=old_state)


def _message_for_moderator(session: ChatSession, message_id, *, by) -> Message:
    _require_moderator(by, session)
    message = (
        Message.objects.select_related("session", "participant", "participant__user")
        .filter(session=session, pk=message_id)
        .first()
    )
    if message is None:
        raise ChatError("not_found", _("No such message."))
    return message


def _decide(
    session: ChatSession, message_id, *, by, action: str, rule=None, expect_held: bool = False
) -> Message:
    """A volunteer's decision on a message, made by the moderation service (which audits it, tells
    the author and sends ``content_moderated``; our receiver broadcasts the change)."""
    message = _message_for_moderator(session, message_id, by=by)
    if expect_held and message.moderation_state != ModerationState.HELD:
        raise ChatError("invalid", _("The message is not waiting for a moderator."))
    if message.moderation_state == ModerationState.REMOVED:
        raise ChatError("invalid", _("The message has already been removed."))
    if action != "approve" and not rule:
        raise ChatError("rule_required", _("Choose the rule the message breaks."))
    try:
        moderation.decide_content(message, moderator=by, action=action, rule=rule)
    except PermissionDenied as error:
        raise ChatError("forbidden", str(error)) from None
    except moderation.ModerationError as error:
        raise ChatError("invalid", str(error)) from None
    message.refresh_from_db()
    return message


def approve_message(session: ChatSession, message_id, *, by) -> Message:
    return _decide(session, message_id, by=by, action="approve", expect_held=True)


def reject_message(session: ChatSession, message_id, *, by, rule) -> Message:
    """A held message stays unseen: it is hidden under ``rule`` and its author is told why."""
    return _decide(session, message_id, by=by, action="hide", rule=rule, expect_held=True)


def remove_message(session: ChatSession, message_id, *, by, rule) -> Message:
    return _decide(session, message_id, by=by, action="remove", rule=rule)


def report_message(participant: Participant, message_id, *, rule, note: str = "") -> None:
    """A participant reports a message to the moderators (anonymous ones by a per-session key)."""
    message = Message.objects.filter(session_id=participant.session_id, pk=message_id).first()
    if message is None or message.moderation_state != ModerationState.PUBLISHED:
        raise ChatError("not_found", _("No such message."))
    if message.participant_id == participant.pk:
        raise ChatError("invalid", _("You cannot report your own message."))
    if not rule:
        raise ChatError("rule_required", _("Choose the rule the message breaks."))
    signed_in = participant.user if participant.user_id else None
    try:
        moderation.report_content(
            message,
            reporter=signed_in,
            reporter_key=None if signed_in else f"chat-participant-{participant.pk}",
            rule=rule,
            note=note,
        )
    except moderation.AlreadyReported as error:
        raise ChatError("already_reported", str(error)) from None
    except moderation.ModerationError as error:
        raise ChatError("invalid", str(error)) from None


def close_sockets_of_former_members(*, room_ids, user_ids) -> None:
    """People taken out of a closed group leave its sessions at once: their open sockets there close with
    ``removed`` (the page and a new socket refuse them already). Volunteers may still enter: theirs stay."""
    participants = Participant.objects.filter(
        session__room_id__in=room_ids, session__room__kind=Room.CLOSED_GROUP, user_id__in=user_ids
    ).select_related("user", "session__room")
    for participant in participants:
        if not may_enter(participant.user, participant.session.room):
            close_sockets(participant.group_name, code=4403, notice={"type": "removed"})


def close_sanctioned_sockets(sanction) -> None:
    """Close every chat connection of a sanctioned person, telling them why in their language."""
    user = sanction.user
    with translation.override(user.language):
        notice = {"type": "sanctioned", "message": moderation.sanction_message(sanction)}
    close_sockets(user_group(user.pk), code=4403, notice=notice)


# --- Participants ---------------------------------------------------------------------------------


def _participant_for_moderator(session: ChatSession, participant_id, *, by) -> Participant:
    _require_moderator(by, session)
    participant = (
        Participant.objects.filter(session=session, pk=participant_id).select_related("user").first()
    )
    if participant is None:
        raise ChatError("not_found", _("No such participant."))
    if participant.is_host:
        raise ChatError("invalid", _("A volunteer cannot be muted or removed here."))
    return participant


def mute_participant(session: ChatSession, participant_id, *, by) -> Participant:
    """Mute for the rest of this session: the person keeps reading but cannot post."""
    participant = _participant_for_moderator(session, participant_id, by=by)
    with transaction.atomic():
        participant.muted = True
        participant.save(update_fields=["muted"])
        _audit(session, by, "mute", target=participant)
        broadcast(participant.group_name, {"type": "muted"})
        broadcast(session.hosts_group_name, {"type": "participant", "id": participant.pk, "muted": True})
    return participant


def remove_participant(session: ChatSession, participant_id, *, by) -> Participant:
    """Remove from this session: the person's sockets close and they cannot join again."""
    participant = _participant_for_moderator(session, participant_id, by=by)
    with transaction.atomic():
        participant.removed = True
        participant.connections = 0
        participant.save(update_fields=["removed", "connections"])
        _audit(session, by, "remove_participant", target=participant)
        close_sockets(participant.group_name, code=4403, notice={"type": "removed"})
        _broadcast_presence(session.pk)
    return participant


# --- Care -----------------------------------------------------------------------------------------


def raise_support_alert(session: ChatSession, *, by, note: str = "") -> SupportAlert:
    """A volunteer asks for support: every coordinator is notified and the supervision room sees it."""
    _require_moderator(by, session)
    with transaction.atomic():
        alert = SupportAlert.objects.create(session=session, volunteer=by, note=note[:300])
        _audit(session, by, "support_alert")
        coordinators = (
            get_user_model().objects.filter(groups__name=roles.COORDINATOR, is_active=True).distinct()
        )
        for coordinator in coordinators:
            with translation.override(coordinator.language):
                notify(
                    coordinator,
                    title=gettext("%(volunteer)s needs support in the chat “%(session)s”")
                    % {"volunteer": by.username, "session": session.title},
                    body=note,
                    url=session.get_absolute_url(),
                    email=True,
                )
        payload = {
            "type": "support_alert",
            "volunteer": by.username,
            "session": session.title,
            "url": session.get_absolute_url(),
            "note": note[:300],
        }
        for supervision in ChatSession.objects.filter(room__kind=Room.SUPERVISION, status=ChatSession.OPEN):
            broadcast(supervision.group_name, payload)
    return alert


def submit_feedback(session: ChatSession, *, answer: int) -> Feedback:
    if session.status != ChatSession.CLOSED:
        raise ChatError("not_open", _("Feedback opens when the session has ended."))
    if answer not in dict(Feedback.ANSWER_CHOICES):
        raise ChatError("invalid", _("Choose one of the answers."))
    return Feedback.objects.create(session=session, answer=answer)


def write_session_report(
    session: ChatSession, *, by, summary: str, needs_follow_up: bool = False
) -> SessionReport:
    if session.status != ChatSession.CLOSED:
        raise ChatError("not_open", _("The report is written after the session has ended."))
    if by is None or by.pk != session.host_id:
        raise ChatError("forbidden", _("The volunteer who closed the session writes its report."))
    with transaction.atomic():
        report, _created = SessionReport.objects.update_or_create(
            session=session,
            defaults={
                "volunteer": by,
                "summary": summary,
                "needs_follow_up": needs_follow_up,
                "participant_count": session.participants.filter(is_host=False).count(),
            },
        )
        _audit(session, by, "report_written")
        if needs_follow_up:
            for coordinator in (
                get_user_model().objects.filter(groups__name=roles.COORDINATOR, is_active=True).distinct()
            ):
                with translation.override(coordinator.language):
                    notify(
                        coordinator,
                        title=gettext("A chat session report needs follow-up"),
                        body=summary[:500],
                        url="/admin/",
                    )
    return report


# --- Retention -------------------------------------------------------------------------------------


def retention_days(room: Room) -> int:
    if room.kind == Room.SUPERVISION:
        return conf.get("CHAT_SUPERVISION_RETENTION_DAYS")
    return conf.get("CHAT_RETENTION_DAYS")


def purge_expired_messages(now=None) -> int:
    """Delete the messages of closed sessions older than their room's retention period.

    Anonymous participants (their nicknames) go with them; the session itself, its audit trail, feedback
    and report stay. Returns the number of messages deleted.
    """
    now = now or timezone.now()
    deleted = 0
    sessions = ChatSession.objects.filter(
        status=ChatSession.CLOSED, messages_purged_at__isnull=True
    ).select_related("room")
    for session in sessions:
        if session.closed_at > dates.local_shift(now, days=-retention_days(session.room)):
            continue
        with transaction.atomic():
            count, _by_model = Message.objects.filter(session=session).delete()
            deleted += count
            Participant.objects.filter(session=session, user__isnull=True).delete()
            ChatSession.objects.filter(pk=session.pk).update(messages_purged_at=now)
    return deleted

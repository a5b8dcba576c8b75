"""Messages: posting one through the moderation service, the volunteers' decisions on it, reports.

Content decisions (screening a new message, approving, rejecting or removing one, reports) belong to
the shared moderation service; the verbs here call it and never judge text themselves.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moderation import services as moderation
from moderation.models import ModerationState, Rule

from .. import conf
from ..models import ChatSession, Message, Participant
from ..protocol import ChatError, message_payload, removed_payload
from .broadcast import broadcast
from .permissions import require_moderator
from .sessions import require_open
from .supervision import require_before_end, require_supervised

if TYPE_CHECKING:
    from accounts.models import User


def _next_revision(session_id: int) -> int:
    """Bump the session's revision (the row stays locked until commit, so revisions commit in order)."""
    ChatSession.objects.filter(pk=session_id).update(revision=F("revision") + 1)
    return ChatSession.objects.filter(pk=session_id).values_list("revision", flat=True).get()


def _check_can_post(participant: Participant, now: datetime) -> None:
    session = participant.session
    require_open(session)
    require_before_end(session, now=now)
    if participant.removed:
        raise ChatError("removed", _("You have been removed from this chat session."))
    if participant.muted:
        raise ChatError("muted", _("A volunteer has muted you for this session."))
    if not participant.is_host:
        require_supervised(session, now=now)
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
    reject). Blocked: nothing is stored; ``ChatError("blocked")`` tells the author which rule. After
    the session's end (``ended``) and, for participants, while no volunteer on duty is there
    (``paused``), nothing is stored either: the client keeps the text.
    """
    text = text.strip()
    limit = conf.max_message_length()
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


def _message_for_moderator(session: ChatSession, message_id: int, *, by: User) -> Message:
    require_moderator(by, session)
    message = (
        Message.objects.select_related("session", "participant", "participant__user")
        .filter(session=session, pk=message_id)
        .first()
    )
    if message is None:
        raise ChatError("not_found", _("No such message."))
    return message


def _decide(
    session: ChatSession,
    message_id: int,
    *,
    by: User,
    action: str,
    rule: Rule | int | None = None,
    expect_held: bool = False,
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


def approve_message(session: ChatSession, message_id: int, *, by: User) -> Message:
    return _decide(session, message_id, by=by, action="approve", expect_held=True)


def reject_message(session: ChatSession, message_id: int, *, by: User, rule: Rule | int | None) -> Message:
    """A held message stays unseen: it is hidden under ``rule`` and its author is told why."""
    return _decide(session, message_id, by=by, action="hide", rule=rule, expect_held=True)


def remove_message(session: ChatSession, message_id: int, *, by: User, rule: Rule | int | None) -> Message:
    return _decide(session, message_id, by=by, action="remove", rule=rule)


def report_message(
    participant: Participant, message_id: int, *, rule: Rule | int | None, note: str = ""
) -> None:
    """A participant reports a message: to the volunteers on duty in the room, live, and to the shared
    moderation queue (anonymous participants by a per-session key)."""
    message = (
        Message.objects.select_related("session")
        .filter(session_id=participant.session_id, pk=message_id)
        .first()
    )
    if message is None or message.moderation_state != ModerationState.PUBLISHED:
        raise ChatError("not_found", _("No such message."))
    if message.participant_id == participant.pk:
        raise ChatError("invalid", _("You cannot report your own message."))
    if not rule:
        raise ChatError("rule_required", _("Choose the rule the message breaks."))
    signed_in = participant.user if participant.user_id else None
    try:
        report = moderation.report_content(
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
    # The volunteers in the room see it at once; the report is in the shared queue as well. Who
    # reported is not told.
    broadcast(
        participant.session.hosts_group_name,
        {"type": "report", "id": message.pk, "rule": report.rule.number, "note": report.note},
    )

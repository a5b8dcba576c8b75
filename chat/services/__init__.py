"""Every change to the chat: one function per verb.

Each verb checks permission, works in one transaction, leaves an audit entry (``RoomAction``) and, once
the transaction has committed, broadcasts what clients must learn over the channel layer. Consumers,
views, admin and commands all call these functions; nothing else broadcasts.

The verbs live in one module per concern (``permissions``, ``broadcast``, ``sessions``, ``messages``,
``participants``, ``care``, ``retention``, ``series``, ``supervision``); callers import them
from here.
"""

from ..protocol import ChatError
from .broadcast import broadcast, close_sockets, close_sockets_of_signed_out, demote_sockets, user_group
from .care import raise_support_alert, submit_feedback, write_session_report
from .messages import (
    approve_message,
    message_state_changed,
    post_message,
    reject_message,
    remove_message,
    report_message,
)
from .participants import (
    appeal_notice,
    close_sanctioned_sockets,
    close_sockets_of_former_members,
    connected,
    disconnected,
    invite_member,
    join_session,
    mute_participant,
    remove_participant,
    sanction_lifted,
    sanction_notice,
    tell_appeal_decided,
    unmute_participant,
)
from .permissions import can_moderate, is_volunteer, may_enter, may_invite, may_write_report, still_moderates
from .retention import purge_expired_messages, retention_days
from .series import generate_all_series_sessions, generate_series_sessions
from .sessions import (
    OPENING_MARGIN,
    cancel_shift,
    close_finished_sessions,
    close_session,
    extend_session,
    hand_over,
    may_reopen,
    open_session,
    reopen_session,
    set_slow_mode,
    sign_up_for_shift,
)
from .supervision import Watch, require_before_end, require_supervised, supervised, watch

__all__ = [
    "OPENING_MARGIN",
    "ChatError",
    "Watch",
    "appeal_notice",
    "approve_message",
    "broadcast",
    "can_moderate",
    "cancel_shift",
    "close_finished_sessions",
    "close_sanctioned_sockets",
    "close_session",
    "close_sockets",
    "close_sockets_of_former_members",
    "close_sockets_of_signed_out",
    "connected",
    "demote_sockets",
    "disconnected",
    "extend_session",
    "generate_all_series_sessions",
    "generate_series_sessions",
    "hand_over",
    "invite_member",
    "is_volunteer",
    "join_session",
    "may_enter",
    "may_invite",
    "may_reopen",
    "may_write_report",
    "message_state_changed",
    "mute_participant",
    "open_session",
    "post_message",
    "purge_expired_messages",
    "raise_support_alert",
    "reject_message",
    "remove_message",
    "remove_participant",
    "reopen_session",
    "report_message",
    "require_before_end",
    "require_supervised",
    "retention_days",
    "sanction_lifted",
    "sanction_notice",
    "set_slow_mode",
    "sign_up_for_shift",
    "still_moderates",
    "submit_feedback",
    "supervised",
    "tell_appeal_decided",
    "unmute_participant",
    "user_group",
    "watch",
    "write_session_report",
]

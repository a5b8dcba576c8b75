"""Sending to sockets over the channel layer, always after commit.

The layer only speeds delivery up: every change is in the database first, and a socket that missed an
event gets it from there on ``resume``.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import transaction

from .. import conf
from ..protocol import CLOSE_FORBIDDEN, presence_payload
from ..selectors import presence

if TYPE_CHECKING:
    from accounts.models import User

    from ..models import ChatSession


logger = logging.getLogger(__name__)


def send_now(group: str, event: dict) -> None:
    """Send over the channel layer, which only speeds delivery up: the change is committed already,
    and a socket that misses it (the layer is down) gets it from the database on ``resume``."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, event)
    except Exception:
        logger.warning(
            "Chat broadcast to %s failed; clients recover it from the database.", group, exc_info=True
        )


def send_after_commit(group: str, event: dict) -> None:
    """Send the channel-layer ``event`` to ``group`` once the current transaction has committed."""
    transaction.on_commit(partial(send_now, group, event))


def broadcast(group: str, payload: dict) -> None:
    """Send ``payload`` to every socket in ``group`` once the current transaction has committed."""
    send_after_commit(group, {"type": "chat.event", "payload": payload})


def close_sockets(group: str, *, code: int, notice: dict) -> None:
    """Tell every socket in ``group`` to show ``notice`` and close with ``code`` (after commit)."""
    send_after_commit(group, {"type": "chat.close", "code": code, "payload": notice})


def user_group(user_id: int) -> str:
    return f"chat.user.{user_id}"


def demote_sockets(session: ChatSession, user: User) -> None:
    """``user``'s open sockets in ``session`` lose the volunteers' group (held messages, participant
    lists) and tools at once, after commit; each checks the database before it gives them up."""
    event = {"type": "chat.demote", "session": session.pk}
    transaction.on_commit(partial(send_now, user_group(user.pk), event))


def promote_sockets(session: ChatSession, user: User) -> None:
    """``user``'s open sockets in ``session`` start receiving what volunteers see (after commit)."""
    event = {"type": "chat.promote", "session": session.pk}
    transaction.on_commit(partial(send_now, user_group(user.pk), event))


def rewatch_sockets(session_id: int) -> None:
    """The session's sockets look at its supervision again now rather than at their next watch (a
    volunteer is back), after commit."""
    transaction.on_commit(partial(send_now, f"chat.session.{session_id}", {"type": "chat.watch"}))


def close_sockets_of_signed_out(user: User) -> None:
    """Logging out closes the account's chat sockets: none may go on speaking for it."""
    close_sockets(user_group(user.pk), code=CLOSE_FORBIDDEN, notice={"type": "signed_out"})


def broadcast_presence(session_id: int) -> None:
    """Tell the room who is present, at most once per CHAT_PRESENCE_INTERVAL seconds per session.

    When 300 people join within a minute, a broadcast per join would be 45,000 frames; instead the
    first change in each interval is broadcast (across all workers: the cache decides), and clients
    also get the current figures in every ``welcome`` and ``pong``.
    """
    interval = conf.presence_interval()
    if interval and not cache.add(f"chat:presence:{session_id}", True, interval):
        return
    transaction.on_commit(
        lambda: send_now(
            f"chat.session.{session_id}",
            {"type": "chat.event", "payload": presence_payload(presence(session_id))},
        )
    )

"""The chat WebSocket consumer. Thin: it checks limits, parses frames and calls a service.

Services broadcast after commit; the consumer only forwards ``chat.event`` payloads to its client and
closes on ``chat.close``. The protocol is documented in docs/chat-protocol.md.
"""

import asyncio
import contextlib
import json
import logging
import time
import weakref
from collections import deque
from datetime import timedelta
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from moderation import services as moderation

from . import conf, selectors, services
from .protocol import (
    CLOSE_FORBIDDEN,
    CLOSE_SESSION_ENDED,
    CLOSE_TOO_MANY_SOCKETS,
    ChatError,
    error_payload,
    presence_payload,
)
from .services import user_group

logger = logging.getLogger(__name__)

# The open sockets of this process. Their channel-layer memberships live and die together: when Redis
# restarts, every group of every socket is gone, though perhaps only one socket sees the error.
_open_sockets: "weakref.WeakSet[ChatConsumer]" = weakref.WeakSet()


def _memberships_lost(layer, error: BaseException) -> None:
    """Every open socket on ``layer`` rejoins its groups as soon as the layer answers again."""
    lost = [socket for socket in _open_sockets if socket.channel_layer is layer and not socket.lost.is_set()]
    for socket in lost:
        socket.lost.set()
    if lost:
        logger.warning(
            "Channel layer failed (%r): %d chat socket(s) stay open and rejoin their groups when it is back.",
            error,
            len(lost),
        )


def _connection_state(session_id, user, django_session):
    """The participant this connection speaks for and whether it moderates; (None, False) to refuse.

    Taking part once is not enough: someone taken out of a closed group (or a volunteer no longer one)
    is refused like the HTTP page refuses them.
    """
    participant = selectors.participant_for_connection(session_id, user=user, django_session=django_session)
    if participant is None or (participant.user and moderation.active_sanction(participant.user)):
        return None, False
    if not services.may_enter(participant.user, participant.session.room):
        return None, False
    moderator = services.can_moderate(participant.user, participant.session)
    return participant, moderator


# The largest value a database integer column holds: ids, revisions and counts are all below it.
MAX_INTEGER = 2**63 - 1


def _integer(content, field: str, *, minimum: int = 1, default: int | None = None) -> int:
    """A protocol integer: a JSON integer (not a float, text or boolean) from ``minimum`` to
    ``MAX_INTEGER``. A missing field is ``default`` when one is given; anything else is ``invalid``."""
    if field not in content and default is not None:
        return default
    value = content[field]
    if type(value) is not int or not minimum <= value <= MAX_INTEGER:
        raise ValueError(field)
    return value


def _rule(content) -> int | None:
    """The id of the rule a removal, rejection or report cites (validated by the service); absent or
    ``null`` when none is cited."""
    return None if content.get("rule") is None else _integer(content, "rule")


def _language(scope) -> str:
    requested = parse_qs(scope.get("query_string", b"").decode()).get("lang", [""])[0]
    return requested if requested in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _without_nul(content: dict) -> dict:
    """A decoded frame with NUL characters taken out of its fields (PostgreSQL refuses them), as the
    site's request filter does for forms (``kuulluksi.middleware.NulCharacterMiddleware``). Every field
    of the protocol sits at the top level of the frame."""
    return {
        key.replace("\x00", ""): value.replace("\x00", "") if isinstance(value, str) else value
        for key, value in content.items()
    }


class ChatConsumer(AsyncJsonWebsocketConsumer):
    """One participant's socket. It survives a channel-layer outage (Redis stopped or restarted): the
    socket stays open, sending still stores messages, and when the layer is back the consumer rejoins
    its groups and sends a new ``welcome``; the client answers with ``resume`` and gets what it missed
    from the database. Memberships are also renewed well inside the layer's ``group_expiry``."""

    participant = None
    moderator = False
    keeper = None
    watcher = None

    # Channels assigns the layer's receive for this socket to ``channel_receive`` when the consumer
    # starts and then awaits it in a loop; the property hands Channels ``_receive_event`` instead, which
    # waits out a layer failure rather than letting it crash the socket (close 1011, no disconnect).
    @property
    def channel_receive(self):
        return self._receive_event

    @channel_receive.setter
    def channel_receive(self, layer_receive):
        self._layer_receive = layer_receive

    async def _receive_event(self):
        while True:
            try:
                return await self._layer_receive()
            except Exception as error:  # any layer failure: the database still has everything
                _memberships_lost(self.channel_layer, error)
                await asyncio.sleep(conf.layer_retry_seconds())

    async def _join_groups(self) -> bool:
        """Add (or renew) this socket's memberships; False when the layer does not answer."""
        try:
            for group in self.joined:
                await self.channel_layer.group_add(group, self.channel_name)
        except Exception as error:
            _memberships_lost(self.channel_layer, error)
            return False
        return True

    async def _keep_memberships(self):
        """Renew the memberships every ``conf.group_refresh_seconds``; after a layer failure, retry
        until they are back and then send a new ``welcome`` so that the client resumes."""
        interval = conf.group_refresh_seconds(self.channel_layer)
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.lost.wait(), interval)
            was_lost = self.lost.is_set()
            self.lost.clear()
            if not await self._join_groups():
                self.lost.set()  # (every socket of the process is marked already)
            elif was_lost:
                try:
                    await self._resync()
                except Exception:  # the database is away too: try again later, the socket stays
                    logger.warning("Chat socket could not resync after a layer outage.", exc_info=True)
                    self.lost.set()
            if self.lost.is_set():
                await asyncio.sleep(conf.layer_retry_seconds())

    async def _resync(self):
        """After an outage: a removal or sanction broadcast meanwhile may have been lost, so the
        participant's right to be here is checked again before the new ``welcome``."""
        participant, _moderator = await database_sync_to_async(_connection_state)(
            self.session.pk, self.scope.get("user"), self.scope.get("session")
        )
        if participant is None:
            still_open = await database_sync_to_async(selectors.session_is_open)(self.session.pk)
            await self.close(code=CLOSE_FORBIDDEN if still_open else CLOSE_SESSION_ENDED)
            return
        await self.send_json(await database_sync_to_async(self._welcome)())

    async def connect(self):
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        self.participant, self.moderator = await database_sync_to_async(_connection_state)(
            session_id, self.scope.get("user"), self.scope.get("session")
        )
        if self.participant is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.session = self.participant.session
        self.language = _language(self.scope)
        if not await database_sync_to_async(services.connected)(self.participant):
            await self.accept()
            with translation.override(self.language):
                await self.send_json(
                    error_payload(
                        "too_many_connections", _("The chat is open in too many windows. Close one.")
                    )
                )
            self.participant = None  # nothing was counted: disconnect has nothing to undo
            await self.close(code=CLOSE_TOO_MANY_SOCKETS)
            return
        self.sent_at = deque()
        self.joined = [self.session.group_name, self.participant.group_name]
        if self.participant.user_id:
            self.joined.append(user_group(self.participant.user_id))
        if self.moderator:
            self.joined.append(self.session.hosts_group_name)
        self.lost = asyncio.Event()
        _open_sockets.add(self)
        # Without the layer the socket still opens: history and sending come from the database, and
        # the keeper joins the groups once the layer answers.
        await self._join_groups()
        await self.accept()
        await self.send_json(await database_sync_to_async(self._welcome)())
        self.keeper = asyncio.create_task(self._keep_memberships())
        self.watch_lock = asyncio.Lock()
        self.supervised = None  # as last told to the client: None (nothing told yet), True, False
        self.warned_for = None  # the end the client was warned of
        self.watcher = asyncio.create_task(self._watch())

    def _welcome(self) -> dict:
        welcome = {
            "type": "welcome",
            "session": self.session.pk,
            "you": {
                "id": self.participant.pk,
                "nickname": self.participant.nickname,
                "moderator": self.moderator,
                "muted": self.participant.muted,
            },
            "ends_at": self.session.ends_at.isoformat(),
            "slow_mode": self.session.slow_mode_seconds,
            "rev": selectors.current_revision(self.session.pk),
            "limits": {
                "max_length": conf.max_message_length(),
                "max_frame_bytes": conf.max_frame_bytes(),
                "rate_count": conf.rate_count(),
                "rate_seconds": conf.rate_seconds(),
            },
            "presence": presence_payload(selectors.presence(self.session.pk)),
        }
        if self.moderator:
            welcome["participants"] = selectors.participants_for_moderator(self.session.pk)
        return welcome

    async def disconnect(self, code):
        if self.participant is None:
            return
        _open_sockets.discard(self)
        for task in (self.keeper, self.watcher):
            if task is not None:
                task.cancel()
        # The memberships would lapse by themselves (group_expiry); a layer that is down must not
        # keep the presence count from going down.
        with contextlib.suppress(Exception):
            for group in self.joined:
                await self.channel_layer.group_discard(group, self.channel_name)
        await database_sync_to_async(services.disconnected)(self.participant)

    # --- The session's clock and supervision ------------------------------------------------------

    async def _watch(self):
        """Look at the session now and every CHAT_WATCH_SECONDS: it closes at its end (here, if no
        other socket was first), and participants learn when the room pauses and resumes."""
        while True:
            try:
                await self._look()
            except Exception:  # the database is away: look again later, the socket stays
                logger.warning("Chat socket could not look at its session.", exc_info=True)
            await asyncio.sleep(conf.watch_seconds())

    async def _look(self):
        async with self.watch_lock:
            watch = await database_sync_to_async(services.watch)(self.session.pk)
            if not watch.open:
                return  # close_session tells every socket to close
            with translation.override(self.language):
                await self._warn_of_end(watch.ends_at)
                if not self.moderator:
                    await self._tell_supervision(watch.supervised)

    async def _warn_of_end(self, ends_at):
        left = ends_at - timezone.now()
        if self.warned_for == ends_at or left > timedelta(minutes=conf.end_warning_minutes()):
            return
        self.warned_for = ends_at
        minutes = max(1, round(left.total_seconds() / 60))
        message = ngettext(
            "The chat ends in %(minutes)s minute.", "The chat ends in %(minutes)s minutes.", minutes
        ) % {"minutes": minutes}
        await self.send_json({"type": "ending", "ends_at": ends_at.isoformat(), "message": message})

    async def _tell_supervision(self, supervised: bool):
        if supervised == self.supervised or (supervised and self.supervised is None):
            self.supervised = supervised
            return
        self.supervised = supervised
        if supervised:
            await self.send_json(
                {"type": "resumed", "message": _("The volunteer is back. The chat continues.")}
            )
            return
        contacts = await database_sync_to_async(selectors.crisis_contacts)()
        await self.send_json(
            {
                "type": "paused",
                "message": _(
                    "The volunteer is away for a moment. The chat continues when they are back. "
                    "If you need help now, contact a crisis line."
                ),
                "crisis_contacts": [
                    {"name": contact.name, "phone": contact.phone, "hours": contact.hours, "url": contact.url}
                    for contact in contacts
                ],
            }
        )

    async def chat_watch(self, event):
        await self._look()

    # --- Incoming frames --------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # Notices and errors in the language of the page the socket was opened from (?lang=sv).
        with translation.override(self.language):
            await self._receive(text_data, bytes_data)

    async def _receive(self, text_data, bytes_data):
        if bytes_data is not None or text_data is None:
            await self.send_json(error_payload("bad_json", _("Send JSON text frames.")))
            return
        if len(text_data.encode()) > conf.max_frame_bytes():
            await self.send_json(error_payload("too_large", _("The message is too long.")))
            return
        retry_after = self._rate_limited() or await self._participant_rate_limited()
        if retry_after:
            await self.send_json(
                error_payload(
                    "rate_limited",
                    _("You are sending too fast. Wait a moment and try again."),
                    retry_after=retry_after,
                )
            )
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.send_json(error_payload("bad_json", _("The frame is not valid JSON.")))
            return
        if not isinstance(content, dict) or not isinstance(content.get("type"), str):
            await self.send_json(error_payload("bad_json", _("A frame is a JSON object with a type.")))
            return
        await self.receive_json(_without_nul(content))

    def _rate_limited(self) -> int:
        """Seconds to wait when this connection has used up its frames, else 0."""
        now = time.monotonic()
        window = conf.rate_seconds()
        while self.sent_at and now - self.sent_at[0] >= window:
            self.sent_at.popleft()
        if len(self.sent_at) >= conf.rate_count():
            return max(1, int(window - (now - self.sent_at[0]) + 0.999))
        self.sent_at.append(now)
        return 0

    async def _participant_rate_limited(self) -> int:
        """Seconds to wait when the participant has used up the frames of this window on all their
        sockets together (any worker: the count is in the shared cache), else 0. Without the cache the
        per-socket limit above still holds."""
        window = conf.rate_seconds()
        now = time.time()
        bucket = int(now // window)
        key = f"chat:rate:{self.participant.pk}:{bucket}"
        try:
            await cache.aadd(key, 0, window * 2)
            count = await cache.aincr(key)
        except Exception:  # the cache is away (or the key expired in between): fall back
            return 0
        if count > conf.rate_count():
            return max(1, int((bucket + 1) * window - now + 0.999))
        return 0

    async def receive_json(self, content, **kwargs):
        kind = content["type"]
        handler = self.HANDLERS.get(kind)
        if handler is None:
            await self.send_json(error_payload("unknown_type", _("Unknown message type."), request=kind))
            return
        if handler in self.MODERATOR_ONLY and self.moderator and not await self._still_moderates():
            await self._demote()
        if handler in self.MODERATOR_ONLY and not self.moderator:
            await self.send_json(
                error_payload("forbidden", _("Only the volunteers of this chat may do that."), request=kind)
            )
            return
        try:
            await handler(self, content)
        except ChatError as error:
            await self.send_json(error_payload(error.code, error.message, request=kind))
        except (KeyError, TypeError, ValueError, OverflowError):
            await self.send_json(
                error_payload(
                    "invalid", _("The request is missing a field or has an invalid value."), request=kind
                )
            )

    async def handle_resume(self, content):
        after = _integer(content, "after", minimum=0, default=0)
        await self.send_json(await database_sync_to_async(self._history)(after))

    def _history(self, after: int) -> dict:
        # The revision is read first: everything up to it is in ``events`` (and perhaps more).
        rev = selectors.current_revision(self.session.pk)
        events = selectors.events_after(self.participant, after, moderator=self.moderator)
        return {"type": "history", "after": after, "rev": rev, "events": events}

    async def handle_send(self, content):
        text = content["text"]
        if not isinstance(text, str):
            raise TypeError
        message, notice = await database_sync_to_async(services.post_message)(self.participant, text)
        await self.send_json(
            {
                "type": "ack",
                "client_id": content.get("client_id"),
                "id": message.pk,
                "state": message.moderation_state,
                "notice": notice,
            }
        )

    async def handle_report(self, content):
        message_id = _integer(content, "id")
        await database_sync_to_async(services.report_message)(
            self.participant,
            message_id,
            rule=_rule(content),
            note=str(content.get("note", ""))[:500],
        )
        await self.send_json({"type": "reported", "id": message_id})

    async def handle_ping(self, content):
        presence = await database_sync_to_async(selectors.presence)(self.session.pk)
        await self.send_json({"type": "pong", "presence": presence_payload(presence)})

    async def handle_participants(self, content):
        participants = await database_sync_to_async(selectors.participants_for_moderator)(self.session.pk)
        await self.send_json({"type": "participants", "participants": participants})

    async def _moderate(self, service, *args, **kwargs):
        await database_sync_to_async(service)(self.session, *args, by=self.participant.user, **kwargs)

    async def handle_approve(self, content):
        await self._moderate(services.approve_message, _integer(content, "id"))

    async def handle_reject(self, content):
        await self._moderate(services.reject_message, _integer(content, "id"), rule=_rule(content))

    async def handle_remove(self, content):
        await self._moderate(services.remove_message, _integer(content, "id"), rule=_rule(content))

    async def handle_mute(self, content):
        await self._moderate(services.mute_participant, _integer(content, "participant"), rule=_rule(content))

    async def handle_unmute(self, content):
        await self._moderate(services.unmute_participant, _integer(content, "participant"))

    async def handle_kick(self, content):
        await self._moderate(
            services.remove_participant, _integer(content, "participant"), rule=_rule(content)
        )

    async def handle_slow(self, content):
        await self._moderate(
            services.set_slow_mode, seconds=_integer(content, "seconds", minimum=0), rule=_rule(content)
        )

    async def handle_extend(self, content):
        await self._moderate(services.extend_session, minutes=_integer(content, "minutes"))

    async def handle_handover(self, content):
        await self._moderate(services.hand_over, to_username=str(content["to"]))

    async def handle_close(self, content):
        await self._moderate(services.close_session)

    async def handle_support(self, content):
        await self._moderate(services.raise_support_alert, note=str(content.get("note", "")))
        await self.send_json({"type": "support_sent"})

    HANDLERS = {
        "resume": handle_resume,
        "send": handle_send,
        "report": handle_report,
        "ping": handle_ping,
        "participants": handle_participants,
        "approve": handle_approve,
        "reject": handle_reject,
        "remove": handle_remove,
        "mute": handle_mute,
        "unmute": handle_unmute,
        "kick": handle_kick,
        "slow": handle_slow,
        "extend": handle_extend,
        "handover": handle_handover,
        "close": handle_close,
        "support": handle_support,
    }
    MODERATOR_ONLY = {
        handle_participants,
        handle_approve,
        handle_reject,
        handle_remove,
        handle_mute,
        handle_unmute,
        handle_kick,
        handle_slow,
        handle_extend,
        handle_handover,
        handle_close,
        handle_support,
    }

    # --- Events from services (channel layer) ----------------------------------------------------

    async def chat_event(self, event):
        await self.send_json(event["payload"])

    async def chat_close(self, event):
        await self.send_json(event["payload"])
        await self.close(code=event["code"])

    async def chat_sanctioned(self, event):
        """A sanction on this participant, told in this socket's language; a removal closes it."""

        def notice():
            with translation.override(self.language):
                return services.sanction_notice(event["sanction"])

        frame = await database_sync_to_async(notice)()
        if frame is not None:
            await self.send_json(frame)
        if event.get("close_code"):
            await self.close(code=event["close_code"])

    async def chat_appeal_decided(self, event):
        def notice():
            with translation.override(self.language):
                return services.appeal_notice(event["appeal"])

        await self.send_json(await database_sync_to_async(notice)())

    async def chat_demote(self, event):
        if event["session"] == self.session.pk and self.moderator and not await self._still_moderates():
            await self._demote()

    async def _still_moderates(self) -> bool:
        """The rights are read from the database for every frame that needs them: a socket opened on
        a shift must not keep them after the shift (or the role) is gone."""
        return await database_sync_to_async(services.still_moderates)(
            self.participant.user_id, self.session.pk
        )

    async def _demote(self):
        self.moderator = False
        hosts = self.session.hosts_group_name
        if hosts in self.joined:
            self.joined.remove(hosts)
        with contextlib.suppress(Exception):
            await self.channel_layer.group_discard(hosts, self.channel_name)
        await self.send_json(await database_sync_to_async(self._welcome)())

    async def chat_promote(self, event):
        if event["session"] != self.session.pk or self.moderator:
            return
        self.moderator = True
        self.joined.append(self.session.hosts_group_name)
        await self._join_groups()
        await self.send_json(await database_sync_to_async(self._welcome)())

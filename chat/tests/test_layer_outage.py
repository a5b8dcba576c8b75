"""The channel layer fails or forgets: sockets stay open, rejoin their groups and resync from the
database; memberships are renewed before the layer's group expiry. (In-memory layer; the same with a
real Redis that is killed and restarted is in test_redis_restart.py.)"""

import asyncio
import time

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer

from chat import conf, services
from chat.conftest import anonymous_cookie, connect, login_cookie, receive_type
from chat.models import Message

pytestmark = pytest.mark.django_db(transaction=True)

OUTAGE = {"type": "layer.outage"}


class FlakyLayer(InMemoryChannelLayer):
    """The in-memory layer with an off switch that acts like Redis without persistence: while it is
    down every call raises, and when it comes back every group membership is gone."""

    down = False

    def _check(self):
        if self.down:
            raise ConnectionError("channel layer down")

    async def go_down(self):
        for channel in list(self.channels):  # a receive blocked on a channel notices at once
            await super().send(channel, OUTAGE)
        self.groups = {}
        self.down = True

    async def receive(self, channel):
        self._check()
        message = await super().receive(channel)
        if message == OUTAGE:
            raise ConnectionError("channel layer connection lost")
        return message

    async def send(self, channel, message):
        self._check()
        await super().send(channel, message)

    async def group_add(self, group, channel):
        self._check()
        await super().group_add(group, channel)

    async def group_discard(self, group, channel):
        self._check()
        await super().group_discard(group, channel)

    async def group_send(self, group, message):
        self._check()
        await super().group_send(group, message)


@pytest.fixture
def chat(open_chat, volunteer, rule):
    session = open_chat()
    return session, login_cookie(volunteer), anonymous_cookie(session, "Sininen")


def test_outage_keeps_sockets_open_and_the_database_fills_the_gap(chat, settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "chat.tests.test_layer_outage.FlakyLayer"}}
    settings.CHAT_LAYER_RETRY_SECONDS = 0.05
    session, host_cookie, guest_cookie = chat

    async def scenario():
        layer = get_channel_layer()
        host, _welcome, history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        host_cursor = history["rev"]

        await layer.go_down()
        # Sending still works: the message is stored and acknowledged, only the broadcast is lost.
        await guest.send_json_to({"type": "send", "text": "Kuuleeko kukaan?"})
        ack = await receive_type(guest, "ack")
        assert await sync_to_async(Message.objects.filter(pk=ack["id"], text="Kuuleeko kukaan?").exists)()
        assert await host.receive_nothing(timeout=0.3)

        # Back up, with no memberships: each socket rejoins and sends a new welcome; the client resumes.
        layer.down = False
        await receive_type(host, "welcome")
        await host.send_json_to({"type": "resume", "after": host_cursor})
        replay = await receive_type(host, "history")
        assert [event["text"] for event in replay["events"]] == ["Kuuleeko kukaan?"]
        await receive_type(guest, "welcome")

        # Live delivery works again, to both sockets.
        await host.send_json_to({"type": "send", "text": "Kuulen, olen täällä."})
        for comm in (host, guest):
            message = await receive_type(comm, "message")
            assert message["text"] == "Kuulen, olen täällä."
        await host.disconnect()
        await guest.disconnect()

    async_to_sync(scenario)()


def test_participant_removed_during_an_outage_is_closed_when_the_layer_returns(
    chat, settings, volunteer, rule
):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "chat.tests.test_layer_outage.FlakyLayer"}}
    settings.CHAT_LAYER_RETRY_SECONDS = 0.05
    session, _host_cookie, guest_cookie = chat

    async def scenario():
        layer = get_channel_layer()
        guest, welcome, _history = await connect(session, guest_cookie)
        await layer.go_down()
        # The removal's close event is lost with the layer; the database knows.
        await sync_to_async(services.remove_participant)(
            session, welcome["you"]["id"], by=volunteer, rule=rule
        )
        layer.down = False
        closed = await guest.receive_output(timeout=2)
        assert closed == {"type": "websocket.close", "code": 4403}

    async_to_sync(scenario)()


def test_memberships_are_renewed_before_the_group_expiry(chat, settings, volunteer):
    # Memberships lapse after a second; the socket renews them every quarter second.
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"group_expiry": 1}}
    }
    session, _host_cookie, guest_cookie = chat

    async def scenario():
        assert conf.group_refresh_seconds(get_channel_layer()) == 0.25
        guest, _welcome, _history = await connect(session, guest_cookie)
        joined = time.time()
        # The in-memory layer drops a membership once int(now) - expiry passes its timestamp.
        while int(time.time()) - 1 <= joined:
            await asyncio.sleep(0.1)
        await sync_to_async(services.post_message)(
            await sync_to_async(session.participants.get)(user=volunteer), "Vielä täällä?"
        )
        message = await receive_type(guest, "message")
        assert message["text"] == "Vielä täällä?"
        await guest.disconnect()

    async_to_sync(scenario)()


def test_refresh_interval_is_a_setting_derived_from_the_layer(settings):
    layer = InMemoryChannelLayer(group_expiry=86400)
    assert conf.group_refresh_seconds(layer) == 21600
    settings.CHAT_GROUP_REFRESH_SECONDS = 60
    assert conf.group_refresh_seconds(layer) == 60

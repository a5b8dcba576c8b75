"""The chat's invariants through the real routing: participants are heard only while a volunteer on
duty is connected (after a short grace period the room pauses), and only until the session's end,
which closes the session by itself."""

from datetime import timedelta

import pytest
import time_machine
from asgiref.sync import async_to_sync, sync_to_async

from chat import services
from chat.conftest import anonymous_cookie, connect, drain, login_cookie, receive_type
from chat.models import ChatSession, CrisisContact, Message, Participant

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chat(open_chat, volunteer, rule, settings):
    settings.CHAT_SUPERVISION_GRACE_SECONDS = 0.5
    settings.CHAT_WATCH_SECONDS = 0.05
    CrisisContact.objects.create(name="Kriisipuhelin", phone="09 2525 0111")
    session = open_chat()
    return session, login_cookie(volunteer), anonymous_cookie(session, "Sininen")


def run(scenario):
    async_to_sync(scenario)()


message_count = sync_to_async(Message.objects.count)


def test_room_pauses_after_the_grace_period_and_resumes_when_the_volunteer_is_back(chat):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        await host.disconnect()
        await guest.send_json_to({"type": "send", "text": "ehditkö vielä?"})
        assert (await receive_type(guest, "ack"))["state"] == "published"  # within the grace period
        paused = await receive_type(guest, "paused")
        assert paused["message"].startswith("Vapaaehtoinen on hetken poissa. Chat jatkuu, kun hän palaa.")
        assert paused["crisis_contacts"][0]["phone"] == "09 2525 0111"
        host, _welcome, _history = await connect(session, host_cookie)
        assert (await receive_type(guest, "resumed"))["message"]
        await guest.send_json_to({"type": "send", "text": "hyvä että tulit"})
        assert (await receive_type(guest, "ack"))["state"] == "published"
        await host.disconnect()
        await guest.disconnect()

    run(scenario)


def test_send_while_paused_is_refused_and_nothing_is_stored_or_broadcast(chat, open_chat):
    session, host_cookie, guest_cookie = chat
    other_cookie = anonymous_cookie(session, "Punainen")

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        await host.disconnect()
        guest, _welcome, _history = await connect(session, guest_cookie)
        other, _welcome, _history = await connect(session, other_cookie)
        await receive_type(guest, "paused")
        before = await message_count()
        await guest.send_json_to({"type": "send", "text": "onko ketään?", "client_id": "c1"})
        error = await receive_type(guest, "error")
        assert (error["code"], error["request"]) == ("paused", "send")
        assert await message_count() == before
        assert all(frame["type"] != "message" for frame in await drain(other))
        await guest.disconnect()
        await other.disconnect()

    run(scenario)


def test_a_volunteer_connected_on_another_worker_keeps_the_room_supervised(chat):
    session, _host_cookie, _guest_cookie = chat
    host = Participant.objects.get(session=session, is_host=True)
    Participant.objects.filter(pk=host.pk).update(last_seen_at=None, connections=0)
    assert not services.supervised(session)
    Participant.objects.filter(pk=host.pk).update(connections=1)  # counted by another process
    assert services.supervised(session)


def test_message_after_the_end_is_refused_before_the_session_is_closed(chat, settings):
    settings.CHAT_WATCH_SECONDS = 3600
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        before = await message_count()
        with time_machine.travel(session.ends_at + timedelta(seconds=1), tick=True):
            await guest.send_json_to({"type": "send", "text": "vielä yksi"})
            assert (await receive_type(guest, "error"))["code"] == "ended"
        assert await message_count() == before
        await host.disconnect()
        await guest.disconnect()

    run(scenario)


def test_session_closes_itself_at_its_end(chat):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        with time_machine.travel(session.ends_at + timedelta(seconds=1), tick=True):
            for comm in (host, guest):
                await receive_type(comm, "session.closed")
                assert await comm.receive_output() == {"type": "websocket.close", "code": 4000}

    run(scenario)
    session.refresh_from_db()
    assert session.status == ChatSession.CLOSED


def test_room_is_warned_before_the_end_and_again_after_an_extension(chat, settings):
    settings.CHAT_END_WARNING_MINUTES = 5
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        assert all(frame["type"] != "ending" for frame in await drain(guest))
        with time_machine.travel(session.ends_at - timedelta(minutes=3), tick=True):
            ending = await receive_type(guest, "ending")
            assert ending["ends_at"] == session.ends_at.isoformat()
            assert ending["message"] == "Chat päättyy 3 minuutin kuluttua."
            await host.send_json_to({"type": "extend", "minutes": 10})
            extended = await receive_type(guest, "session")
            assert all(frame["type"] != "ending" for frame in await drain(guest))
        with time_machine.travel(session.ends_at + timedelta(minutes=8), tick=True):
            ending = await receive_type(guest, "ending")
            assert ending["ends_at"] == extended["ends_at"]
        await host.disconnect()
        await guest.disconnect()

    run(scenario)

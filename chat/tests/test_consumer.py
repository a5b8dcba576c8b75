"""The WebSocket consumer through the real ASGI application: origin check, session auth, routing."""

import json

import pytest
import time_machine
from asgiref.sync import async_to_sync, sync_to_async
from django.utils import timezone

from chat import services
from chat.conftest import anonymous_cookie, communicator, connect, drain, login_cookie, receive_type
from chat.models import Message, Participant
from moderation.models import ModerationState

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chat(open_chat, volunteer, rule):
    session = open_chat()
    return session, login_cookie(volunteer), anonymous_cookie(session, "Sininen")


def run(scenario):
    async_to_sync(scenario)()


def test_anonymous_participant_and_volunteer_chat(chat):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, host_welcome, _history = await connect(session, host_cookie)
        guest, guest_welcome, _history = await connect(session, guest_cookie)
        assert host_welcome["you"]["moderator"] is True
        assert guest_welcome["you"] == {
            "id": guest_welcome["you"]["id"],
            "nickname": "Sininen",
            "moderator": False,
            "muted": False,
        }
        await guest.send_json_to({"type": "send", "text": "Hei kaikki", "client_id": "c1"})
        ack = await receive_type(guest, "ack")
        assert ack["client_id"] == "c1" and ack["state"] == "published"
        seen_by_host = await receive_type(host, "message")
        assert seen_by_host["text"] == "Hei kaikki"
        assert seen_by_host["author"] == "Sininen"
        assert seen_by_host["id"] == ack["id"]
        await host.send_json_to({"type": "send", "text": "Tervetuloa!"})
        assert (await receive_type(guest, "message"))["text"] == "Hei kaikki"  # its own, as everyone sees it
        seen_by_guest = await receive_type(guest, "message")
        assert seen_by_guest["author"] == "ohjaaja" and seen_by_guest["host"] is True
        assert seen_by_guest["rev"] > seen_by_host["rev"]
        await host.disconnect()
        await guest.disconnect()

    run(scenario)


def test_presence_counts_connections_and_names_the_volunteer_on_duty(chat, settings):
    settings.CHAT_PRESENCE_INTERVAL = 0
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        presence = await receive_type(host, "presence")
        while presence["present"] != 2:
            presence = await receive_type(host, "presence")
        assert presence["on_duty"] == ["ohjaaja"]
        await guest.disconnect()
        presence = await receive_type(host, "presence")
        assert presence == {"type": "presence", "present": 1, "on_duty": ["ohjaaja"]}
        await host.disconnect()

    run(scenario)


def test_connection_without_joining_is_refused(chat, make_user):
    session, _host_cookie, _guest_cookie = chat
    stranger = make_user()

    async def scenario():
        for cookie in (None, await sync_to_async(login_cookie)(stranger)):
            connected, code = await communicator(session, cookie).connect()
            assert connected is False
            assert code == 4403

    run(scenario)


def test_cross_origin_connection_is_rejected(chat):
    session, _host_cookie, guest_cookie = chat

    async def scenario():
        connected, _code = await communicator(session, guest_cookie, origin="https://evil.example").connect()
        assert connected is False
        connected, _code = await communicator(session, guest_cookie).connect()
        assert connected is True

    run(scenario)


def _origin_verdicts(session, cookie, origins):
    """Connect once from each origin; return {origin: connected?}."""

    async def scenario():
        verdicts = {}
        for origin in origins:
            comm = communicator(session, cookie, origin=origin)
            verdicts[origin], _code = await comm.connect()
            await comm.disconnect()
        return verdicts

    return async_to_sync(scenario)()


def test_missing_or_wildcard_origin_is_refused_on_the_embedded_default(chat, settings):
    session, _host_cookie, guest_cookie = chat
    settings.ALLOWED_HOSTS = ["127.0.0.1", "*"]
    verdicts = _origin_verdicts(
        session, guest_cookie, [None, "null", "https://evil.example", "http://127.0.0.1:8000"]
    )
    assert verdicts == {
        None: False,
        "null": False,
        "https://evil.example": False,
        "http://127.0.0.1:8000": True,
    }


def test_production_accepts_only_its_own_https_origin(chat, settings):
    session, _host_cookie, guest_cookie = chat
    settings.ALLOWED_HOSTS = ["kuulluksi.example"]
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_TRUSTED_ORIGINS = []
    verdicts = _origin_verdicts(
        session,
        guest_cookie,
        [
            "https://kuulluksi.example",
            None,
            "https://evil.example",
            "https://kuulluksi.example.evil.test",
            "https://evil-kuulluksi.example",
            "https://sub.kuulluksi.example",
            "http://kuulluksi.example",
            "https://kuulluksi.example:8443",
            "http://127.0.0.1",
        ],
    )
    assert verdicts == {
        "https://kuulluksi.example": True,
        None: False,
        "https://evil.example": False,
        "https://kuulluksi.example.evil.test": False,
        "https://evil-kuulluksi.example": False,
        "https://sub.kuulluksi.example": False,
        "http://kuulluksi.example": False,
        "https://kuulluksi.example:8443": False,
        "http://127.0.0.1": False,
    }


def test_production_also_accepts_the_csrf_trusted_origins(chat, settings):
    session, _host_cookie, guest_cookie = chat
    settings.ALLOWED_HOSTS = ["kuulluksi.example"]
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_TRUSTED_ORIGINS = ["https://kuulluksi.example:8443"]
    verdicts = _origin_verdicts(
        session, guest_cookie, ["https://kuulluksi.example:8443", "http://kuulluksi.example:8443"]
    )
    assert verdicts == {"https://kuulluksi.example:8443": True, "http://kuulluksi.example:8443": False}


def test_bad_frames_get_documented_errors(chat, settings):
    settings.CHAT_RATE_COUNT = 100
    session, _host_cookie, guest_cookie = chat

    async def scenario():
        guest, _welcome, _history = await connect(session, guest_cookie)
        await guest.send_to(text_data="{not json")
        assert (await receive_type(guest, "error"))["code"] == "bad_json"
        await guest.send_to(text_data="[1, 2]")
        assert (await receive_type(guest, "error"))["code"] == "bad_json"
        await guest.send_json_to({"type": "dance"})
        error = await receive_type(guest, "error")
        assert error["code"] == "unknown_type" and error["request"] == "dance"
        await guest.send_json_to({"type": "send"})
        assert (await receive_type(guest, "error"))["code"] == "invalid"
        await guest.send_json_to({"type": "send", "text": "   "})
        assert (await receive_type(guest, "error"))["code"] == "invalid"
        await guest.send_json_to({"type": "approve", "id": 1})
        assert (await receive_type(guest, "error"))["code"] == "forbidden"
        await guest.disconnect()

    run(scenario)


def test_oversized_frames_and_messages_are_refused(chat, settings):
    session, _host_cookie, guest_cookie = chat
    settings.CHAT_MAX_MESSAGE_LENGTH = 20
    settings.CHAT_MAX_FRAME_BYTES = 200

    async def scenario():
        guest, _welcome, _history = await connect(session, guest_cookie)
        await guest.send_json_to({"type": "send", "text": "x" * 21})
        assert (await receive_type(guest, "error"))["code"] == "too_large"
        await guest.send_to(text_data=json.dumps({"type": "send", "text": "x" * 300}))
        assert (await receive_type(guest, "error"))["code"] == "too_large"
        await guest.send_json_to({"type": "send", "text": "x" * 20})
        assert (await receive_type(guest, "ack"))["state"] == "published"
        await guest.disconnect()

    run(scenario)
    assert Message.objects.count() == 1


def test_rate_limit_per_participant(chat, settings):
    session, _host_cookie, guest_cookie = chat
    settings.CHAT_RATE_COUNT = 3
    settings.CHAT_RATE_SECONDS = 60

    async def scenario():
        guest = (await connect(session, guest_cookie))[0]  # the resume frame counts as one
        await guest.send_json_to({"type": "ping"})
        await guest.send_json_to({"type": "ping"})
        assert (await receive_type(guest, "pong"))["type"] == "pong"
        await guest.send_json_to({"type": "send", "text": "liikaa"})
        error = await receive_type(guest, "error")
        assert error["code"] == "rate_limited"
        assert 0 < error["retry_after"] <= 60
        # A new connection of the same participant shares the allowance.
        other = communicator(session, guest_cookie)
        assert (await other.connect())[0]
        await receive_type(other, "welcome")
        await other.send_json_to({"type": "ping"})
        assert (await receive_type(other, "error"))["code"] == "rate_limited"
        await guest.disconnect()
        await other.disconnect()

    # The clock stands still, so the frames cannot straddle two windows of the shared count.
    with time_machine.travel(timezone.now(), tick=False):
        run(scenario)
    assert not Message.objects.exists()


def test_reconnecting_client_gets_exactly_what_it_missed(chat, volunteer, settings, rule):
    settings.CHAT_RATE_COUNT = 100
    session, _host_cookie, guest_cookie = chat

    async def scenario():
        guest, _welcome, _history = await connect(session, guest_cookie)
        await guest.send_json_to({"type": "send", "text": "eka"})
        first = await receive_type(guest, "message")
        await guest.disconnect()

        host = await sync_to_async(Participant.objects.get)(user=volunteer)
        second, _notice = await sync_to_async(services.post_message)(host, "toka")
        await sync_to_async(services.post_message)(host, "kolmas")
        await sync_to_async(services.remove_message)(session, second.pk, by=volunteer, rule=rule.pk)

        guest, _welcome, history = await connect(session, guest_cookie, after=first["rev"])
        assert history["rev"] == history["events"][-1]["rev"]
        events = [(event["type"], event.get("text")) for event in history["events"]]
        assert events == [("message", "kolmas"), ("message.removed", None)]
        assert history["events"][1]["id"] == second.pk
        # A first connection (no cursor) gets the recent history without removed messages.
        fresh, _welcome, history = await connect(session, guest_cookie)
        assert [event["text"] for event in history["events"]] == ["eka", "kolmas"]
        await guest.disconnect()
        await fresh.disconnect()

    run(scenario)


def test_volunteer_removes_a_message_for_everyone(chat, rule):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        await guest.send_json_to({"type": "send", "text": "asiaton viesti"})
        message = await receive_type(host, "message")
        await host.send_json_to({"type": "remove", "id": message["id"]})
        assert (await receive_type(host, "error"))["code"] == "rule_required"
        await host.send_json_to({"type": "remove", "id": message["id"], "rule": rule.pk})
        for comm in (host, guest):
            removed = await receive_type(comm, "message.removed")
            assert removed["id"] == message["id"]
            assert removed["rev"] > message["rev"]
        await host.disconnect()
        await guest.disconnect()

    run(scenario)
    removed = Message.objects.get()
    assert (removed.moderation_state, removed.moderation_rule) == (ModerationState.REMOVED, rule)


def test_muted_participant_reads_but_cannot_post(chat, rule):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, welcome, _history = await connect(session, guest_cookie)
        await host.send_json_to({"type": "mute", "participant": welcome["you"]["id"], "rule": rule.pk})
        muted = await receive_type(guest, "muted")
        assert "säännön 4 perusteella" in muted["message"]
        await guest.send_json_to({"type": "send", "text": "vielä yksi"})
        assert (await receive_type(guest, "error"))["code"] == "muted"
        await host.send_json_to({"type": "send", "text": "luettavissa"})
        assert (await receive_type(guest, "message"))["text"] == "luettavissa"
        await host.disconnect()
        await guest.disconnect()

    run(scenario)


def test_removed_participant_is_disconnected_and_cannot_return(chat, rule):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, welcome, _history = await connect(session, guest_cookie)
        await host.send_json_to({"type": "kick", "participant": welcome["you"]["id"], "rule": rule.pk})
        removed = await receive_type(guest, "removed")
        assert removed["appeal_url"].startswith("/moderation/appeal/sanction/")
        assert await guest.receive_output() == {"type": "websocket.close", "code": 4403}
        connected, code = await communicator(session, guest_cookie).connect()
        assert (connected, code) == (False, 4403)
        await host.disconnect()

    run(scenario)


def test_closing_the_session_closes_every_socket(chat):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        await host.send_json_to({"type": "close"})
        for comm in (host, guest):
            closed = await receive_type(comm, "session.closed")
            assert closed["feedback_url"] == f"/chat/session/{session.pk}/feedback/"
            assert await comm.receive_output() == {"type": "websocket.close", "code": 4000}

    run(scenario)


def test_slow_mode_and_extension_reach_the_room(chat, rule):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        await host.send_json_to({"type": "slow", "seconds": 30, "rule": rule.pk})
        assert (await receive_type(guest, "session"))["slow_mode"] == 30
        await guest.send_json_to({"type": "send", "text": "yksi"})
        await receive_type(guest, "ack")
        await guest.send_json_to({"type": "send", "text": "kaksi"})
        assert (await receive_type(guest, "error"))["code"] == "slow_mode"
        await host.send_json_to({"type": "extend", "minutes": 99})
        assert (await receive_type(host, "error"))["code"] == "invalid"
        await host.send_json_to({"type": "extend", "minutes": 15})
        extended = await receive_type(guest, "session")
        assert extended["ends_at"] > session.ends_at.isoformat()
        leftovers = await drain(guest)
        assert all(frame["type"] != "message" or frame["text"] == "yksi" for frame in leftovers)
        await host.disconnect()
        await guest.disconnect()

    run(scenario)


def test_errors_speak_the_language_of_the_page(chat):
    session, _host_cookie, guest_cookie = chat

    async def scenario():
        for lang, expected in (("sv", "Okänd meddelandetyp."), ("xx", "Tuntematon viestityyppi.")):
            comm = communicator(session, guest_cookie, path_suffix=f"?lang={lang}")
            assert (await comm.connect())[0]
            await comm.send_json_to({"type": "dance"})
            assert (await receive_type(comm, "error"))["message"] == expected
            await comm.disconnect()

    run(scenario)


def test_presence_broadcasts_are_throttled_but_pong_is_current(chat, settings):
    settings.CHAT_PRESENCE_INTERVAL = 60
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)  # broadcasts; opens the interval
        await drain(host)
        guest, welcome, _history = await connect(session, guest_cookie)
        assert welcome["presence"]["present"] == 2
        assert all(frame["type"] != "presence" for frame in await drain(host))
        await host.send_json_to({"type": "ping"})
        pong = await receive_type(host, "pong")
        assert pong["presence"] == {"type": "presence", "present": 2, "on_duty": ["ohjaaja"]}
        await guest.disconnect()
        await host.disconnect()

    run(scenario)

"""Rights are checked for every frame that needs them, not only when the socket opened.

Before, a volunteer who left the shift kept receiving the participant list and held messages on a
socket opened while on it, and a socket of someone who had logged out kept posting under the account.
"""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client

from chat import services
from chat.conftest import connect, login_cookie, receive_type
from chat.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def test_volunteer_who_left_the_shift_loses_the_moderator_rights_on_an_open_socket(
    open_chat, make_user, rule
):
    session = open_chat()
    volunteer = make_user(role="peer_moderator", pseudonym="vuorolainen")
    services.sign_up_for_shift(session, volunteer=volunteer)
    services.join_session(session, user=volunteer)
    cookie = login_cookie(volunteer)

    async def scenario():
        socket, welcome, _history = await connect(session, cookie)
        assert welcome["you"]["moderator"] is True
        await socket.send_json_to({"type": "participants"})
        await receive_type(socket, "participants")
        await sync_to_async(services.cancel_shift)(session, volunteer=volunteer)
        # The socket is told at once: a new welcome without the moderator's tools or participant list.
        welcome = await receive_type(socket, "welcome")
        assert welcome["you"]["moderator"] is False and "participants" not in welcome
        await socket.send_json_to({"type": "participants"})
        assert (await receive_type(socket, "error"))["code"] == "forbidden"
        await socket.disconnect()

    async_to_sync(scenario)()


def test_moderator_frames_are_checked_against_the_database_each_time(open_chat, make_user, rule):
    """Even if the news of the change never reached the socket (lost broadcast), the frame is refused."""
    session = open_chat()
    volunteer = make_user(role="peer_moderator", pseudonym="vuorolainen")
    services.sign_up_for_shift(session, volunteer=volunteer)
    services.join_session(session, user=volunteer)
    cookie = login_cookie(volunteer)

    async def scenario():
        socket, _welcome, _history = await connect(session, cookie)
        await sync_to_async(session.shifts.filter(volunteer=volunteer).delete)()  # no broadcast at all
        await socket.send_json_to({"type": "participants"})
        assert (await receive_type(socket, "error"))["code"] == "forbidden"
        await socket.send_json_to({"type": "slow", "seconds": 30})
        assert (await receive_type(socket, "error"))["code"] == "forbidden"
        await socket.disconnect()

    async_to_sync(scenario)()
    session.refresh_from_db()
    assert session.slow_mode_seconds == 0


def test_logging_out_closes_the_accounts_sockets(open_chat, make_user, rule):
    session = open_chat()
    member = make_user(pseudonym="jasen")
    services.join_session(session, user=member)
    browser = Client()
    browser.force_login(member)
    cookie = browser.cookies["sessionid"].value

    async def scenario():
        socket, _welcome, _history = await connect(session, cookie)
        await sync_to_async(browser.post)("/accounts/logout/")
        output = await socket.receive_output(timeout=2)
        while output["type"] != "websocket.close":
            output = await socket.receive_output(timeout=2)
        assert output["code"] == 4403

    async_to_sync(scenario)()
    assert not Message.objects.filter(participant__user=member).exists()

"""Who may reach a chat session: closed groups for their members (and the volunteers), over HTTP and over
the WebSocket alike; only the volunteers of a session moderate it."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.urls import reverse

from accounts import roles
from chat import services
from chat.conftest import communicator, connect, login_cookie, receive_type
from chat.models import Room

# The consumer reads the database in its own threads and acts after commits: the tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


def run(scenario):
    async_to_sync(scenario)()


def test_member_taken_out_of_a_closed_group_loses_the_page_and_the_socket(client, open_chat, make_user, rule):
    session = open_chat(kind=Room.CLOSED_GROUP)
    member = make_user()
    session.room.members.add(member)
    services.join_session(session, user=member)
    cookie = login_cookie(member)

    async def connects() -> tuple:
        return await communicator(session, cookie).connect()

    connected, _code = async_to_sync(connects)()
    assert connected

    session.room.members.remove(member)
    client.force_login(member)
    assert client.get(reverse("chat:session", kwargs={"pk": session.pk})).status_code == 403
    assert async_to_sync(connects)() == (False, 4403)


def test_outsider_cannot_read_a_closed_group(client, open_chat, make_user, rule):
    session = open_chat(kind=Room.CLOSED_GROUP)
    outsider = make_user()
    client.force_login(outsider)
    url = reverse("chat:session", kwargs={"pk": session.pk})
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not session.participants.filter(user=outsider).exists()

    async def scenario():
        connected, code = await communicator(session, await sync_to_async(login_cookie)(outsider)).connect()
        assert (connected, code) == (False, 4403)

    run(scenario)


def test_volunteer_not_on_the_shift_cannot_moderate_the_session(open_chat, make_user, rule):
    session = open_chat()
    guest = make_user(pseudonym="Vieras")
    guest_participant = services.join_session(session, user=guest)
    other_volunteer = make_user(role=roles.PEER_MODERATOR, pseudonym="toinen")
    services.join_session(session, user=other_volunteer)

    async def scenario():
        comm, welcome, _history = await connect(session, await sync_to_async(login_cookie)(other_volunteer))
        assert welcome["you"]["moderator"] is False
        assert "participants" not in welcome
        await comm.send_json_to({"type": "kick", "participant": guest_participant.pk})
        error = await receive_type(comm, "error")
        assert error["code"] == "forbidden"
        await comm.disconnect()

    run(scenario)
    guest_participant.refresh_from_db()
    assert guest_participant.removed is False


def test_open_and_close_go_back_only_to_this_site(client, open_chat, volunteer, rule):
    session = open_chat()
    client.force_login(volunteer)
    response = client.post(
        reverse("chat:close", kwargs={"pk": session.pk}), {"next": "https://evil.example/phish"}
    )
    assert response["Location"] == session.get_absolute_url()
    response = client.post(reverse("chat:open", kwargs={"pk": session.pk}), {"next": "/chat/"})
    assert response["Location"] == "/chat/"


def test_member_taken_out_of_a_closed_group_is_closed_out_of_an_open_socket(
    open_chat, make_user, rule, volunteer
):
    session = open_chat(kind=Room.CLOSED_GROUP)
    member, staying = make_user(), make_user()
    session.room.members.add(member, staying)
    for person in (member, staying):
        services.join_session(session, user=person)

    async def scenario():
        member_socket, _welcome, _history = await connect(session, await sync_to_async(login_cookie)(member))
        staying_socket, _welcome, _history = await connect(
            session, await sync_to_async(login_cookie)(staying)
        )
        await sync_to_async(session.room.members.remove)(member)
        assert await receive_type(member_socket, "removed") == {"type": "removed"}
        assert await member_socket.receive_output() == {"type": "websocket.close", "code": 4403}
        assert await staying_socket.receive_nothing()
        await staying_socket.disconnect()

    run(scenario)


def test_volunteer_keeps_the_socket_when_taken_off_the_member_list(open_chat, rule, volunteer):
    session = open_chat(kind=Room.CLOSED_GROUP)
    session.room.members.add(volunteer)

    async def scenario():
        socket, _welcome, _history = await connect(session, await sync_to_async(login_cookie)(volunteer))
        await sync_to_async(session.room.members.clear)()
        assert await socket.receive_nothing()
        await socket.disconnect()

    run(scenario)

"""The rate limit and the number of sockets are per participant, not per socket.

Before, one participant with five sockets published 100 messages in five seconds: each socket had its
own 20 frames per 10 s.
"""

import pytest
import time_machine
from asgiref.sync import async_to_sync
from django.utils import timezone

from chat.conftest import anonymous_cookie, communicator, connect, receive_type
from chat.models import Message, Participant

pytestmark = pytest.mark.django_db(transaction=True)


def test_sockets_of_one_participant_share_one_rate_limit(open_chat, rule, settings):
    settings.CHAT_RATE_COUNT = 20
    settings.CHAT_MAX_SOCKETS_PER_PARTICIPANT = 5
    session = open_chat()
    cookie = anonymous_cookie(session, "Nopea")

    async def scenario():
        sockets = [(await connect(session, cookie))[0] for _ in range(5)]  # one resume each: 5 frames
        answers = []
        for number in range(20):
            for index, socket in enumerate(sockets):
                await socket.send_json_to({"type": "send", "text": f"viesti {index}-{number}"})
                frame = await socket.receive_json_from(timeout=2)
                while frame["type"] not in ("ack", "error"):
                    frame = await socket.receive_json_from(timeout=2)
                answers.append(frame)
        for socket in sockets:
            await socket.disconnect()
        return answers

    # The clock stands still, so however slow the machine, every frame falls in one window.
    with time_machine.travel(timezone.now(), tick=False):
        answers = async_to_sync(scenario)()
    acks = [a for a in answers if a["type"] == "ack"]
    assert len(acks) <= 20 - 5
    assert {a["code"] for a in answers if a["type"] == "error"} == {"rate_limited"}
    assert Message.objects.filter(session=session).count() == len(acks)


def test_a_participant_has_at_most_the_allowed_number_of_sockets(open_chat, rule, settings):
    settings.CHAT_MAX_SOCKETS_PER_PARTICIPANT = 3
    session = open_chat()
    cookie = anonymous_cookie(session, "Monta")

    async def scenario():
        sockets = [(await connect(session, cookie))[0] for _ in range(3)]
        extra = communicator(session, cookie)
        connected, _code = await extra.connect()
        assert connected
        error = await receive_type(extra, "error")
        assert error["code"] == "too_many_connections"
        assert (await extra.receive_output(timeout=2)) == {"type": "websocket.close", "code": 4429}
        # Closing one makes room for another.
        await sockets[0].disconnect()
        again, _welcome, _history = await connect(session, cookie)
        for socket in [*sockets[1:], again]:
            await socket.disconnect()

    async_to_sync(scenario)()
    assert Participant.objects.get(session=session, nickname="Monta").connections == 0

"""Scale-out: two real daphne processes on one Redis channel layer and one database.

A message sent to one process reaches a client connected to the other, and a client that reconnects
to the other process gets what it missed from the database.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from chat.tests.servers import daphne_servers
from testing.wsclient import ChatClient

REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture
def two_servers(tmp_path):
    with daphne_servers(tmp_path, redis_url=REDIS_URL) as servers:
        yield servers


@pytest.mark.slow
def test_message_crosses_between_two_daphne_processes(two_servers):
    data, (url_a, url_b) = two_servers

    async def scenario():
        guest = await ChatClient.connect(url_a, cookie=data["guest"])
        volunteer = await ChatClient.connect(url_b, cookie=data["volunteer"])
        for client in (guest, volunteer):
            await client.receive("welcome")
            client.send({"type": "resume", "after": 0})
            await client.receive("history")

        volunteer.send({"type": "send", "text": "Tervetuloa, täällä ollaan"})
        on_a = await guest.receive("message")
        assert (on_a["author"], on_a["text"]) == ("ohjaaja", "Tervetuloa, täällä ollaan")

        guest.send({"type": "send", "text": "Kiitos!"})
        on_b = await volunteer.receive("message")
        while on_b["author"] != "Vieras":
            on_b = await volunteer.receive("message")
        assert on_b["text"] == "Kiitos!"

        # The guest drops its connection to A; meanwhile the volunteer posts and removes on B.
        await guest.close()
        volunteer.send({"type": "send", "text": "Olitko poissa?"})
        volunteer.send({"type": "remove", "id": on_b["id"], "rule": data["rule"]})
        await volunteer.receive("message.removed")
        # Reconnecting to the other process, the guest gets exactly what it missed.
        guest = await ChatClient.connect(url_b, cookie=data["guest"])
        await guest.receive("welcome")
        guest.send({"type": "resume", "after": on_b["rev"]})
        history = await guest.receive("history")
        assert [(event["type"], event.get("text")) for event in history["events"]] == [
            ("message", "Olitko poissa?"),
            ("message.removed", None),
        ]
        await guest.close()
        await volunteer.close()

    # Its own thread and event loop, whatever else the test process runs.
    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(asyncio.run, scenario()).result()


@pytest.fixture
def two_servers_with_short_grace(tmp_path):
    timings = {"CHAT_SUPERVISION_GRACE_SECONDS": "1", "CHAT_WATCH_SECONDS": "0.3"}
    with daphne_servers(tmp_path, redis_url=REDIS_URL, env=timings) as servers:
        yield servers


@pytest.mark.slow
def test_the_room_pauses_and_resumes_across_the_two_processes(two_servers_with_short_grace):
    """The volunteer is on process B, the participant on A: when the volunteer leaves, A pauses the
    room (presence is in the database, not in a process) and refuses the message; when the volunteer
    is back on B, A hears it over Redis and the room resumes."""
    data, (url_a, url_b) = two_servers_with_short_grace

    async def scenario():
        volunteer = await ChatClient.connect(url_b, cookie=data["volunteer"])
        await volunteer.receive("welcome")
        guest = await ChatClient.connect(url_a, cookie=data["guest"])
        await guest.receive("welcome")
        await volunteer.close()
        paused = await guest.receive("paused", timeout=10)
        guest.send({"type": "send", "text": "Onko täällä ketään?"})
        refused = await guest.receive("error")
        volunteer = await ChatClient.connect(url_b, cookie=data["volunteer"])
        await volunteer.receive("welcome")
        resumed = await guest.receive("resumed", timeout=10)
        guest.send({"type": "send", "text": "Hyvä, olet täällä."})
        ack = await guest.receive("ack")
        on_b = await volunteer.receive("message")
        await guest.close()
        await volunteer.close()
        return paused, refused, resumed, ack, on_b

    with ThreadPoolExecutor(max_workers=1) as executor:
        paused, refused, resumed, ack, on_b = executor.submit(asyncio.run, scenario()).result()
    assert isinstance(paused["crisis_contacts"], list)
    assert refused["code"] == "paused"
    assert resumed["type"] == "resumed"
    assert ack["state"] == "published"
    assert on_b["text"] == "Hyvä, olet täällä."

"""Redis restarted in the middle of a conversation, with two daphne workers and clients that behave
like chat.js: nothing sent is lost, nothing is shown twice.

The Redis is the test's own (on a free port, nothing kept on disk), so a restart loses every group
membership, as a production Redis without persistence does. Its group expiry is a few seconds, so the
conversation also outlives the memberships the sockets made when they connected.
"""

import asyncio
import contextlib
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from chat.tests.servers import PrivateRedis, daphne_servers
from testing.wsclient import HandshakeRefused, RoomView

GROUP_EXPIRY = 4
GUESTS = 4


@pytest.fixture
def redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


class Participant:
    """A browser tab: a RoomView kept connected with chat.js's reconnect rule (any close but 4000 and
    4403 reconnects after a back-off; shortened here from 1-30 s to 0.2-2 s)."""

    def __init__(self, name: str, url: str, cookie: str):
        self.name, self.url, self.cookie = name, url, cookie
        self.view = RoomView(gap_delay=0.5)
        self.connections = 0
        self.task: asyncio.Task | None = None

    async def start(self):
        await self._connect_once()
        self.task = asyncio.create_task(self._stay_connected())

    async def _connect_once(self):
        await self.view.connect(self.url, cookie=self.cookie)
        self.connections += 1

    async def _stay_connected(self):
        delay = 0.2
        while True:
            client = self.view.client
            await client.receive("_closed", timeout=None)
            if client.close_code in (4000, 4403):
                return
            while True:
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2)
                with contextlib.suppress(HandshakeRefused, OSError, TimeoutError):
                    await self._connect_once()
                    break

    def say(self, text: str) -> None:
        self.view.client.send({"type": "send", "text": text})

    def texts(self) -> list[str]:
        return sorted(m["text"] for m in self.view.messages.values() if m["type"] == "message")

    async def stop(self):
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task
        await self.view.client.close()


async def _until(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        await asyncio.sleep(0.1)


@pytest.mark.slow
def test_redis_restart_mid_conversation_loses_and_duplicates_nothing(tmp_path, redis):
    env = {"CHANNEL_LAYER_GROUP_EXPIRY": str(GROUP_EXPIRY)}
    with daphne_servers(tmp_path, redis_url=redis.url, guests=GUESTS, env=env) as (data, urls):

        async def scenario():
            cookies = [("ohjaaja", data["volunteer"])] + [
                (f"vieras{n}", c) for n, c in enumerate(data["guests"])
            ]
            people = [Participant(name, urls[n % 2], cookie) for n, (name, cookie) in enumerate(cookies)]
            for person in people:
                await person.start()
            expected: list[str] = []

            async def round_of_messages(label: str) -> None:
                acked = [len(person.view.acks) for person in people]
                for person in people:
                    text = f"{label}: {person.name}"
                    person.say(text)
                    expected.append(text)
                # Stored: every send is acknowledged, on the connection it was sent on.
                await _until(
                    lambda: all(len(p.view.acks) > n for p, n in zip(people, acked, strict=True)),
                    f"every '{label}' message is acknowledged",
                )

            async def everyone_has_everything(what: str) -> None:
                await _until(lambda: all(p.texts() == sorted(expected) for p in people), what)

            await round_of_messages("ennen")
            await everyone_has_everything("the first messages reach everyone")

            redis.kill()
            await asyncio.sleep(1)
            await round_of_messages("katkon aikana")  # stored in the database while Redis is down
            await asyncio.sleep(1)
            redis.start()  # empty: every group membership is gone

            await everyone_has_everything("the messages sent during the outage reach everyone")
            await round_of_messages("jälkeen")
            await everyone_has_everything("live delivery works again after the restart")

            # Outlive the memberships made before the restart: renewed, they still deliver.
            await asyncio.sleep(GROUP_EXPIRY + 1)
            await round_of_messages("myöhemmin")
            await everyone_has_everything("messages after the group expiry reach everyone")

            for person in people:
                # Exactly once: one entry per message id, one message id per text sent.
                assert len(person.view.messages) == len(expected), person.name
                # The outage did not close the sockets: each tab kept its first connection.
                assert person.connections == 1, person.name
            for person in people:
                await person.stop()

        # Its own thread and event loop, whatever else the test process runs.
        with ThreadPoolExecutor(max_workers=1) as executor:
            executor.submit(asyncio.run, scenario()).result()

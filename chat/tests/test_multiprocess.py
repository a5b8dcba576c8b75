"""Scale-out: two real daphne processes on one Redis channel layer and one database.

A message sent to one process reaches a client connected to the other, and a client that reconnects
to the other process gets what it missed from the database.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from chat.wsclient import ChatClient

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/7"

SETUP = """
import json
from datetime import timedelta
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone
from accounts.models import User
from chat import services
from chat.models import ChatSession, Room
from chat.selectors import SESSION_KEY
from moderation.models import Rule

volunteer = User.objects.create_user(username="ohjaaja", email="ohjaaja@example.org", password="x-long-password")
volunteer.groups.add(Group.objects.get(name="peer_moderator"))
room = Room.objects.create(name="Avoin", slug="avoin", kind=Room.OPEN)
now = timezone.now()
session = ChatSession.objects.create(room=room, title="Chat", starts_at=now, ends_at=now + timedelta(hours=2))
services.sign_up_for_shift(session, volunteer=volunteer)
session = services.open_session(session, by=volunteer)
guest = services.join_session(session, nickname="Vieras")
store = SessionStore()
store[SESSION_KEY] = {str(session.pk): guest.pk}
store.create()
client = Client()
client.force_login(volunteer)
print(json.dumps({"rule": Rule.objects.get(number=4).pk, "session": session.pk, "guest": store.session_key, "volunteer": client.cookies["sessionid"].value}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def two_servers(tmp_path):
    assert _redis_available(), "Redis must run on 127.0.0.1:6379 for this test"
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'site'}{os.pathsep}{ROOT}",
        "DJANGO_SETTINGS_MODULE": "kuulluksi.settings",
        "KUULLUKSI_PROFILE": "embedded",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'chat.sqlite3'}",
        "REDIS_URL": REDIS_URL,
        "CHANNEL_LAYER_PREFIX": f"chat-two-process-{uuid.uuid4().hex}",
        "CACHE_KEY_PREFIX": f"chat-two-process-{uuid.uuid4().hex}",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_IN_DATABASE": "false",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    setup = subprocess.run([*manage, "shell", "-c", SETUP], env=env, cwd=ROOT, capture_output=True, text=True)
    assert setup.returncode == 0, setup.stderr
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    daphne = str(Path(sys.executable).with_name("daphne"))
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [daphne, "-b", "127.0.0.1", "-p", str(port), "kuulluksi.asgi:application"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield data, [f"ws://127.0.0.1:{port}/ws/chat/{data['session']}/" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # daphne waits for open connections to drain
                process.kill()
                process.wait()


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

    asyncio.run(scenario())

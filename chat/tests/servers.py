"""Real servers for the multi-process chat tests: daphne workers on one database and one Redis, and a
private Redis that a test may kill and restart without touching the shared one."""

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

from testing.processes import free_port, project_env, running_daphne

ROOT = Path(__file__).resolve().parents[2]

# Run with ``manage.py shell -c``, after ``GUESTS = <n>``: a chat session open on a volunteer's shift
# (pseudonym "ohjaaja", password "x-long-password", e-mail verified), ``n`` anonymous guests who joined it,
# and a session cookie for each; prints them as JSON. Shared by the tests, bench/chat_load.py and the
# deployment rehearsal.
SETUP = """
import json
from datetime import timedelta
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from django.utils import timezone
from accounts.models import User
from chat import services
from chat.models import ChatSession, Room
from chat.models import PARTICIPANTS_SESSION_KEY
from moderation.models import Rule

volunteer = User.objects.create_user(username="ohjaaja", email="ohjaaja@example.org", password="x-long-password")
volunteer.groups.add(Group.objects.get(name="peer_moderator"))
EmailAddress.objects.create(user=volunteer, email=volunteer.email, verified=True, primary=True)
room = Room.objects.create(name="Avoin", slug="avoin", kind=Room.OPEN)
now = timezone.now()
session = ChatSession.objects.create(room=room, title="Chat", starts_at=now, ends_at=now + timedelta(hours=2))
services.sign_up_for_shift(session, volunteer=volunteer)
session = services.open_session(session, by=volunteer)
guests = []
for number in range(GUESTS):
    guest = services.join_session(session, nickname=f"Vieras{number or ''}")
    store = SessionStore()
    store[PARTICIPANTS_SESSION_KEY] = {str(session.pk): guest.pk}
    store.create()
    guests.append(store.session_key)
client = Client()
client.force_login(volunteer)
print(json.dumps({"rule": Rule.objects.get(number=4).pk, "session": session.pk, "guest": guests[0], "guests": guests, "volunteer": client.cookies["sessionid"].value}))
"""


def _wait_until(ready, what: str, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not start within {timeout} s")
        time.sleep(0.1)


class PrivateRedis:
    """A redis-server of the test's own on a free loopback port, keeping nothing on disk: a restart
    loses every key, as a Redis without persistence does in production."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ]
        self.process = subprocess.Popen(
            command, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _wait_until(self._pong, "redis-server", timeout=20)

    def _pong(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """Stop at once (SIGKILL): clients see their connections drop, as when Redis crashes."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()


def setup_script(guests: int) -> str:
    return f"GUESTS = {guests}\n{SETUP}"


@contextmanager
def daphne_servers(
    folder: Path, *, redis_url: str, workers: int = 2, guests: int = 1, env: dict | None = None
):
    """Migrate a fresh SQLite database in ``folder``, open a chat session with a volunteer and
    ``guests`` anonymous participants, start ``workers`` daphne processes on ``redis_url`` and yield
    (data, [WebSocket URL of each worker]). ``data`` holds the session id, the rule id and the cookies."""
    env = {
        **project_env(os.environ),
        "DJANGO_SETTINGS_MODULE": "kuulluksi.settings",
        "KUULLUKSI_PROFILE": "embedded",
        "DATABASE_URL": f"sqlite:///{folder / 'chat.sqlite3'}",
        "REDIS_URL": redis_url,
        "CHANNEL_LAYER_PREFIX": f"chat-two-process-{uuid.uuid4().hex}",
        "CACHE_KEY_PREFIX": f"chat-two-process-{uuid.uuid4().hex}",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_IN_DATABASE": "false",
        **(env or {}),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    setup = subprocess.run(
        [*manage, "shell", "-c", setup_script(guests)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert setup.returncode == 0, setup.stderr
    data = json.loads(setup.stdout.strip().splitlines()[-1])
    with ExitStack() as stack:
        servers = [
            stack.enter_context(
                running_daphne(env, log=stack.enter_context(open(folder / f"daphne-{number}.log", "w")))
            )
            for number in range(workers)
        ]
        yield data, [f"ws://127.0.0.1:{server.port}/ws/chat/{data['session']}/" for server in servers]

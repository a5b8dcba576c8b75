"""Chat fixtures: factories with keyword-only arguments, and WebSocket helpers for consumer tests."""

from datetime import timedelta

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from chat import services
from chat.models import ChatSession, Room


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """Each test runs its own event loop; the Redis channel layer keeps loop-bound locks, so every test
    gets a new layer object (the in-memory layer simply starts empty)."""
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.fixture
def make_session(db):
    """Return a factory: make_session(kind="open", starts_in=-5 min, hours=2, room=None) -> ChatSession."""

    def factory(
        *, kind=Room.OPEN, starts_in=timedelta(minutes=-5), hours=2, room=None, title="Kahden tunnin chat"
    ):
        if room is None:
            room, _created = Room.objects.get_or_create(
                slug=f"room-{kind}", defaults={"name": f"Huone {kind}", "kind": kind}
            )
        starts_at = timezone.now() + starts_in
        return ChatSession.objects.create(
            room=room, title=title, starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours)
        )

    return factory


@pytest.fixture
def rule(default_rules):
    """Community rule 4 (no harassment)."""
    return default_rules[4]


@pytest.fixture
def volunteer(make_user):
    return make_user(role=roles.PEER_MODERATOR, pseudonym="ohjaaja")


@pytest.fixture
def open_chat(make_session, volunteer):
    """Return a factory: open_chat(kind="open", host=volunteer) -> an open session hosted by ``host``."""

    def factory(*, kind=Room.OPEN, host=None, **kwargs):
        host = host or volunteer
        session = make_session(kind=kind, **kwargs)
        services.sign_up_for_shift(session, volunteer=host)
        return services.open_session(session, by=host)

    return factory


def login_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def anonymous_cookie(session, nickname: str) -> str:
    """Join through the real form (captcha test mode accepts "PASSED") and return the session cookie."""
    client = Client()
    response = client.post(
        reverse("chat:session", kwargs={"pk": session.pk}),
        {"nickname": nickname, "captcha_0": "test", "captcha_1": "PASSED"},
    )
    assert response.status_code == 302, response.content.decode()
    return client.cookies["sessionid"].value


class PatientCommunicator(WebsocketCommunicator):
    """Waits up to five seconds, not one, for the handshake and for a frame: on a loaded machine (the
    suite runs on every core) the consumer can take longer than a second to answer. A quick answer
    costs no more; a test that checks that nothing comes uses ``receive_nothing`` with its own wait."""

    async def connect(self, timeout=5):
        return await super().connect(timeout)

    async def receive_from(self, timeout=5):
        return await super().receive_from(timeout)

    async def receive_json_from(self, timeout=5):
        return await super().receive_json_from(timeout)


def communicator(
    session, cookie: str | None = None, *, origin: str | None = "http://127.0.0.1", path_suffix: str = ""
) -> WebsocketCommunicator:
    """A WebSocket client of the real ASGI application; ``origin=None`` sends no Origin header."""
    from kuulluksi.asgi import application

    headers = [(b"host", b"127.0.0.1")]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return PatientCommunicator(application, f"/ws/chat/{session.pk}/{path_suffix}", headers=headers)


async def receive_type(comm: WebsocketCommunicator, kind: str, *, timeout: float = 5) -> dict:
    """Receive frames until one of type ``kind`` arrives (presence updates come and go in between)."""
    while True:
        frame = await comm.receive_json_from(timeout=timeout)
        if frame["type"] == kind:
            return frame


async def drain(comm: WebsocketCommunicator) -> list[dict]:
    """Every frame that is waiting, without waiting long for more."""
    frames = []
    while not await comm.receive_nothing(timeout=0.2):
        frames.append(await comm.receive_json_from())
    return frames


async def connect(session, cookie, *, after: int = 0) -> tuple[WebsocketCommunicator, dict, dict]:
    """Connect, read the welcome, resume from ``after``; return (communicator, welcome, history)."""
    comm = communicator(session, cookie)
    connected, code = await comm.connect()
    assert connected, code
    welcome = await receive_type(comm, "welcome")
    await comm.send_json_to({"type": "resume", "after": after})
    history = await receive_type(comm, "history")
    return comm, welcome, history

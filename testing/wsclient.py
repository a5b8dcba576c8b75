"""A minimal asyncio WebSocket client (RFC 6455, text frames) for the multi-process tests and the
benchmark: connect with the session cookie, send and receive JSON frames; and ``RoomView``, which keeps
a room the way chat.js does.

It is written out here because the client must run inside processes that already use Twisted
(daphne is an installed app), where autobahn's asyncio flavour cannot be loaded.
"""

import asyncio
import base64
import json
import os
import ssl
import struct
from urllib.parse import urlparse

TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class HandshakeRefused(Exception):
    pass


class ChatClient:
    """One WebSocket connection. Frames queue up for ``receive``, unless ``on_frame`` is set: then it is
    called with each JSON frame as it arrives instead."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, on_frame=None):
        self._reader = reader
        self._writer = writer
        self.frames: asyncio.Queue = asyncio.Queue()
        self.on_frame = on_frame
        self.close_code: int | None = None
        self._reading = asyncio.get_running_loop().create_task(self._read_loop())

    @classmethod
    async def connect(
        cls,
        url: str,
        *,
        cookie: str | None = None,
        origin: str | None = None,
        tls: ssl.SSLContext | None = None,
        on_frame=None,
    ) -> "ChatClient":
        """Open ``ws://`` or, with ``tls``, ``wss://``. ``origin`` defaults to the server's
        own address; ``origin=""`` sends none."""
        parsed = urlparse(url)
        reader, writer = await asyncio.open_connection(
            parsed.hostname, parsed.port, ssl=tls, server_hostname=parsed.hostname if tls else None
        )
        key = base64.b64encode(os.urandom(16)).decode()
        headers = [
            f"GET {parsed.path} HTTP/1.1",
            f"Host: {parsed.hostname}:{parsed.port}",
            "Upgrade: websocket",
            "Connection: Upgrade",
            f"Sec-WebSocket-Key: {key}",
            "Sec-WebSocket-Version: 13",
        ]
        if origin != "":
            scheme = "https" if tls else "http"
            headers.append(f"Origin: {origin or f'{scheme}://{parsed.hostname}:{parsed.port}'}")
        if cookie:
            headers.append(f"Cookie: sessionid={cookie}")
        writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
        response = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        status = response.split(b"\r\n", 1)[0]
        if b" 101 " not in status:
            writer.close()
            raise HandshakeRefused(status.decode(errors="replace"))
        return cls(reader, writer, on_frame)

    def _write_frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        length = len(payload)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, 0x80 | length)
        elif length < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, length)
        masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        self._writer.write(header + mask + masked)

    async def _read_frame(self) -> tuple[int, bool, bytes]:
        first, second = await self._reader.readexactly(2)
        length = second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", await self._reader.readexactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", await self._reader.readexactly(8))
        return first & 0x0F, bool(first & 0x80), await self._reader.readexactly(length)

    async def _read_loop(self) -> None:
        buffer = b""
        try:
            while True:
                opcode, final, payload = await self._read_frame()
                if opcode == PING:
                    self._write_frame(PONG, payload)
                elif opcode == CLOSE:
                    self.close_code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 1005
                    break
                elif opcode in (TEXT, 0x0):
                    buffer += payload
                    if final:
                        frame = json.loads(buffer)
                        buffer = b""
                        if self.on_frame is not None:
                            self.on_frame(frame)
                        else:
                            self.frames.put_nowait(frame)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            self.frames.put_nowait({"type": "_closed", "code": self.close_code})

    @property
    def closed(self) -> bool:
        return self._reading.done()

    def send(self, frame: dict) -> None:
        if not self.closed:
            self._write_frame(TEXT, json.dumps(frame).encode())

    async def receive(self, kind: str | None = None, *, timeout: float = 10) -> dict:
        """The next frame (of type ``kind``, skipping others)."""
        while True:
            frame = await asyncio.wait_for(self.frames.get(), timeout)
            if kind is None or frame["type"] in (kind, "_closed"):
                if frame["type"] == "_closed" and kind not in (None, "_closed"):
                    raise ConnectionError(f"closed with code {frame['code']} while waiting for {kind}")
                return frame

    async def close(self) -> None:
        if not self._reading.done():
            self._write_frame(CLOSE, struct.pack("!H", 1000))
            await self._writer.drain()
            try:
                await asyncio.wait_for(self._reading, 5)
            except TimeoutError:
                self._reading.cancel()
        self._writer.close()


class RoomView:
    """What chat.js keeps of a room: the messages by id and the revision cursor ``last`` (every change
    up to it has been applied). Like chat.js it answers every ``welcome`` with ``resume`` (so a new
    connection, or a server that rejoined its groups after a channel-layer outage, replays from the
    database) and fills a revision gap with ``resume`` after ``gap_delay`` seconds.

    ``on_new(message)`` is called the first time a message id is seen; ``repeats`` counts frames that
    carried a message the view already had (the client absorbs them: a message is shown once per id).
    """

    def __init__(self, *, on_new=None, gap_delay: float = 1.5):
        self.messages: dict[int, dict] = {}
        self.acks: list[dict] = []
        self.errors: list[dict] = []
        self.last = 0
        self.repeats = 0
        self.on_new = on_new
        self.gap_delay = gap_delay
        self.client: ChatClient | None = None
        self._gap_timer: asyncio.TimerHandle | None = None

    async def connect(self, url: str, *, cookie: str) -> "ChatClient":
        """Open a new connection for this view (the first, or a reconnect) and return it."""
        self.client = await ChatClient.connect(url, cookie=cookie, on_frame=self.handle)
        return self.client

    def handle(self, frame: dict) -> None:
        kind = frame["type"]
        if kind == "welcome":
            self.client.send({"type": "resume", "after": self.last})
        elif kind == "history":
            for event in frame["events"]:
                self._apply(event)
            self.last = max([self.last, frame["rev"], *(event["rev"] for event in frame["events"])])
        elif kind in ("message", "message.removed"):
            self._apply(frame)
            self._track(frame["rev"])
        elif kind == "ack":
            self.acks.append(frame)
        elif kind == "error":
            self.errors.append(frame)

    def _apply(self, event: dict) -> None:
        known = self.messages.get(event["id"])
        if event["type"] == "message" and known is None and self.on_new is not None:
            self.on_new(event)
        elif known == event:
            self.repeats += 1
        self.messages[event["id"]] = event

    def _track(self, rev: int) -> None:
        if rev <= self.last:
            return
        if rev == self.last + 1:
            self.last = rev
        elif self._gap_timer is None:
            self._gap_timer = asyncio.get_running_loop().call_later(self.gap_delay, self._fill_gap)

    def _fill_gap(self) -> None:
        self._gap_timer = None
        self.client.send({"type": "resume", "after": self.last})

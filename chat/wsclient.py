"""A minimal asyncio WebSocket client (RFC 6455, text frames) for the multi-process test and the
benchmark: connect with the session cookie, send and receive JSON frames.

It is written out here because the client must run inside processes that already use Twisted
(daphne is an installed app), where autobahn's asyncio flavour cannot be loaded.
"""

import asyncio
import base64
import json
import os
import socket
import ssl
import struct
from urllib.parse import urlparse

TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HandshakeRefused(Exception):
    pass


class ChatClient:
    """One WebSocket connection. Frames queue up for ``receive``, unless ``on_frame`` is set: then it is
    called with each JSON frame as it arrives instead."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self._reader = reader
        self._writer = writer
        self.frames: asyncio.Queue = asyncio.Queue()
        self.on_frame = None
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
        return cls(reader, writer)

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

    def send(self, frame: dict) -> None:
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

"""The whole ASGI application (HTTP and WebSockets) served by daphne in a thread of the test process.

pytest-django's ``live_server`` speaks only HTTP. This daphne shares the test database (and the in-memory
channel layer) with the test, so tests that use it need ``transactional_db``.
"""

import threading
import time
import urllib.request

from chat.wsclient import free_port

_server = {}


def daphne_url() -> str:
    """Start daphne once per test process (a Twisted reactor cannot be restarted); return its base URL."""
    if "url" not in _server:
        from daphne.server import Server

        from kuulluksi.asgi import application

        port = free_port()
        server = Server(
            application, endpoints=[f"tcp:port={port}:interface=127.0.0.1"], signal_handlers=False
        )
        threading.Thread(target=server.run, daemon=True, name="daphne").start()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2)  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        _server["url"] = url
    return _server["url"]

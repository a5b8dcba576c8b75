"""The whole ASGI application (HTTP and WebSockets) served by daphne in a thread of the test process.

pytest-django's ``live_server`` speaks only HTTP. This daphne shares the test database (and the in-memory
channel layer) with the test, so tests that use it need ``transactional_db``.
"""

import threading

from testing.processes import free_port, wait_until_serving

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
        wait_until_serving(port, timeout=20)
        _server["url"] = f"http://127.0.0.1:{port}"
    return _server["url"]

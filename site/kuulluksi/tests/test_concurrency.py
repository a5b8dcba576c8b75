"""At most HTTP_CONCURRENCY requests inside Django per worker; the rest wait, WebSockets are not held."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from kuulluksi.concurrency import HttpConcurrencyLimit


class _CountingApp:
    """Records how many calls run at once; each call blocks until ``release`` is set."""

    def __init__(self):
        self.inside = 0
        self.most = 0
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send):
        self.inside += 1
        self.most = max(self.most, self.inside)
        await self.release.wait()
        self.inside -= 1


def _run(scenario):
    """Its own thread and event loop, whatever else the test process runs (the browser tests leave one)."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, scenario()).result()


async def _nothing():
    return {}


async def _ignore(message):
    return None


def test_http_requests_over_the_limit_wait_and_all_are_served():
    async def scenario():
        app = _CountingApp()
        limited = HttpConcurrencyLimit(app, 2)
        calls = [asyncio.create_task(limited({"type": "http"}, _nothing, _ignore)) for _ in range(10)]
        await asyncio.sleep(0.05)
        assert app.inside == 2
        app.release.set()
        await asyncio.gather(*calls)
        return app

    app = _run(scenario)
    assert app.most == 2
    assert app.inside == 0


def test_websockets_are_not_limited():
    async def scenario():
        app = _CountingApp()
        limited = HttpConcurrencyLimit(app, 2)
        calls = [asyncio.create_task(limited({"type": "websocket"}, _nothing, _ignore)) for _ in range(5)]
        await asyncio.sleep(0.05)
        inside = app.inside
        app.release.set()
        await asyncio.gather(*calls)
        return inside

    assert _run(scenario) == 5

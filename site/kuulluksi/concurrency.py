"""At most ``HTTP_CONCURRENCY`` HTTP requests inside Django at once per daphne worker.

Under ASGI every sync request runs in a thread of its own and opens its own database connection, so a
burst of a thousand requests asked PostgreSQL for hundreds of connections and was refused ("too many
clients already"). Requests over the limit wait here, in the event loop, holding neither a thread
nor a connection; workers x ``HTTP_CONCURRENCY`` must stay below PostgreSQL's ``max_connections``. On
PostgreSQL the connections come from each worker's pool, sized from this limit (settings.py).
WebSockets are not limited (the chat consumers hold no connection while idle).
"""

import asyncio


class HttpConcurrencyLimit:
    def __init__(self, app, limit: int):
        self.app = app
        self.limit = limit
        self._slots: asyncio.Semaphore | None = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self._slots is None:  # made inside the server's event loop
            self._slots = asyncio.Semaphore(self.limit)
        async with self._slots:
            return await self.app(scope, receive, send)

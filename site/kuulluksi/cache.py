"""Django's Redis cache, but a Redis outage reads as a cache miss instead of an error.

Everything the site keeps in the cache can be rebuilt from the database (the moderation matcher's
version token, page fragments, throttling windows, presence broadcast pacing), so when Redis is
stopped or restarting, pages still render and the chat still stores messages. Reads return the
default, writes are dropped, ``add`` reports that nothing was added; each failure is logged. ``incr``
and ``clear`` still raise: there is no honest value to return for them.

Its connection pools are the process's, not the cache object's: Django makes a cache object per
thread and per asynchronous context, and under daphne that meant a new pool, and so a new Redis
connection, for nearly every request (a tenth of a signed-in topic page's time). So is the Redis
client on each pool: Django builds a new ``redis.Redis`` for every cache call, which copies its table of
reply handlers each time and cost more than a ``GET`` itself (``docs/benchmarks.md``). A client holds
no connection of its own (each command takes one from the pool), so threads may share it.
"""

import logging
import threading

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE = (RedisConnectionError, RedisTimeoutError)


_POOLS: dict[tuple, object] = {}
_CLIENTS: dict[int, object] = {}  # by the id of their pool, which is kept in _POOLS for good
_POOLS_LOCK = threading.Lock()


def _outage(operation: str, error: Exception) -> None:
    logger.warning("Cache %s failed (%r); treated as a miss.", operation, error)


class OutageTolerantRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients_by_server = {}

    def _get_connection_pool(self, write):
        return self._pool(self._get_connection_pool_index(write))

    def _pool(self, index: int):
        server = self._servers[index]
        key = (server, self._pool_class, repr(sorted(self._pool_options.items())))
        with _POOLS_LOCK:
            if key not in _POOLS:
                _POOLS[key] = self._pool_class.from_url(server, **self._pool_options)
            return _POOLS[key]

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients_by_server.get(index)
        if client is None:
            pool = self._pool(index)
            with _POOLS_LOCK:
                client = _CLIENTS.setdefault(id(pool), self._client(connection_pool=pool))
            self._clients_by_server[index] = client
        return client

    def get(self, key, default):
        try:
            return super().get(key, default)
        except OUTAGE as error:
            _outage("get", error)
            return default

    def get_many(self, keys):
        try:
            return super().get_many(keys)
        except OUTAGE as error:
            _outage("get_many", error)
            return {}

    def has_key(self, key):
        try:
            return super().has_key(key)
        except OUTAGE as error:
            _outage("has_key", error)
            return False

    def add(self, key, value, timeout):
        try:
            return super().add(key, value, timeout)
        except OUTAGE as error:
            _outage("add", error)
            return False

    def set(self, key, value, timeout):
        try:
            super().set(key, value, timeout)
        except OUTAGE as error:
            _outage("set", error)

    def set_many(self, data, timeout):
        try:
            super().set_many(data, timeout)
        except OUTAGE as error:
            _outage("set_many", error)

    def touch(self, key, timeout):
        try:
            return super().touch(key, timeout)
        except OUTAGE as error:
            _outage("touch", error)
            return False

    def delete(self, key):
        try:
            return super().delete(key)
        except OUTAGE as error:
            _outage("delete", error)
            return False

    def delete_many(self, keys):
        try:
            super().delete_many(keys)
        except OUTAGE as error:
            _outage("delete_many", error)


class OutageTolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OutageTolerantRedisCacheClient

    def clear(self):
        """Delete this cache's own keys (those under its ``KEY_PREFIX``), not the whole Redis database.

        Django's ``clear`` is ``FLUSHDB``: it also wiped the channel layer's groups and messages, which
        live in the same database, and in the test suite every other test process's keys.
        """
        client = self._cache.get_client(None, write=True)
        keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
        return True

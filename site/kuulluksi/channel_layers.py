"""The Redis channel layer on a connection pool that waits for a free connection instead of failing.

redis-py's asyncio ``ConnectionPool`` (what channels_redis builds from ``hosts``) holds at most 100
connections and raises ``MaxConnectionsError`` for the 101st. A chat worker sends to its rooms from
every socket at once, so a busy worker's sends past that number failed: the message was stored, but the
room saw it only when a later message or a reconnect made the clients read the database again.
``BlockingConnectionPool`` keeps the same bound but makes a send wait for a connection to come back to
the pool, for ``pool_timeout`` seconds at most.
"""

from channels_redis.core import RedisChannelLayer
from redis.asyncio import BlockingConnectionPool


class WaitingRedisChannelLayer(RedisChannelLayer):
    """channels_redis's layer with each host's pool a ``BlockingConnectionPool``.

    A host is a dict with ``address`` (a redis:// URL), ``max_connections`` (per worker and event
    loop), ``pool_timeout`` (seconds a send may wait for a connection) and any other keyword the
    connection takes (``socket_timeout``).
    """

    def create_pool(self, index):
        host = dict(self.hosts[index])
        address = host.pop("address")
        return BlockingConnectionPool.from_url(address, timeout=host.pop("pool_timeout", 20), **host)

"""The Redis cache reads an outage as a miss (kuulluksi/cache.py)."""

import threading

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from kuulluksi.cache import OutageTolerantRedisCache
from testing.processes import free_port, redis_reachable


@pytest.fixture
def unreachable_cache():
    """The cache pointed at a loopback port where nothing listens (Redis stopped)."""
    return OutageTolerantRedisCache(f"redis://127.0.0.1:{free_port()}/0", {})


def test_reads_are_misses_and_writes_are_dropped(unreachable_cache, caplog):
    cache = unreachable_cache
    assert cache.get("token") is None
    assert cache.get("token", "fallback") == "fallback"
    assert cache.get_or_set("version", 1) == 1
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False
    assert cache.add("lock", True, 5) is False
    cache.set("token", "x", 60)
    cache.set_many({"a": 1}, 60)
    assert cache.touch("token") is False
    assert cache.delete("token") is False
    cache.delete_many(["a", "b"])
    assert "treated as a miss" in caplog.text


def test_counters_still_fail_loudly(unreachable_cache):
    # There is no honest number to return for a counter that cannot be read.
    with pytest.raises(RedisConnectionError):
        unreachable_cache.incr("count")


@pytest.mark.skipif(not redis_reachable(), reason="needs Redis on 127.0.0.1:6379")
def test_clear_deletes_only_this_caches_keys():
    """``clear`` must not be FLUSHDB: the channel layer and other caches share the Redis database."""
    import redis

    url = "redis://127.0.0.1:6379/13"
    raw = redis.Redis.from_url(url)
    raw.set("asgi:group:chat-room-1", "member")
    ours = OutageTolerantRedisCache(url, {"KEY_PREFIX": "ours"})
    theirs = OutageTolerantRedisCache(url, {"KEY_PREFIX": "theirs"})
    try:
        ours.set_many({f"key{n}": n for n in range(2500)}, 60)
        theirs.set("window", 3, 60)
        assert ours.clear() is True
        assert ours.get("key0") is None and ours.get("key2499") is None
        assert theirs.get("window") == 3
        assert raw.get("asgi:group:chat-room-1") == b"member"
    finally:
        raw.delete("asgi:group:chat-room-1")
        theirs.delete("window")


def test_every_cache_object_of_the_process_shares_one_connection_pool():
    """Django makes a cache object per thread and asynchronous context, so under daphne nearly every
    request had a cache object of its own: a pool per object meant a new connection per request."""
    server = "redis://127.0.0.1:6379/3"
    pools = []

    def in_a_thread():
        cache = OutageTolerantRedisCache(server, {})
        pools.append(cache._cache._get_connection_pool(write=False))

    threads = [threading.Thread(target=in_a_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pools.append(OutageTolerantRedisCache(server, {})._cache._get_connection_pool(write=True))
    assert len({id(pool) for pool in pools}) == 1
    other = OutageTolerantRedisCache("redis://127.0.0.1:6379/4", {})._cache._get_connection_pool(write=False)
    assert other is not pools[0]


def test_every_cache_call_on_a_pool_uses_one_client():
    """Building a client per call copied its reply handlers every time; threads share one instead."""
    server = "redis://127.0.0.1:6379/3"
    clients = []

    def in_a_thread():
        clients.append(OutageTolerantRedisCache(server, {})._cache.get_client(write=False))

    threads = [threading.Thread(target=in_a_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cache = OutageTolerantRedisCache(server, {})._cache
    clients += [cache.get_client("a", write=True), cache.get_client("b")]
    assert len({id(client) for client in clients}) == 1
    assert clients[0].connection_pool is cache._get_connection_pool(write=False)
    assert OutageTolerantRedisCache("redis://127.0.0.1:6379/4", {})._cache.get_client() is not clients[0]

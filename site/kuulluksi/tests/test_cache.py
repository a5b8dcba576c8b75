"""The Redis cache reads an outage as a miss (kuulluksi/cache.py)."""

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from kuulluksi.cache import OutageTolerantRedisCache
from testing.processes import free_port


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

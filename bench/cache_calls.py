"""Cost of one cache call through the site's Redis cache against Django's own Redis cache, same run.

Both caches talk to the same Redis database; the site's (``kuulluksi.cache.OutageTolerantRedisCache``)
keeps one connection pool and one client per pool for the process, Django's (``RedisCache``) builds a
client for every call. Each repetition times ``--calls`` ``get``, ``get_many`` (three keys) and ``set``
calls on each cache, one cache right after the other; the medians of the repetitions are printed with
their ratio.

    .venv/bin/python bench/cache_calls.py [--redis-url redis://127.0.0.1:6379/13] [--calls 5000] [--repetitions 5]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _time(operation, calls: int) -> float:
    """Microseconds per call."""
    start = time.perf_counter()
    for _ in range(calls):
        operation()
    return (time.perf_counter() - start) / calls * 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    from django.conf import settings

    settings.configure()
    from django.core.cache.backends.redis import RedisCache

    from kuulluksi.cache import OutageTolerantRedisCache

    caches = {
        "Django's RedisCache": RedisCache(args.redis_url, {"KEY_PREFIX": "bench-cache-calls"}),
        "site's cache": OutageTolerantRedisCache(args.redis_url, {"KEY_PREFIX": "bench-cache-calls"}),
    }
    keys = ["a", "b", "c"]
    caches["site's cache"].set_many(dict.fromkeys(keys, "x" * 200), 600)
    operations = {
        "get": lambda cache: cache.get("a"),
        "get_many (3 keys)": lambda cache: cache.get_many(keys),
        "set": lambda cache: cache.set("d", "x" * 200, 600),
    }
    results = {(name, label): [] for name in operations for label in caches}
    for _repetition in range(args.repetitions):
        for name, operation in operations.items():
            for label, cache in caches.items():
                results[name, label].append(_time(lambda op=operation, cache=cache: op(cache), args.calls))
    print("| call | Django's RedisCache µs | site's cache µs | ratio site / Django |")
    print("|---|---|---|---|")
    for name in operations:
        django_us = statistics.median(results[name, "Django's RedisCache"])
        site_us = statistics.median(results[name, "site's cache"])
        print(f"| {name} | {django_us:.1f} | {site_us:.1f} | {site_us / django_us:.2f} |")


if __name__ == "__main__":
    main()

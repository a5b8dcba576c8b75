"""Forum pages under load, on PostgreSQL, through daphne, against a trivial view on the same stack.

Seeds a category of 10,000 topics and a topic of 5,000 posts (bulk inserts), starts daphne on
127.0.0.1, and measures requests per second and median / p95 latency of:

* ``/healthz`` — a trivial Django view (the baseline: same server, no template, no query),
* the forum index — little more than the site shell (``base.html``) every page pays for,
* the topic page (first and last page of the 5,000-post topic),
* the category page (first page of the 10,000 topics),

then prints each page's latency as a multiple of the baseline's. Goal: the topic page within 3x.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kuulluksi_forum_bench \\
        .venv/bin/python bench/forum_pages.py [--seconds 8] [--concurrency 4]

A database whose name contains "bench" is dropped and created afresh; any other is migrated and
its benchmark categories are reseeded.
"""

import argparse
import http.client
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kuulluksi_forum_bench"


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulluksi.settings")
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    _create_database(database_url)
    import django

    django.setup()


def _create_database(database_url: str) -> None:
    """A database whose name contains "bench" is dropped and made afresh; any other is only migrated."""
    import psycopg

    base, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        if "bench" in name:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def seed(topics: int, posts: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from forum import markup, services
    from forum.models import Category, Post, Topic

    call_command("migrate", verbosity=0)
    User = get_user_model()
    authors = []
    for n in range(20):
        user, _created = User.objects.get_or_create(
            username=f"bench{n}", defaults={"email": f"b{n}@example.org"}
        )
        authors.append(user)
    Topic.objects.filter(category__slug__startswith="bench-").delete()
    Category.objects.filter(slug__startswith="bench-").delete()
    category = Category.objects.create(name="Kuormitustesti", slug="bench-topics")
    now = timezone.now()
    Topic.objects.bulk_create(
        (
            Topic(
                category=category,
                title=f"Aihe numero {n}",
                author=authors[n % len(authors)],
                is_public=True,
                post_count=1,
                last_post_at=now,
                last_poster=authors[(n + 1) % len(authors)],
            )
            for n in range(topics)
        ),
        batch_size=2000,
    )
    services.refresh_counters(Topic.objects.filter(category=category).first())
    long_category = Category.objects.create(name="Pitkä keskustelu", slug="bench-long")
    long_topic = Topic.objects.create(
        category=long_category, title="Viiden tuhannen viestin aihe", author=authors[0]
    )
    body = "Tämä on **kuormitustestin** viesti, jossa on [linkki](https://example.org/) ja\n\n- luettelo\n- kohtia"
    html = markup.render(body)
    Post.objects.bulk_create(
        (
            Post(topic=long_topic, author=authors[n % len(authors)], body=body, body_html=html)
            for n in range(posts)
        ),
        batch_size=2000,
    )
    long_topic.opening_post = long_topic.posts.order_by("id").first()
    long_topic.save(update_fields=["opening_post"])
    services.refresh_counters(long_topic)
    long_topic.refresh_from_db()
    last_page = (long_topic.post_count - 1) // 20 + 1
    return {
        "trivial view (/healthz)": "/healthz",
        "site shell page (forum index)": "/forum/",
        "topic page, first page": long_topic.get_absolute_url(),
        f"topic page, last page ({last_page})": f"{long_topic.get_absolute_url()}?page={last_page}",
        "category page (10,000 topics)": category.get_absolute_url(),
    }


def measure(port: int, path: str, seconds: float, concurrency: int) -> dict:
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            start = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - start)
            if response.status != 200:
                errors.append(response.status)
                break
        connection.close()
        with lock:
            latencies.extend(mine)

    for _ in range(3):  # warm up: the first requests fill per-process caches
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        warm.request("GET", path)
        warm.getresponse().read()
        warm.close()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise RuntimeError(f"{path} answered {errors[0]}")
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="measuring time per page")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent keep-alive clients")
    parser.add_argument("--topics", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=5_000)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not database_url.startswith("postgres"):
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    _setup_django(database_url)
    print(
        f"Seeding {args.topics} topics and a {args.posts}-post topic on {database_url.rsplit('/', 1)[1]}..."
    )
    pages = seed(args.topics, args.posts)
    from testing.processes import project_env, running_daphne

    env = {**project_env(os.environ), "DATABASE_URL": database_url, "DEBUG": "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with running_daphne(env) as server:
        results = {
            label: measure(server.port, path, args.seconds, args.concurrency) for label, path in pages.items()
        }
    baseline = results["trivial view (/healthz)"]
    print(f"\n{args.concurrency} concurrent clients, {args.seconds:g} s per page, one daphne process\n")
    print(f"| {'page':<34} | {'req/s':>7} | {'median ms':>9} | {'p95 ms':>7} | {'median vs trivial':>17} |")
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 11}|{'-' * 9}|{'-' * 19}|")
    for label, result in results.items():
        ratio = result["median_ms"] / baseline["median_ms"]
        print(
            f"| {label:<34} | {result['rps']:>7.1f} | {result['median_ms']:>9.1f} | {result['p95_ms']:>7.1f} "
            f"| {ratio:>16.2f}x |"
        )


if __name__ == "__main__":
    main()

"""Time and profile one page in-process (Django test client, no server) on PostgreSQL and Redis.

Seeds a 5,000-post topic once (bulk inserts, then ``ANALYZE``) into a database of its own, loads the
demo content when the database is new, and measures ``--requests`` requests after five warm-up ones:
the queries of one request, the mean time, and with ``--profile`` the top functions by cumulative
time (cProfile). The trivial view ``/healthz`` is measured in the same run as the baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kuulluksi_page_profile REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/page_profile.py topic-signed-in [--requests 40] [--profile]

Pages: topic-signed-in, topic-last-signed-in, topic-anonymous, home, ktalks, forum.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TITLE = "Profiled topic"


def _setup() -> None:
    import psycopg

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulluksi.settings")
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        new = not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if new:
            connection.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    if new:
        call_command("load_demo", verbosity=0)


def _topic():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from forum import services
    from forum.models import Category, Post, Topic

    topic = Topic.objects.filter(title=TITLE, is_public=True).first()
    if topic is not None:
        return topic
    users = [
        get_user_model().objects.get_or_create(
            username=f"profile{n}", defaults={"email": f"p{n}@example.org"}
        )[0]
        for n in range(20)
    ]
    category, _created = Category.objects.get_or_create(name="Profiili", slug="profile")
    topic = Topic.objects.create(category=category, title=TITLE, author=users[0], last_post_at=timezone.now())
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=users[n % 20],
            body=f"Viesti {n}",
            body_html=f"<p>Viesti {n}</p>",
            created_at=now,
        )
        for n in range(5000)
    )
    topic.opening_post = topic.posts.order_by("id").first()
    topic.save()
    services.refresh_counters(topic)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return topic


def _time(client, url: str, requests: int) -> float:
    for _ in range(5):
        assert client.get(url).status_code == 200, url
    start = time.perf_counter()
    for _ in range(requests):
        client.get(url)
    return (time.perf_counter() - start) / requests * 1000


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--queries", action="store_true", help="print each query of one request with its time"
    )
    args = parser.parse_args()
    _setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    topic = _topic()
    urls = {
        "topic-signed-in": topic.get_absolute_url(),
        "topic-last-signed-in": topic.get_absolute_url() + "?page=250",
        "topic-anonymous": topic.get_absolute_url(),
        "home": "/",
        "ktalks": "/k-talkit/",
        "forum": "/forum/",
    }
    url = urls[args.page]
    client = Client()
    if args.page.endswith("signed-in"):
        client.force_login(get_user_model().objects.get(username="profile5"))
    baseline = _time(Client(), "/healthz", args.requests)
    page = _time(client, url, args.requests)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"{args.page}: {page:.1f} ms per request, {len(queries)} queries; /healthz {baseline:.2f} ms")
    if args.queries:
        for query in queries:
            print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:300]}")
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.requests):
            client.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()

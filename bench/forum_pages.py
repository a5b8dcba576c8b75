"""Forum and site pages under load from wrk, anonymous and signed in, against a trivial view measured
in the same repetition.

Production-like profile: PostgreSQL, Redis as the cache, DEBUG off, one daphne process on 127.0.0.1.
Seeds the demo content (home page, K-talks), a category of 10,000 topics and a topic of 5,000 posts
(bulk inserts, then ``ANALYZE``), and makes a member's session with Django's session machinery.

The load comes from ``wrk`` (``scripts/ensure-wrk``), a separate process; ``bench/wrk_report.lua``
sends the member's session cookie and CSRF token on signed-in runs and reports p50, p99 and the
request count. In every repetition each page is measured right after ``/healthz`` (a Django view
with no template and no query) with the same visitor, and its p50 is divided by that baseline's.
While a topic page is measured, a thread posts a reply to the 5,000-post topic every
``--reply-every`` seconds through ``forum.services.post_reply``, so cached lists are invalidated as
in real use.

    scripts/ensure-wrk
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kuulluksi_forum_bench \\
    REDIS_URL=redis://127.0.0.1:6379/9 \\
        .venv/bin/python bench/forum_pages.py [--seconds 8] [--repetitions 3] [--connections 8] \\
        [--reply-every 2] [--port 8731] [--only home,K-talks]

A database whose name contains "bench" is dropped and created afresh; any other is migrated and its
benchmark categories are reseeded. The Redis database of REDIS_URL is emptied after seeding.
"""

import argparse
import contextlib
import http.client
import http.cookies
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA_SCRIPT = ROOT / "bench" / "wrk_report.lua"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kuulluksi_forum_bench"
MEMBER = "kansalainen"  # a citizen among the demo accounts
TRIVIAL = "/healthz"


def _setup_django(database_url: str, redis_url: str) -> None:
    os.environ.update(DATABASE_URL=database_url, REDIS_URL=redis_url, DEBUG="false")
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


def seed(topics: int, posts: int):
    """The demo content, a category of ``topics`` topics and a topic of ``posts`` posts; returns
    (category, long topic, K-talks index page)."""
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from ktalks.models import KTalkIndexPage

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    category, long_topic = _seed_forum(topics, posts)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    cache.clear()
    return category, long_topic, KTalkIndexPage.objects.live().first()


def _seed_forum(topics: int, posts: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from forum import markup, services
    from forum.models import Category, Post, Topic
    from moderation.models import ContributorStanding

    User = get_user_model()
    authors = [
        User.objects.get_or_create(username=f"bench{n}", defaults={"email": f"b{n}@example.org"})[0]
        for n in range(20)
    ]
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
    for author in authors:  # the standing their bulk-inserted posts would have earned: no pre-moderation
        ContributorStanding.objects.update_or_create(
            user=author, defaults={"published_count": posts // len(authors)}
        )
    return category, long_topic


def page_paths(category, long_topic, ktalks_index) -> dict[str, str]:
    """Label -> path of the measured pages; the topic's last page is the last one right now."""
    long_topic.refresh_from_db()
    last_page = (long_topic.post_count - 1) // 20 + 1
    return {
        "home page (Wagtail)": "/",
        "K-talks index": ktalks_index.url,
        "category page (10,000 topics)": category.get_absolute_url(),
        "topic page, first page": long_topic.get_absolute_url(),
        "topic page, last page": f"{long_topic.get_absolute_url()}?page={last_page}",
    }


def get(port: int, path: str, cookie: str = ""):
    """One GET on daphne: (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, response.headers, body


def member_cookies(port: int, topic_path: str) -> dict[str, str]:
    """A session for the member made by Django's session machinery, and the CSRF token the site sets
    on a page with a form: the environment for ``wrk_report.lua``."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=MEMBER))
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    _status, headers, _body = get(port, topic_path, session)
    cookies = http.cookies.SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    csrf = cookies[settings.CSRF_COOKIE_NAME].value
    return {"BENCH_COOKIE": f"{session}; {settings.CSRF_COOKIE_NAME}={csrf}", "BENCH_CSRF": csrf}


def check_page(port: int, path: str, visitor_env: dict[str, str]) -> None:
    """Fail unless the page answers 200, naming the member exactly when the visitor is signed in."""
    status, _headers, body = get(port, path, visitor_env.get("BENCH_COOKIE", ""))
    if status != 200:
        raise RuntimeError(f"{path} answered {status}")
    if path != TRIVIAL and (MEMBER in body) != bool(visitor_env):
        raise RuntimeError(
            f"{path} does not show the visitor as {'signed in' if visitor_env else 'anonymous'}"
        )


def run_wrk(url: str, seconds: float, connections: int, visitor_env: dict[str, str]) -> dict:
    """One wrk run: req/s, p50 and p99 in milliseconds."""
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout=30s",
        f"-s{LUA_SCRIPT}",
        url,
    ]
    output = subprocess.run(
        command, env={**os.environ, **visitor_env}, capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK_RESULT "))
    result = json.loads(line.removeprefix("WRK_RESULT "))
    if result["socket_errors"] or result["bad_status"]:
        raise RuntimeError(f"{url}: {result}")
    return {
        "rps": result["requests"] / (result["duration_us"] / 1e6),
        "p50_ms": result["p50_us"] / 1000,
        "p99_ms": result["p99_us"] / 1000,
    }


@contextlib.contextmanager
def replies_posted(topic, every: float):
    """While the block runs, a bench author replies to ``topic`` once every ``every`` seconds through the
    forum's service. Yields the list of posts made so far."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from forum import services

    author = get_user_model().objects.get(username="bench1")
    stop = threading.Event()
    posted, failures = [], []

    def post_replies():
        try:
            next_at = time.monotonic() + every  # a fixed rate, however long a reply takes
            while not stop.wait(max(0.0, next_at - time.monotonic())):
                next_at += every
                body = f"Vastaus kuormituksen aikana, numero {len(posted) + 1}."
                posted.append(
                    services.post_reply(author=author, topic=topic, body=body, apply_new_user_limits=False)
                )
        except Exception as error:  # raised again in the bench's own thread
            failures.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=post_replies)
    thread.start()
    try:
        yield posted
    finally:
        stop.set()
        thread.join()
    if failures:
        raise failures[0]


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def measure(args, server, seed_result, visitors: dict[str, dict[str, str]]) -> dict:
    """{(page, visitor): [(page result, baseline result), ...]}, one pair per repetition."""
    long_topic = seed_result[1]
    results: dict[tuple[str, str], list] = {}
    replies = 0
    for repetition in range(1, args.repetitions + 1):
        print(f"\nRepetition {repetition}/{args.repetitions}, load average {load_average()}", flush=True)
        for label, path in page_paths(*seed_result).items():
            if not any(text.strip().casefold() in label.casefold() for text in args.only.split(",")):
                continue
            for visitor, visitor_env in visitors.items():
                check_page(server.port, path, visitor_env)
                baseline = run_wrk(server.url + TRIVIAL, args.seconds, args.connections, visitor_env)
                posting = replies_posted(long_topic, args.reply_every) if label.startswith("topic") else None
                with posting or contextlib.nullcontext([]) as posted:
                    page = run_wrk(server.url + path, args.seconds, args.connections, visitor_env)
                replies += sum(post.is_published for post in posted)
                results.setdefault((label, visitor), []).append((page, baseline))
                print(
                    f"  {label}, {visitor}: {page['rps']:.1f} req/s, p50 {page['p50_ms']:.1f} ms "
                    f"(trivial view {baseline['p50_ms']:.1f} ms), {sum(post.is_published for post in posted)} replies published",
                    flush=True,
                )
    print(f"\n{replies} replies published during the topic-page runs")
    return results


def print_table(results: dict) -> None:
    print(
        "\n| page | visitor | req/s | p50 ms | p99 ms | trivial p50 ms | p50 / trivial p50 per repetition "
        "| median ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    baselines = [baseline for pairs in results.values() for _page, baseline in pairs]
    print(
        f"| trivial view (`{TRIVIAL}`), all its runs | both "
        f"| {statistics.median(run['rps'] for run in baselines):.1f} "
        f"| {statistics.median(run['p50_ms'] for run in baselines):.1f} "
        f"| {statistics.median(run['p99_ms'] for run in baselines):.1f} | | | 1.00x |"
    )
    for (label, visitor), pairs in results.items():
        ratios = [page["p50_ms"] / baseline["p50_ms"] for page, baseline in pairs]

        def median(key, which=0, pairs=pairs):
            return statistics.median(pair[which][key] for pair in pairs)

        print(
            f"| {label} | {visitor} | {median('rps'):.1f} | {median('p50_ms'):.1f} | {median('p99_ms'):.1f} "
            f"| {median('p50_ms', 1):.1f} | {', '.join(f'{ratio:.2f}' for ratio in ratios)} "
            f"| **{statistics.median(ratios):.2f}x** |"
        )
    print("\nreq/s, p50, p99 and the trivial view's p50 are medians across the repetitions.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="wrk's duration per run")
    parser.add_argument("--repetitions", type=int, default=3, help="rounds of (trivial view, page) pairs")
    parser.add_argument("--connections", type=int, default=8, help="wrk's open connections (2 threads)")
    parser.add_argument(
        "--reply-every", type=float, default=2.0, help="seconds between replies on topic runs"
    )
    parser.add_argument("--port", type=int, default=0, help="daphne's port (default: a free one)")
    parser.add_argument(
        "--only",
        default="",
        help="measure only the pages whose label contains one of these comma-separated texts ('home,K-talks')",
    )
    parser.add_argument("--topics", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=5_000)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url.startswith("redis"):
        sys.exit(
            "This benchmark runs on PostgreSQL and Redis: set DATABASE_URL=postgres://... and REDIS_URL=redis://..."
        )
    subprocess.run([ROOT / "scripts" / "ensure-wrk"], check=True)
    _setup_django(database_url, redis_url)
    print(
        f"Seeding {args.topics} topics and a {args.posts}-post topic on {database_url.rsplit('/', 1)[1]}..."
    )
    seed_result = seed(args.topics, args.posts)
    from testing.processes import project_env, running_daphne

    env = {**project_env(os.environ), "DATABASE_URL": database_url, "REDIS_URL": redis_url, "DEBUG": "false"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with running_daphne(env, port=args.port or None) as server:
        visitors = {
            "anonymous": {},
            "signed in": member_cookies(server.port, seed_result[1].get_absolute_url()),
        }
        print(
            f"wrk -t{min(2, args.connections)} -c{args.connections}, {args.seconds:g} s per run, "
            f"one daphne process, a reply every {args.reply_every:g} s during topic-page runs; "
            f"load average {load_average()}"
        )
        results = measure(args, server, seed_result, visitors)
    print_table(results)
    print(f"\nLoad average at the end (1, 5, 15 min): {load_average()}")


if __name__ == "__main__":
    main()

"""Forum search by base forms over many posts, against a search by the words as written, in one run.

Seeds a topic with N posts (default 100,000) of ordinary Finnish sentences (the benign lines of the
screening corpus, `testing/screening_corpus.tsv`), a few of them holding *hakemuksen*, *vuokra-asunnon*,
*Kelaan* and *asiakasraadin muistio*; indexes them through the search backend in bulk, then times:

* the baseline: the backend's search for a word as written (``hakemuksen``), the same query the site
  made before it knew base forms;
* ``forum.search.search_forum`` for *hakemus*, *asunto*, *Kela* and *asiakasraati* (base forms, the
  visibility filter and the page's topic join included),

and prints the median and p95 of each, their ratio to the baseline, and whether each found its post.

    .venv/bin/python bench/search_scale.py [--posts 100000] [--database-url postgres://...]

Without ``--database-url`` it runs on a new SQLite file (the embedded default). A PostgreSQL database
whose name contains "bench" is dropped and created afresh.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEEDLES = {
    "hakemus": "Lähetin toimeentulotuen hakemuksen jo viime kuussa.",
    "asunto": "Vuokra-asunnon etsiminen kesti puoli vuotta.",
    "Kela": "Soitin Kelaan kolme kertaa samana päivänä.",
    "asiakasraati": "Luin asiakasraadin muistion eilen illalla.",
}
ROUNDS = 25


def _setup(database_url: str) -> None:
    if database_url.startswith("postgres"):
        import psycopg

        base, name = database_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            if "bench" in name:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulluksi.settings")
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(count: int) -> float:
    """Insert ``count`` published posts and index them; return the indexing time in seconds."""
    from django.contrib.auth import get_user_model
    from wagtail.search.backends import get_search_backend

    from forum.models import Category, Post, Topic
    from kuulluksi import finnish
    from moderation.models import ModerationState
    from testing.screening_corpus import lines

    # Sentences that hold none of the searched words, so that each search has exactly its one post to find.
    searched = {finnish.query_text(query) for query in NEEDLES}
    sentences = [
        line.text
        for line in lines()
        if line.label == "benign"
        and line.language == "fi"
        and not searched & set(finnish.index_text(line.text).split())
    ]
    author = get_user_model().objects.create_user(username="haku-bench", email="haku@example.org")
    category = Category.objects.create(name="Haku", slug="haku-bench")
    topic = Topic.objects.create(category=category, title="Arkea", author=author, is_public=True)
    needles = list(NEEDLES.values())
    bodies = [
        needles[i // (count // len(needles))] if i % (count // len(needles)) == 7 else ""
        for i in range(count)
    ]
    batch = []
    for i, body in enumerate(bodies):
        text = body or f"{sentences[i % len(sentences)]} {sentences[(i * 7 + 3) % len(sentences)]}"
        batch.append(
            Post(
                topic=topic,
                author=author,
                body=text,
                body_html=f"<p>{text}</p>",
                moderation_state=ModerationState.PUBLISHED,
            )
        )
    Post.objects.bulk_create(batch, batch_size=2000)
    backend = get_search_backend()
    started = time.perf_counter()
    posts = Post.objects.order_by("pk")
    for offset in range(0, count, 2000):
        backend.add_bulk(Post, list(posts[offset : offset + 2000]))
    return time.perf_counter() - started


def _timed(call) -> tuple[list[float], object]:
    result, times = None, []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/search-bench.sqlite3"
    _setup(url)

    from wagtail.search.backends import get_search_backend

    from forum.search import search_forum
    from forum.selectors import published_posts
    from kuulluksi import finnish

    indexing = seed(args.posts)
    print(
        f"{args.posts} posts on {url.split(':')[0]}, Finnish analysis: {finnish.backend()}; indexed in {indexing:.1f} s"
    )
    baseline, _ = _timed(
        lambda: list(get_search_backend().search("hakemuksen", published_posts(), operator="and")[:20])
    )
    base = statistics.median(baseline)
    print(f"{'query':<14}{'median ms':>11}{'p95 ms':>9}{'× baseline':>12}  found")
    print(f"{'(as written)':<14}{base:>11.1f}{sorted(baseline)[int(ROUNDS * 0.95) - 1]:>9.1f}{1:>12.1f}")
    for query, needle in NEEDLES.items():
        times, found = _timed(lambda query=query: search_forum(query))
        hit = any(post.body == needle for post in found["posts"])
        median = statistics.median(times)
        p95 = sorted(times)[int(ROUNDS * 0.95) - 1]
        print(f"{query:<14}{median:>11.1f}{p95:>9.1f}{median / base:>12.1f}  {'yes' if hit else 'NO'}")


if __name__ == "__main__":
    main()

"""List pages run a fixed number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import Post, Reaction, Topic

pytestmark = pytest.mark.django_db


def _grow_topic(topic, count, authors):
    now = timezone.now()
    Post.objects.bulk_create(
        Post(
            topic=topic,
            author=authors[number % len(authors)],
            body=f"Viesti {number}",
            body_html=f"<p>Viesti {number}</p>",
            created_at=now,
        )
        for number in range(count)
    )
    services.refresh_counters(topic)


def _grow_category(category, count, author):
    now = timezone.now()
    Topic.objects.bulk_create(
        Topic(
            category=category,
            title=f"Aihe {n}",
            author=author,
            is_public=True,
            last_post_at=now,
            post_count=1,
        )
        for n in range(count)
    )


def _count(client, url):
    client.get(url)  # warm up: the first request of a test also loads per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_topic_page_queries_do_not_grow_with_posts(
    client, make_topic, make_member, logged_in, django_assert_num_queries
):
    authors = [make_member() for _ in range(5)]
    small, big = make_topic(author=authors[0]), make_topic(author=authors[0])
    _grow_topic(small, 10, authors)
    _grow_topic(big, 1000, authors)
    reader = make_member()
    Reaction.objects.bulk_create(Reaction(post=post, user=reader) for post in big.posts.all()[:15])
    if logged_in:
        client.force_login(reader)
    expected = _count(client, small.get_absolute_url())
    for url in (big.get_absolute_url(), big.get_absolute_url() + "?page=50"):
        with django_assert_num_queries(expected):
            client.get(url)


@pytest.mark.parametrize("logged_in", [False, True])
def test_category_page_queries_do_not_grow_with_topics(
    client, make_category, make_member, logged_in, django_assert_num_queries
):
    small, big = make_category(), make_category()
    authors = make_member()
    _grow_category(small, 10, authors)
    _grow_category(big, 1000, authors)
    if logged_in:
        client.force_login(make_member())
    expected = _count(client, small.get_absolute_url())
    with django_assert_num_queries(expected):
        client.get(big.get_absolute_url())
    with django_assert_num_queries(expected):
        client.get(big.get_absolute_url() + "?page=20")


def test_topic_page_reads_the_forum_in_three_queries(client, make_topic):
    """Anonymous reader: the topic, the post count for the pager and one page of posts."""
    topic = make_topic(replies=3)
    client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        client.get(topic.get_absolute_url())
    assert len([query for query in queries if '"forum_' in query["sql"]]) == 3

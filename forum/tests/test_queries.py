"""List pages run a fixed number of queries whatever the amount of data."""

import pytest
from django.core.cache import cache
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
    cache.clear()  # measure the rendering path, not a cached list
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _get_uncached(client, url):
    cache.clear()
    assert client.get(url).status_code == 200


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
            _get_uncached(client, url)


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
        _get_uncached(client, big.get_absolute_url())
    with django_assert_num_queries(expected):
        _get_uncached(client, big.get_absolute_url() + "?page=20")


def test_topic_page_reads_the_forum_in_two_queries(client, make_topic):
    """Anonymous reader: the topic and one page of posts (the pager uses the kept post count)."""
    topic = make_topic(replies=3)
    client.get(topic.get_absolute_url())
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(topic.get_absolute_url())
    assert len([query for query in queries if '"forum_' in query["sql"]]) == 2


def test_anonymous_post_list_is_reused_until_the_topic_changes(client, make_topic, make_member):
    topic = make_topic(replies=1)
    client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert "Vastaus 1" in client.get(topic.get_absolute_url()).text
    assert not [query for query in queries if 'FROM "forum_post"' in query["sql"]]
    reply = services.post_reply(author=make_member(), topic=topic, body="Aivan uusi vastaus")
    assert "Aivan uusi vastaus" in client.get(topic.get_absolute_url()).text
    services.toggle_thanks(user=topic.author, post=reply)
    assert "1 kiitos" in client.get(topic.get_absolute_url()).text
    services.edit_post(user=reply.author, post=reply, body="Muokattu vastaus")
    assert "Muokattu vastaus" in client.get(topic.get_absolute_url()).text


def test_category_list_is_reused_until_the_category_changes(client, make_topic, moderator):
    topic = make_topic()
    client.get(topic.category.get_absolute_url())
    services.set_pinned(user=moderator, topic=topic, pinned=True)
    assert "Kiinnitetty" in client.get(topic.category.get_absolute_url()).text
    services.edit_post(user=topic.author, post=topic.opening_post, body="Uusi", title="Uusi otsikko")
    assert "Uusi otsikko" in client.get(topic.category.get_absolute_url()).text


def test_a_signed_in_topic_page_reads_no_permission_rows(client, make_topic, make_member):
    """The reader's permissions (moderator tools or not) come from the cache after the first page."""
    topic = make_topic(replies=2)
    client.force_login(make_member())
    client.get(topic.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(topic.get_absolute_url()).status_code == 200
    assert not [query for query in queries if "auth_permission" in query["sql"]]

"""Topic pages: the kept counters spare the count, the far half is read from the end, and every
reader still gets exactly the posts that are theirs to see, on the right page."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum import selectors, services
from moderation import services as moderation
from moderation.models import ModerationState, QueueItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _five_per_page(settings):
    settings.FORUM_POSTS_PER_PAGE = 5


def _ids(page):
    return [post.pk for post in page.posts.object_list]


def _forum_counts(queries):
    return [q["sql"] for q in queries if "COUNT(" in q["sql"] and '"forum_post"' in q["sql"]]


@pytest.mark.parametrize("replies", [0, 4, 11, 12, 13])
def test_every_page_holds_the_rows_the_plain_pager_gives(make_topic, make_member, replies):
    topic = make_topic(replies=replies)
    reader = make_member()
    posts = selectors.posts_visible_to(reader).filter(topic=topic).order_by("created_at", "id")
    plain = Paginator(posts, 5, allow_empty_first_page=True)
    for number in plain.page_range:
        page = selectors.topic_page(topic, reader, number)
        assert _ids(page) == [post.pk for post in plain.page(number)]
        assert page.posts.paginator.num_pages == plain.num_pages


def test_the_last_page_is_read_from_the_end(make_topic, make_member):
    topic = make_topic(replies=29)  # 30 posts, 6 pages
    with CaptureQueriesContext(connection) as queries:
        page = selectors.topic_page(topic, make_member(), 6)
    listing = [q["sql"] for q in queries if 'FROM "forum_post"' in q["sql"]]
    assert len(listing) == 1
    assert "DESC" in listing[0] and "OFFSET" not in listing[0]
    assert [post.body for post in page.posts.object_list] == [f"Vastaus {n}" for n in range(25, 30)]


def test_a_signed_in_reader_is_not_counted_for_while_nothing_is_held(client, make_topic, make_member):
    topic = make_topic(replies=12)
    client.force_login(make_member())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(topic.get_absolute_url() + "?page=3").status_code == 200
    assert _forum_counts(queries) == []


def test_held_posts_are_on_the_pages_of_their_author_and_of_moderators_only(
    client, settings, make_topic, make_member, moderator, django_capture_on_commit_callbacks
):
    topic = make_topic(replies=9)  # 10 posts: two full pages for everyone
    newcomer, reader = make_member(), make_member()
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        held = services.post_reply(author=newcomer, topic=topic, body="Odottaa tarkistusta")
    assert held.moderation_state == ModerationState.HELD
    topic.refresh_from_db()
    assert (topic.post_count, topic.held_count) == (10, 1)

    for who, pages, sees in ((reader, 2, False), (newcomer, 3, True), (moderator, 3, True)):
        last = selectors.topic_page(topic, who, 99)
        assert last.posts.paginator.num_pages == pages
        assert (held.pk in _ids(last)) is sees
    assert selectors.topic_page(topic, reader, 1).posts.paginator.count == 10

    item = QueueItem.objects.get(object_id=str(held.pk), status=QueueItem.Status.OPEN)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide(item, moderator=moderator, action="approve")
    topic.refresh_from_db()
    assert (topic.post_count, topic.held_count) == (11, 0)
    assert held.pk in _ids(selectors.topic_page(topic, reader, 3))

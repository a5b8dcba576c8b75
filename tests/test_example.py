"""A short tour of how Kuulluksi's tests are written: read this before writing your first one.

Each test below is real and guards real behaviour, but is kept short to show one habit:

* state changes go through the app's service function, exactly as views, consumers and commands call it;
* bad input is a ``ValidationError`` keyed by field, in the user's language, and nothing is half-saved;
* what a user typed is escaped wherever it is shown;
* a list page runs a fixed number of queries, whatever the amount of data;
* a date comes from a frozen clock, never from today's calendar, and calendar steps ("30 days ago")
  from ``kuulluksi.dates``;
* a permission is checked in the service, not only by hiding a link.

Fixtures shared by every app are in the root ``conftest.py`` (``make_user``, ``default_rules``,
``home_page``); each app's own are in ``<app>/conftest.py``. Consumer tests drive the real ASGI routing
through ``WebsocketCommunicator`` (see ``chat/tests/test_consumer.py``); browser tests are in
``tests/e2e/``.
"""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from forum import services
from forum.models import Category, Post, Topic
from kuulluksi import dates

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return Category.objects.create(name="Asuminen", slug="asuminen", description="Asumisesta")


@pytest.fixture
def member(make_user, settings):
    """A member past the new-member period: their posts are published without waiting in the queue."""
    settings.MODERATION_NEW_USER_HELD_POSTS = 0
    user = make_user(pseudonym="Kataja")
    user.date_joined = dates.local_shift(timezone.now(), days=-30)
    user.save(update_fields=["date_joined"])
    return user


def test_a_state_change_goes_through_its_service(member, category):
    topic = services.create_topic(author=member, category=category, title="Asumistuki", body="Kysymys")
    assert topic.opening_post.author == member
    assert topic.is_public and topic.post_count == 1


def test_bad_input_is_refused_by_field_in_finnish_and_nothing_is_saved(member, category):
    with pytest.raises(ValidationError) as refused:
        services.create_topic(author=member, category=category, title="x" * 121, body="   ")
    assert set(refused.value.message_dict) == {"title", "body"}
    assert refused.value.message_dict["body"] == ["Kirjoita jotain ennen lähettämistä."]
    assert not Topic.objects.exists() and not Post.objects.exists()


def test_what_a_user_typed_is_shown_escaped(client, member, category):
    topic = services.create_topic(
        author=member, category=category, title="<script>alert(1)</script>", body="<b onclick=x()>hei</b>"
    )
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    assert "<b onclick" not in page


def _queries_to_render(client, url) -> int:
    client.get(url)  # warm the per-process caches
    cache.clear()  # measure the rendering, not a cached fragment
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_list_page_runs_a_fixed_number_of_queries(client, member, category):
    services.create_topic(author=member, category=category, title="Ensimmäinen", body="Teksti")
    with_one = _queries_to_render(client, category.get_absolute_url())
    for number in range(10):
        services.create_topic(author=member, category=category, title=f"Aihe {number}", body="Teksti")
    assert _queries_to_render(client, category.get_absolute_url()) == with_one


def test_a_date_comes_from_a_frozen_clock(member, category):
    instant = datetime.datetime(2027, 2, 28, 23, 30, tzinfo=datetime.UTC)  # 1 March in Helsinki
    with time_machine.travel(instant, tick=False):
        topic = services.create_topic(author=member, category=category, title="Maaliskuu", body="Teksti")
    assert timezone.localtime(topic.opening_post.created_at).date() == datetime.date(2027, 3, 1)


def test_a_permission_is_checked_in_the_service(member, category, make_user):
    topic = services.create_topic(author=member, category=category, title="Oma viesti", body="Teksti")
    with pytest.raises(PermissionDenied):
        services.delete_post(user=make_user(pseudonym="Paju"), post=topic.opening_post)
    topic.opening_post.refresh_from_db()
    assert not topic.opening_post.is_deleted

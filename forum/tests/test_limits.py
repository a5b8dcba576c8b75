from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(make_user):
    return make_user(pseudonym="tulokas")


def _backdate_posts(user, seconds):
    Post.objects.filter(author=user).update(created_at=timezone.now() - timedelta(seconds=seconds))


def test_new_user_waits_between_posts(newcomer, make_topic, settings):
    settings.FORUM_NEW_USER_MIN_INTERVAL = timedelta(seconds=60)
    topic = make_topic()
    services.post_reply(author=newcomer, topic=topic, body="Eka")
    with pytest.raises(ValidationError) as error:
        services.post_reply(author=newcomer, topic=topic, body="Toka")
    assert error.value.code == "too_fast"
    assert "60 sekunnin kuluttua" in error.value.messages[0]
    _backdate_posts(newcomer, 61)
    services.post_reply(author=newcomer, topic=topic, body="Toka")


def test_new_user_daily_cap(newcomer, make_topic, settings):
    settings.FORUM_NEW_USER_DAILY_CAP = 3
    settings.FORUM_NEW_USER_MIN_INTERVAL = timedelta(0)
    topic = make_topic()
    for number in range(3):
        services.post_reply(author=newcomer, topic=topic, body=f"Viesti {number}")
    with pytest.raises(ValidationError) as error:
        services.post_reply(author=newcomer, topic=topic, body="Neljäs")
    assert error.value.code == "daily_cap"
    assert "3 viestiä" in error.value.messages[0]


def test_limits_end_after_the_new_user_period(newcomer, make_topic, settings):
    settings.FORUM_NEW_USER_DAILY_CAP = 1
    topic = make_topic()
    services.post_reply(author=newcomer, topic=topic, body="Eka")
    newcomer.date_joined = timezone.now() - timedelta(days=2)
    newcomer.save()
    services.post_reply(author=newcomer, topic=topic, body="Toka heti perään")


def test_moderators_are_not_limited(make_user, make_topic):
    new_moderator = make_user(role="peer_moderator")
    topic = make_topic()
    services.post_reply(author=new_moderator, topic=topic, body="Eka")
    services.post_reply(author=new_moderator, topic=topic, body="Toka")


def test_limit_message_on_the_page_keeps_the_text(client, newcomer, make_topic):
    topic = make_topic()
    client.force_login(newcomer)
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Eka"})
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Kiireinen toinen viesti"})
    assert response.status_code == 200
    assert "Uudet jäsenet" in response.text
    assert "Kiireinen toinen viesti</textarea>" in response.text
    assert topic.posts.count() == 2

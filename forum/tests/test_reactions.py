import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forum import services
from forum.models import Reaction

pytestmark = pytest.mark.django_db


def test_thanks_toggles_and_counter_follows(make_topic, make_member):
    topic = make_topic()
    post = topic.opening_post
    first, second = make_member(), make_member()
    assert services.toggle_thanks(user=first, post=post) is True
    assert services.toggle_thanks(user=second, post=post) is True
    post.refresh_from_db()
    assert post.reaction_count == 2 == Reaction.objects.filter(post=post).count()
    assert services.toggle_thanks(user=first, post=post) is False
    post.refresh_from_db()
    assert post.reaction_count == 1 == Reaction.objects.filter(post=post).count()


def test_own_post_and_deleted_post_cannot_be_thanked(make_topic, member):
    topic = make_topic()
    with pytest.raises(PermissionDenied):
        services.toggle_thanks(user=topic.author, post=topic.opening_post)
    reply = services.post_reply(author=member, topic=topic, body="x")
    services.delete_post(user=member, post=reply)
    with pytest.raises(PermissionDenied):
        services.toggle_thanks(user=topic.author, post=reply)


def test_thanks_button_without_javascript(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    url = reverse("forum:thank", args=[topic.opening_post.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    page = client.get(topic.get_absolute_url())
    assert 'aria-pressed="true"' in page.text and "(1)" in page.text


def test_anonymous_thanks_goes_to_login(client, make_topic):
    topic = make_topic()
    response = client.post(reverse("forum:thank", args=[topic.opening_post.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Reaction.objects.exists()

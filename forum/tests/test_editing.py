from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from forum import services
from forum.models import Post, PostRevision

pytestmark = pytest.mark.django_db


def _age(post, minutes):
    Post.objects.filter(pk=post.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))
    post.refresh_from_db()


def test_author_edits_within_window_and_history_is_kept(make_topic):
    topic = make_topic(body="Ensimmäinen versio")
    post = topic.opening_post
    services.edit_post(user=topic.author, post=post, body="Toinen *versio*", title="Uusi otsikko")
    post.refresh_from_db()
    topic.refresh_from_db()
    assert post.body_html == "<p>Toinen <em>versio</em></p>" and post.edited_at is not None
    assert topic.title == "Uusi otsikko"
    revision = PostRevision.objects.get(post=post)
    assert revision.body == "Ensimmäinen versio" and revision.title.startswith("Keskustelu")


def test_edit_without_change_keeps_no_revision(make_topic):
    topic = make_topic(body="Sama")
    services.edit_post(user=topic.author, post=topic.opening_post, body="Sama")
    assert not PostRevision.objects.exists()


def test_edit_after_window_is_refused(make_topic, settings):
    settings.FORUM_EDIT_WINDOW = timedelta(minutes=30)
    topic = make_topic()
    post = topic.opening_post
    _age(post, 29)
    assert services.can_edit(topic.author, post)
    _age(post, 31)
    with pytest.raises(PermissionDenied):
        services.edit_post(user=topic.author, post=post, body="Myöhässä")


def test_others_cannot_edit(make_topic, member):
    topic = make_topic()
    with pytest.raises(PermissionDenied):
        services.edit_post(user=member, post=topic.opening_post, body="Vieras muokkaus")


def test_edit_validates_like_posting(make_topic):
    topic = make_topic()
    with pytest.raises(ValidationError) as error:
        services.edit_post(user=topic.author, post=topic.opening_post, body=" ", title="")
    assert set(error.value.message_dict) == {"title", "body"}


def test_edit_page_keeps_typed_text_on_error(client, make_topic):
    topic = make_topic()
    client.force_login(topic.author)
    url = reverse("forum:edit_post", args=[topic.opening_post.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "x" * 200, "body": "Muokattu teksti"})
    assert response.status_code == 200
    assert "Muokattu teksti</textarea>" in response.text
    assert 'value="' + "x" * 200 + '"' in response.text
    response = client.post(url, {"title": "Hyvä otsikko", "body": "Muokattu teksti"})
    assert response.status_code == 302


def test_edit_page_after_window_is_forbidden(client, make_topic):
    topic = make_topic()
    _age(topic.opening_post, 120)
    client.force_login(topic.author)
    assert client.get(reverse("forum:edit_post", args=[topic.opening_post.pk])).status_code == 403


def test_edit_window_closing_while_typing_keeps_the_text(client, make_topic, settings):
    topic = make_topic()
    client.force_login(topic.author)
    url = reverse("forum:edit_post", args=[topic.opening_post.pk])
    client.get(url)
    settings.FORUM_EDIT_WINDOW = timedelta(0)
    response = client.post(url, {"title": "Otsikko", "body": "Huolella muokattu"})
    assert response.status_code == 200
    assert "Viestiä voi muokata vain" in response.text
    assert "Huolella muokattu</textarea>" in response.text
    topic.opening_post.refresh_from_db()
    assert topic.opening_post.body == "Aloitusviesti."
    assert client.get(url).status_code == 403  # the page itself is no longer offered


def test_history_is_for_moderators_only(client, make_topic, moderator, member):
    topic = make_topic(body="Alkuperäinen")
    services.edit_post(user=topic.author, post=topic.opening_post, body="Muutettu")
    url = reverse("forum:post_history", args=[topic.opening_post.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(topic.author)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200 and "Alkuperäinen" in response.text
    assert url in client.get(topic.get_absolute_url()).text


def test_author_deletes_own_post(make_topic, make_member):
    topic = make_topic()
    other = make_member()
    reply = services.post_reply(author=other, topic=topic, body="Poistettava")
    services.edit_post(user=other, post=reply, body="Poistettava 2")
    services.delete_post(user=other, post=reply)
    reply.refresh_from_db()
    assert reply.is_deleted and reply.body == "" and reply.body_html == ""
    assert not reply.revisions.exists()


def test_nobody_else_deletes(make_topic, member, moderator):
    topic = make_topic()
    for user in (member, moderator):
        with pytest.raises(PermissionDenied):
            services.delete_post(user=user, post=topic.opening_post)


def test_delete_through_the_page_leaves_a_placeholder(client, make_topic):
    topic = make_topic(body="Salaisuus")
    client.force_login(topic.author)
    url = reverse("forum:delete_post", args=[topic.opening_post.pk])
    assert "Salaisuus" in client.get(url).text
    response = client.post(url)
    assert response.status_code == 302
    page = client.get(topic.get_absolute_url())
    assert "Salaisuus" not in page.text
    assert "Kirjoittaja poisti tämän viestin." in page.text
    # A deleted post can no longer be edited.
    assert client.get(reverse("forum:edit_post", args=[topic.opening_post.pk])).status_code == 403


def test_delete_page_of_someone_elses_post_is_forbidden(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    assert client.post(reverse("forum:delete_post", args=[topic.opening_post.pk])).status_code == 403

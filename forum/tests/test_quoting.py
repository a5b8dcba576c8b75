import pytest
from django.urls import reverse

from forum import services

pytestmark = pytest.mark.django_db


def test_quote_link_prefills_the_reply(client, make_topic, make_member):
    author = make_member(pseudonym="maija")
    topic = make_topic(author=author, body="Minusta *tämä* on tärkeää.")
    replier = make_member()
    client.force_login(replier)
    response = client.get(reverse("forum:reply", args=[topic.pk]) + f"?quote={topic.opening_post.pk}")
    assert "&gt; **maija:**\n&gt;\n&gt; Minusta *tämä* on tärkeää.\n\n</textarea>" in response.text
    quoted = response.context["form"].initial["body"]
    client.post(reverse("forum:reply", args=[topic.pk]), {"body": quoted + "Olen samaa mieltä."})
    reply = topic.posts.latest("id")
    assert reply.body_html.startswith("<blockquote>\n<p><strong>maija:</strong></p>")
    assert "<p>Olen samaa mieltä.</p>" in reply.body_html


def test_quote_of_a_post_in_another_topic_or_deleted_is_ignored(client, make_topic, make_member):
    topic, other_topic = make_topic(), make_topic(body="Muualla")
    gone = services.post_reply(author=topic.author, topic=topic, body="Poistuva")
    services.delete_post(user=topic.author, post=gone)
    client.force_login(make_member())
    url = reverse("forum:reply", args=[topic.pk])
    assert "Muualla" not in client.get(url + f"?quote={other_topic.opening_post.pk}").text
    assert "&gt; " not in client.get(url + f"?quote={gone.pk}").text
    assert client.get(url + "?quote=abc").status_code == 200


@pytest.mark.parametrize("action", ["hide", "remove"])
def test_member_cannot_quote_a_hidden_or_removed_post(client, make_topic, make_member, moderator, action):
    from moderation import services as moderation
    from moderation.models import Rule

    topic = make_topic()
    secret = services.post_reply(author=make_member(), topic=topic, body="Salainen henkilötieto 0401234567")
    moderation.decide_content(secret, moderator=moderator, action=action, rule=Rule.objects.get(number=2))
    url = reverse("forum:reply", args=[topic.pk]) + f"?quote={secret.pk}"
    client.force_login(make_member())
    response = client.get(url)
    assert response.status_code == 200
    assert "0401234567" not in response.text
    assert not response.context["form"].initial.get("body")
    client.force_login(moderator)
    assert "0401234567" in client.get(url).text


def test_member_cannot_quote_a_post_held_for_review(client, make_topic, make_member, settings):
    topic = make_topic()
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    newcomer = make_member(days=0)
    held = services.post_reply(author=newcomer, topic=topic, body="Odottaa tarkistusta 0509876543")
    assert held.moderation_state == "held"
    client.force_login(make_member())
    response = client.get(reverse("forum:reply", args=[topic.pk]) + f"?quote={held.pk}")
    assert response.status_code == 200
    assert "0509876543" not in response.text

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

"""Post texts shared between signed-in readers: never stale, never another reader's, never another
language's, and a reply does not make the other posts render again."""

import re

import pytest
from django.utils import translation

from forum import fragments, services
from moderation import services as moderation
from moderation.models import Rule

pytestmark = pytest.mark.django_db


def _page(client, topic, **extra):
    response = client.get(topic.get_absolute_url(), **extra)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.fixture
def count_renders(monkeypatch):
    rendered = []
    real = fragments.render_to_string

    def counting(template, context=None, request=None):
        if template == fragments.POST_TEXT_TEMPLATE:
            rendered.append(context["post"].pk)
        return real(template, context, request)

    monkeypatch.setattr(fragments, "render_to_string", counting)
    return rendered


def test_a_page_from_shared_texts_is_the_page_rendered_afresh(client, make_topic, make_member, count_renders):
    topic = make_topic(replies=4)
    client.force_login(make_member())
    first = _page(client, topic)
    assert len(count_renders) == 5
    assert _page(client, topic) == first
    assert len(count_renders) == 5


def test_a_reply_renders_only_the_new_post(client, make_topic, make_member, count_renders):
    topic = make_topic(replies=4)
    client.force_login(make_member())
    _page(client, topic)
    reply = services.post_reply(author=make_member(), topic=topic, body="Uusi vastaus")
    assert "Uusi vastaus" in _page(client, topic)
    assert count_renders[5:] == [reply.pk]


def test_an_edit_is_shown_at_once(client, make_topic, member):
    topic = make_topic(author=member, body="Alkuperäinen teksti")
    client.force_login(member)
    assert "Alkuperäinen teksti" in _page(client, topic)
    services.edit_post(user=member, post=topic.opening_post, body="Korjattu teksti")
    page = _page(client, topic)
    assert "Korjattu teksti" in page and "Alkuperäinen teksti" not in page


def test_a_hidden_post_is_not_served_from_the_shared_text(client, make_topic, make_member, moderator):
    rule = Rule.objects.get(number=2)
    topic = make_topic(replies=1)
    reply = topic.posts.order_by("-id").first()
    client.force_login(make_member())
    assert "Vastaus 1" in _page(client, topic)
    moderation.decide_content(reply, moderator=moderator, action="hide", rule=rule, note="")
    assert "Vastaus 1" not in _page(client, topic)


def test_a_new_pseudonym_is_shown_at_once(client, make_topic, make_member):
    writer = make_member(pseudonym="vanhanimi")
    topic = make_topic(author=writer)
    client.force_login(make_member())
    assert "vanhanimi" in _page(client, topic)
    writer.username = "uusinimi"
    writer.save()
    page = _page(client, topic)
    assert "uusinimi" in page and "vanhanimi" not in page


def test_each_language_gets_its_own_text(client, make_topic, member):
    topic = make_topic(author=member, body="Teksti")
    services.edit_post(user=member, post=topic.opening_post, body="Muokattu teksti")
    client.force_login(member)
    assert "(muokattu)" in _page(client, topic)
    with translation.override("sv"):
        swedish_url = topic.get_absolute_url()
    assert swedish_url.startswith("/sv/")
    swedish = client.get(swedish_url).content.decode()
    assert "(muokattu)" not in swedish and "(redigerat)" in swedish

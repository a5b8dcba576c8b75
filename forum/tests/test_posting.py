import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from forum import services
from forum.models import Post, Subscription, Topic

pytestmark = pytest.mark.django_db


def test_create_topic_makes_opening_post_and_follows_it(member, make_category):
    category = make_category()
    topic = services.create_topic(
        author=member, category=category, title="  Asumistuki  ", body="Kysymys *tuesta*"
    )
    assert topic.title == "Asumistuki"
    assert topic.opening_post.body == "Kysymys *tuesta*"
    assert topic.opening_post.body_html == "<p>Kysymys <em>tuesta</em></p>"
    assert topic.is_public and topic.post_count == 1 and topic.last_poster == member
    assert Subscription.objects.filter(user=member, topic=topic).exists()
    category.refresh_from_db()
    assert (category.topic_count, category.post_count) == (1, 1)


def test_reply_updates_counters(member, make_topic, make_member):
    topic = make_topic()
    other = make_member()
    post = services.post_reply(author=other, topic=topic, body="Vastaus")
    topic.refresh_from_db()
    assert topic.post_count == 2 and topic.reply_count == 1
    assert topic.last_poster == other and topic.last_post_at == post.created_at
    topic.category.refresh_from_db()
    assert topic.category.post_count == 2


@pytest.mark.parametrize("body", ["", "   ", "\n\n\t\n", "\u202e\u2066", "\x00\x01"])
def test_empty_or_whitespace_body_is_refused(member, make_topic, body):
    with pytest.raises(ValidationError) as error:
        services.post_reply(author=member, topic=make_topic(), body=body)
    assert error.value.message_dict == {"body": ["Kirjoita jotain ennen lähettämistä."]}


def test_too_long_body_and_title_are_refused_with_both_errors(member, make_category):
    with pytest.raises(ValidationError) as error:
        services.create_topic(author=member, category=make_category(), title="x" * 121, body="y" * 10_001)
    assert "121" in error.value.message_dict["title"][0]
    assert "10001" in error.value.message_dict["body"][0]
    assert not Topic.objects.exists()


def test_body_of_exactly_the_limit_is_accepted(member, make_topic):
    post = services.post_reply(author=member, topic=make_topic(), body="y" * 10_000)
    assert len(post.body) == 10_000


def test_control_characters_are_removed_from_title_and_body(member, make_category):
    topic = services.create_topic(
        author=member, category=make_category(), title="Ot\u202esikko\x07", body="Te\x00ksti\u2067"
    )
    assert topic.title == "Otsikko"
    assert topic.opening_post.body == "Teksti"


def test_locked_topic_refuses_replies_but_not_from_moderators(member, moderator, make_topic):
    topic = make_topic()
    services.set_locked(user=moderator, topic=topic, locked=True)
    with pytest.raises(PermissionDenied):
        services.post_reply(author=member, topic=topic, body="Vielä yksi")
    assert services.post_reply(author=moderator, topic=topic, body="Lukittu, kiitos kaikille.")


def test_anonymous_cannot_post(make_topic):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.post_reply(author=AnonymousUser(), topic=make_topic(), body="Hei")


# --- Through the pages ----------------------------------------------------------------------------
def test_new_topic_page_requires_login(client, make_category):
    category = make_category()
    response = client.get(reverse("forum:new_topic", args=[category.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_new_topic_through_the_form(client, member, make_category):
    category = make_category()
    client.force_login(member)
    response = client.post(
        reverse("forum:new_topic", args=[category.slug]), {"title": "Uusi aihe", "body": "Hei kaikki"}
    )
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    page = client.get(topic.get_absolute_url())
    assert "Uusi aihe" in page.text and "<p>Hei kaikki</p>" in page.text


def test_errors_keep_what_was_typed(client, member, make_category):
    category = make_category()
    client.force_login(member)
    typed = "<script>alert(1)</script> " + "pitkä " * 2000
    response = client.post(reverse("forum:new_topic", args=[category.slug]), {"title": "", "body": typed})
    assert response.status_code == 200
    assert "Kirjoita otsikko." in response.text
    assert "Teksti on 12026 merkkiä pitkä" in response.text
    # The typed text is back in the field, escaped (never executed).
    assert "&lt;script&gt;alert(1)&lt;/script&gt; pitkä" in response.text
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="id_body_helptext id_body_error"' in response.text
    assert not Topic.objects.exists()


def test_reply_through_the_form_redirects_to_the_post(client, member, make_topic):
    topic = make_topic()
    client.force_login(member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Samaa mieltä"})
    post = Post.objects.latest("id")
    assert response["Location"] == post.get_absolute_url()
    redirect = client.get(post.get_absolute_url())
    assert redirect["Location"] == f"{topic.get_absolute_url()}#post-{post.pk}"


def test_reply_error_keeps_the_text(client, member, make_topic, settings):
    topic = make_topic()
    settings.FORUM_BODY_MAX_LENGTH = 5
    client.force_login(member)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "liian pitkä"})
    assert response.status_code == 200
    assert "liian pitkä</textarea>" in response.text


def test_locked_topic_page_says_so_and_offers_no_form(client, member, moderator, make_topic):
    topic = make_topic()
    services.set_locked(user=moderator, topic=topic, locked=True)
    client.force_login(member)
    response = client.get(topic.get_absolute_url())
    assert "Aihe on lukittu" in response.text
    assert reverse("forum:reply", args=[topic.pk]) not in response.text
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Hei"})
    assert response.status_code == 200 and "Aihe on lukittu" in response.text
    assert topic.posts.count() == 1


def test_topic_locked_while_typing_keeps_the_reply(client, member, moderator, make_topic):
    topic = make_topic()
    client.force_login(member)
    client.get(reverse("forum:reply", args=[topic.pk]))
    services.set_locked(user=moderator, topic=topic, locked=True)
    response = client.post(reverse("forum:reply", args=[topic.pk]), {"body": "Pitkä vastaus"})
    assert response.status_code == 200
    assert "Aihe on lukittu" in response.text
    assert "Pitkä vastaus</textarea>" in response.text


def test_pages_read_without_account(client, make_topic):
    topic = make_topic(replies=2)
    assert client.get(reverse("forum:index")).status_code == 200
    assert topic.title in client.get(topic.category.get_absolute_url()).text
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    assert "Kirjaudu sisään vastataksesi" in response.text


def test_pagination_without_javascript(client, make_topic, settings):
    settings.FORUM_POSTS_PER_PAGE = 2
    topic = make_topic(replies=4)
    response = client.get(topic.get_absolute_url() + "?page=2")
    assert "Vastaus 2" in response.text and "Vastaus 3" in response.text
    assert "Vastaus 1" not in response.text
    assert "Sivu 2/3" in response.text or "2 / 3" in response.text or 'aria-current="page"' in response.text
    assert 'rel="next"' in response.text and 'rel="prev"' in response.text
    last = topic.posts.latest("id")
    assert client.get(last.get_absolute_url())["Location"].endswith(f"?page=3#post-{last.pk}")
    # Out-of-range or nonsense page numbers fall back to a real page instead of failing.
    assert client.get(topic.get_absolute_url() + "?page=999").status_code == 200
    assert client.get(topic.get_absolute_url() + "?page=x").status_code == 200


def test_unknown_topic_and_category_are_404(client, db):
    assert client.get(reverse("forum:topic", args=[999])).status_code == 404
    assert client.get(reverse("forum:category", args=["ei-ole"])).status_code == 404


def test_a_post_is_marked_with_the_language_it_was_written_in(client, make_topic, make_member):
    """A reply written on the Swedish site is read out as Swedish on the Finnish page, and the Finnish
    opening post as Finnish on the Swedish page (WCAG 3.1.2)."""
    topic = make_topic(body="Kerro, miten haku sujui.")
    with translation.override("sv"):
        reply = services.post_reply(author=make_member(), topic=topic, body="Det gick bra för mig.")
    assert (topic.language, topic.opening_post.language, reply.language) == ("fi", "fi", "sv")
    finnish_page = BeautifulSoup(client.get(topic.get_absolute_url()).content, "html.parser")
    swedish_page = BeautifulSoup(client.get(f"/sv{topic.get_absolute_url()}").content, "html.parser")
    for page in (finnish_page, swedish_page):
        assert (
            page.find(string=lambda text: "Det gick bra" in text).find_parent(attrs={"lang": True})["lang"]
            == "sv"
        )
        assert (
            page.find(string=lambda text: "Kerro, miten" in text).find_parent(attrs={"lang": True})["lang"]
            == "fi"
        )

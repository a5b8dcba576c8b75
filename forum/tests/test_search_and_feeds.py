import pytest
from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string

from cms.search import SearchHit
from forum import services
from forum.search import search_forum, search_topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(make_topic, make_category):
    category = make_category(name="Asuminen", slug="asuminen")
    rent = make_topic(category=category, title="Vuokravakuus ja takuuvuokra", body="Kuka maksaa vakuuden?")
    kela = make_topic(title="Kela ja toimeentulotuki", body="Päätös viipyy, vuokravakuus myös.")
    services.post_reply(author=kela.author, topic=kela, body="Sosiaalitoimisto auttoi minua.")
    return rent, kela


def test_search_finds_topics_by_title_and_posts_by_text(topics):
    rent, kela = topics
    results = search_forum("vuokravakuus")
    assert rent in results["topics"]
    assert kela in {post.topic for post in results["posts"]}
    assert kela not in results["topics"]
    texts = {post.body for post in search_forum("Sosiaalitoimisto")["posts"]}
    assert texts == {"Sosiaalitoimisto auttoi minua."}


@pytest.mark.parametrize(
    "query, text",
    [
        ("hakemus", "Hakemuksen käsittely kesti kolme kuukautta."),
        ("asunto", "Vuokra-asunnon saaminen on vaikeaa."),
        ("Kela", "Soitin Kelaan eilen."),
        ("asiakasraati", "Asiakasraadin muistio on nyt luettavissa."),
        ("toimeentulotuki", "Toimeentulotuen päätös tuli vihdoin."),
    ],
)
def test_search_finds_inflections_and_compound_parts(make_topic, query, text):
    """By base form and compound part (kuulluksi.finnish), on SQLite and PostgreSQL alike."""
    topic = make_topic(title="Kokemuksia", body="Aloitus.")
    services.post_reply(author=topic.author, topic=topic, body=text)
    make_topic(title="Muuta", body="Tässä ei puhuta siitä.")
    assert [post.body for post in search_forum(query)["posts"]] == [text]


def test_search_provider_is_declared_and_returns_search_hits(topics, rf):
    _rent, kela = topics
    provider = import_string(apps.get_app_config("forum").search_provider)
    assert provider is search_topics
    results = search_topics("Sosiaalitoimisto", 5)
    assert results == [
        SearchHit(title=kela.title, url=kela.get_absolute_url(), summary="Sosiaalitoimisto auttoi minua.")
    ]
    # The site-wide search page calls it with keyword arguments.
    assert provider("Sosiaalitoimisto", request=rf.get("/search/"), limit=5) == results
    assert search_topics("   ", 5) == []
    assert len(search_topics("vuokravakuus", 1)) == 1


def test_forum_topics_appear_on_the_site_search_page(client, topics, home_page):
    _rent, kela = topics
    response = client.get("/search/", {"q": "Sosiaalitoimisto"})
    assert f'<a href="{kela.get_absolute_url()}">{kela.title}</a>' in response.text


def test_deleted_posts_are_not_found(topics):
    _rent, kela = topics
    reply = kela.posts.latest("id")
    services.delete_post(user=kela.author, post=reply)
    assert search_forum("Sosiaalitoimisto")["posts"] == []


def test_search_page(client, topics):
    response = client.get(reverse("forum:search"), {"q": "Sosiaalitoimisto"})
    assert response.status_code == 200
    assert "Kela ja toimeentulotuki" in response.text
    assert client.get(reverse("forum:search")).status_code == 200


def test_search_page_marks_the_words_that_matched_and_escapes_the_rest(client, make_topic):
    topic = make_topic(title="Kokemuksia", body="Aloitus.")
    services.post_reply(author=topic.author, topic=topic, body="Soitin <b>Kelaan</b> eilen & tänään.")
    html = client.get(reverse("forum:search"), {"q": "Kela"}).text
    assert "Soitin &lt;b&gt;<mark>Kelaan</mark>&lt;/b&gt; eilen &amp; tänään." in html


def test_atom_feed_per_category(client, topics):
    rent, _kela = topics
    response = client.get(reverse("forum:category_feed", args=["asuminen"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.text
    assert "<title>Vuokravakuus ja takuuvuokra</title>" in body
    assert "Kela ja toimeentulotuki" not in body
    assert f"<name>{rent.author.public_name}</name>" in body
    assert "&lt;p&gt;Kuka maksaa vakuuden?&lt;/p&gt;" in body
    assert client.get(reverse("forum:category_feed", args=["ei-ole"])).status_code == 404

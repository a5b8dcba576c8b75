"""Demo content, personal-data export, admin views, role permissions and the navigation link."""

import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils.module_loading import import_string

from forum import demo, services
from forum.models import Category, Post, Subscription, Topic

pytestmark = pytest.mark.django_db


def test_demo_is_finnish_and_idempotent(home_page, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 2  # the demo member's first posts pass the real review
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (Category.objects.count(), Topic.objects.count(), Post.objects.count())
    assert counts[0] == 6 and counts[1] == len(demo.TOPICS)
    assert Category.objects.filter(name="Toimeentulo ja etuudet").exists()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Category.objects.count(), Topic.objects.count(), Post.objects.count()) == counts
    assert all(topic.is_public for topic in Topic.objects.all())


def test_personal_data_export(make_topic, make_member):
    author = make_member()
    topic = make_topic(author=author, body="Minun tekstini")
    services.edit_post(user=author, post=topic.opening_post, body="Muokattu tekstini")
    other_topic = make_topic()
    services.toggle_thanks(user=author, post=other_topic.opening_post)
    services.follow(user=author, category=other_topic.category, email_digest=True)
    exporter = import_string(apps.get_app_config("forum").personal_data_exporter)
    data = exporter(author)
    json.dumps(data)  # JSON-serialisable
    assert [post["text"] for post in data["posts"]] == ["Muokattu tekstini"]
    assert data["posts"][0]["earlier_versions"][0]["text"] == "Minun tekstini"
    assert data["topics_started"][0]["title"] == topic.title
    assert data["thanks_given"] == [other_topic.opening_post.pk]
    assert {"topic": None, "category": other_topic.category.name, "email_digest": True} in data["following"]
    assert exporter(make_member())["posts"] == []


def test_account_deletion_keeps_posts_and_drops_follows(make_topic, make_member):
    from accounts.services import delete_account

    author = make_member()
    topic = make_topic(author=author, body="Jää talteen")
    delete_account(author)
    topic.opening_post.refresh_from_db()
    assert topic.opening_post.body == "Jää talteen"
    assert not Subscription.objects.filter(user=author).exists()
    assert str(topic.opening_post.author.public_name) == "poistettu käyttäjä"


def test_roles_get_forum_permissions(make_user):
    assert make_user(role="peer_moderator").has_perm("forum.moderate_forum")
    coordinator = make_user(role="coordinator")
    assert coordinator.has_perm("forum.moderate_forum") and coordinator.has_perm("forum.change_category")
    citizen = make_user(role="citizen")
    assert not citizen.has_perm("forum.moderate_forum")
    assert not make_user(role="peer_moderator").has_perm("forum.change_category")


def test_category_admin_is_for_coordinators(client, make_user, make_category):
    category = make_category()
    url = reverse("forum_categories:edit", args=[category.pk])
    client.force_login(make_user(role="peer_moderator"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(make_user(role="coordinator"))
    assert client.get(reverse("forum_categories:index")).status_code == 200
    form = {"name_fi": "Asuminen", "slug": "asuminen", "description_fi": "Kaikki asumisesta", "position": 1}
    response = client.post(url, {**form, "name_sv": "Boende"})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.name_sv, category.name_en) == ("Asuminen", "Boende", None)
    # The Finnish name is required, the translations are not.
    assert client.post(url, {**form, "name_fi": ""}).status_code == 200
    category.refresh_from_db()
    assert category.name == "Asuminen"


def test_pin_and_lock_are_for_moderators(client, make_topic, member, moderator):
    topic = make_topic()
    url = reverse("forum:moderate_topic", args=[topic.pk])
    client.force_login(member)
    assert client.post(url, {"action": "pin"}).status_code == 403
    client.force_login(moderator)
    assert "Kiinnitä" in client.get(topic.get_absolute_url()).text
    client.post(url, {"action": "pin"})
    client.post(url, {"action": "lock"})
    topic.refresh_from_db()
    assert topic.is_pinned and topic.is_locked
    assert client.post(url, {"action": "explode"}).status_code == 403
    client.post(url, {"action": "unpin"})
    client.post(url, {"action": "unlock"})
    topic.refresh_from_db()
    assert not topic.is_pinned and not topic.is_locked


def test_pinned_topics_come_first(client, make_topic, make_category, moderator):
    category = make_category()
    old = make_topic(category=category, title="Vanha ohje")
    make_topic(category=category, title="Tuore aihe")
    services.set_pinned(user=moderator, topic=old, pinned=True)
    text = client.get(category.get_absolute_url()).text
    assert text.index("Vanha ohje") < text.index("Tuore aihe")


def test_navigation_links_to_the_forum(client, home_page):
    assert f'href="{reverse("forum:index")}"' in client.get("/").text


def test_swedish_pages(client, make_topic):
    topic = make_topic()
    response = client.get("/sv" + topic.get_absolute_url())
    assert response.status_code == 200
    assert "Logga in för att svara" in response.text


def test_a_link_near_the_top_leads_past_the_posts_to_the_reply_box(client, make_topic, member):
    topic = make_topic(replies=3)
    client.force_login(member)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert html.index('href="#reply"') < html.index('class="post') < html.index('id="reply"')

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Notification
from forum import digest, services
from forum.models import Subscription

pytestmark = pytest.mark.django_db


def test_topic_followers_are_notified_of_replies_in_their_language(
    make_topic, make_member, django_capture_on_commit_callbacks
):
    topic = make_topic(title="Asumistuki")
    follower = make_member(language="sv")
    services.follow(user=follower, topic=topic)
    replier = make_member(pseudonym="kalle")
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_reply(author=replier, topic=topic, body="Uusi **vastaus**")
    notification = Notification.objects.get(recipient=follower)
    assert notification.title == "kalle svarade i Asumistuki"
    assert notification.body == "Uusi vastaus"
    assert notification.url == f"/sv/forum/p/{post.pk}/"
    # The topic's author follows their own topic; the replier is not told about their own reply.
    assert Notification.objects.filter(recipient=topic.author).count() == 1
    assert not Notification.objects.filter(recipient=replier).exists()


def test_category_followers_hear_of_new_topics_only(
    make_category, make_member, django_capture_on_commit_callbacks
):
    category = make_category(name="Asuminen")
    follower = make_member()
    services.follow(user=follower, category=category)
    author = make_member()
    with django_capture_on_commit_callbacks(execute=True):
        topic = services.create_topic(author=author, category=category, title="Vuokra", body="Hei")
    assert Notification.objects.get(recipient=follower).title == "Uusi aihe alueella Asuminen: Vuokra"
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(author=author, topic=topic, body="Lisää")
    assert Notification.objects.filter(recipient=follower).count() == 1


def test_nothing_is_sent_inside_the_transaction(make_topic, make_member, django_capture_on_commit_callbacks):
    topic, author = make_topic(), make_member()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.post_reply(author=author, topic=topic, body="Hei")
    assert not Notification.objects.exists()
    assert len(callbacks) == 1


def test_unfollow_stops_notifications(make_topic, make_member, django_capture_on_commit_callbacks):
    topic = make_topic()
    follower = make_member()
    services.follow(user=follower, topic=topic)
    services.unfollow(user=follower, topic=topic)
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(author=make_member(), topic=topic, body="Hei")
    assert not Notification.objects.filter(recipient=follower).exists()


def test_follow_buttons_without_javascript(client, make_topic, member):
    topic = make_topic()
    client.force_login(member)
    client.post(reverse("forum:follow_topic", args=[topic.pk]), {"action": "follow", "email_digest": "on"})
    subscription = Subscription.objects.get(user=member, topic=topic)
    assert subscription.email_digest
    client.post(reverse("forum:follow_category", args=[topic.category.slug]), {"action": "follow"})
    assert Subscription.objects.get(user=member, category=topic.category).email_digest is False
    page = client.get(reverse("forum:following"))
    assert topic.title in page.text and topic.category.name in page.text
    client.post(reverse("forum:follow_topic", args=[topic.pk]), {"action": "unfollow"})
    assert not Subscription.objects.filter(user=member, topic=topic).exists()


def test_following_twice_updates_instead_of_duplicating(make_topic, member):
    topic = make_topic()
    services.follow(user=member, topic=topic)
    services.follow(user=member, topic=topic, email_digest=True)
    assert Subscription.objects.get(user=member, topic=topic).email_digest


def test_digest_collects_new_posts_and_is_sent_once(
    make_topic, make_member, django_capture_on_commit_callbacks
):
    topic = make_topic(title="Kelan päätökset")
    reader = make_member(pseudonym="lukija", email="lukija@example.org")
    services.follow(user=reader, topic=topic, email_digest=True)
    quiet = make_member()
    services.follow(user=quiet, topic=topic)  # in-site notifications only
    services.post_reply(
        author=make_member(pseudonym="kirjoittaja"), topic=topic, body="Päätös tuli **viikossa**."
    )
    services.post_reply(author=reader, topic=topic, body="Oma viesti ei tule koosteeseen.")
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_digests() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lukija@example.org"]
    assert message.subject == "Kuulluksi-foorumi: 1 uusi viesti"
    assert "Kelan päätökset" in message.body
    assert "kirjoittaja: Päätös tuli viikossa." in message.body
    assert "Oma viesti" not in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_digests() == 0
    assert len(mail.outbox) == 1


def test_digest_command_runs_the_task(make_topic, make_member, django_capture_on_commit_callbacks):
    category_topic = make_topic()
    reader = make_member()
    services.follow(user=reader, category=category_topic.category, email_digest=True)
    make_topic(category=category_topic.category, title="Uusi aihe alueella")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("forum_send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert "Uusi aihe alueella" in mail.outbox[0].body


def test_a_swedish_readers_digest_is_in_swedish_and_links_to_the_swedish_pages(
    make_topic, make_member, django_capture_on_commit_callbacks
):
    topic = make_topic(title="Kelan päätökset")
    reader = make_member(pseudonym="lasare", email="lasare@example.org")
    reader.language = "sv"
    reader.save(update_fields=["language"])
    services.follow(user=reader, topic=topic, email_digest=True)
    services.post_reply(author=make_member(), topic=topic, body="Päätös tuli viikossa.")
    with django_capture_on_commit_callbacks(execute=True):
        assert digest.send_digests() == 1
    body = mail.outbox[0].body
    links = [word for word in body.split() if word.startswith("http")]
    assert links and all("/sv/" in link for link in links), body
    assert "uusi viesti" not in mail.outbox[0].subject

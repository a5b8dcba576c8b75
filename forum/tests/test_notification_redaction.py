"""A follower's notification quotes a reply; once the reply is hidden, removed or deleted, neither the
notification list nor the follower's data export may still hold its text."""

import pytest
from django.urls import reverse

from accounts.models import Notification
from forum import services
from moderation import services as moderation
from moderation.models import Rule

pytestmark = pytest.mark.django_db

SECRET = "Soita minulle 0401234567"


@pytest.fixture
def followed_reply(make_topic, make_member, django_capture_on_commit_callbacks):
    topic = make_topic()
    follower = make_member(language="sv")
    services.follow(user=follower, topic=topic)
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.post_reply(author=make_member(), topic=topic, body=SECRET)
    assert SECRET in Notification.objects.get(recipient=follower).body
    return follower, reply


def _what_the_follower_reads(client, follower) -> str:
    client.force_login(follower)
    listing = client.get(reverse("accounts:notifications")).content.decode()
    export = client.get(reverse("accounts:export")).content.decode()
    return listing + export


@pytest.mark.parametrize("action", ["hide", "remove"])
def test_a_moderated_reply_leaves_the_followers_notification_and_export(
    client, followed_reply, moderator, action, django_capture_on_commit_callbacks
):
    follower, reply = followed_reply
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide_content(reply, moderator=moderator, action=action, rule=Rule.objects.get(number=2))
    assert "0401234567" not in _what_the_follower_reads(client, follower)
    assert Notification.objects.get(recipient=follower).body == "Det här meddelandet visas inte längre."


def test_a_reply_its_author_deleted_leaves_the_followers_notification(client, followed_reply):
    follower, reply = followed_reply
    services.delete_post(user=reply.author, post=reply)
    assert "0401234567" not in _what_the_follower_reads(client, follower)


def test_a_moderators_edit_and_a_reinstatement_show_what_readers_see(
    followed_reply, moderator, make_member, django_capture_on_commit_callbacks
):
    follower, reply = followed_reply
    rule = Rule.objects.get(number=2)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide_content(
            reply, moderator=moderator, action="edit", rule=rule, edited_text="Soita minulle [poistettu]"
        )
    assert Notification.objects.get(recipient=follower).body == "Soita minulle [poistettu]"
    with django_capture_on_commit_callbacks(execute=True):
        decision = moderation.decide_content(reply, moderator=moderator, action="hide", rule=rule)
    appeal = moderation.file_appeal(decision, author=reply.author, text="Ei rikkonut sääntöjä.")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.decide_appeal(appeal, moderator=make_member(role="coordinator"), overturn=True)
    assert Notification.objects.get(recipient=follower).body == "Soita minulle [poistettu]"


def test_notifications_from_before_are_tied_to_their_post_and_redacted(make_topic, make_member, moderator):
    """The data migration: older notifications carried only the post's link."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("forum.migrations.0002_follower_notifications_about_their_post")
    topic = make_topic()
    hidden = services.post_reply(author=make_member(), topic=topic, body=SECRET)
    shown = services.post_reply(author=make_member(), topic=topic, body="Julkinen vastaus")
    moderation.decide_content(hidden, moderator=moderator, action="hide", rule=Rule.objects.get(number=2))
    follower = make_member(language="sv")
    old_hidden = Notification.objects.create(
        recipient=follower, title="t", body=SECRET, url=f"/sv/forum/p/{hidden.pk}/"
    )
    old_shown = Notification.objects.create(
        recipient=follower, title="t", body="Julkinen", url=f"/forum/p/{shown.pk}/"
    )
    unrelated = Notification.objects.create(recipient=follower, title="t", body=SECRET, url="/chat/")
    migration.name_the_posts(apps, None)
    old_hidden.refresh_from_db()
    old_shown.refresh_from_db()
    assert old_hidden.body == "Det här meddelandet visas inte längre." and old_hidden.about_id == str(
        hidden.pk
    )
    assert old_shown.body == "Julkinen" and old_shown.about_id == str(shown.pk)
    assert Notification.objects.get(pk=unrelated.pk).about_type is None

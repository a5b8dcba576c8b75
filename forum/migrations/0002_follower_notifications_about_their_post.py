"""Notifications of new replies written before they named their post: find the post by the link, and
take the text out of those whose post is no longer shown (see digest.refresh_follower_notifications)."""

import re

from django.db import migrations
from django.utils import translation
from django.utils.translation import gettext

POST_LINK = re.compile(r"^(?:/(?:sv|en))?/forum/p/(\d+)/$")


def name_the_posts(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Notification = apps.get_model("accounts", "Notification")
    Post = apps.get_model("forum", "Post")
    post_type, _created = ContentType.objects.get_or_create(app_label="forum", model="post")
    candidates = Notification.objects.filter(about_type=None, url__regex=r"^(/(sv|en))?/forum/p/[0-9]+/$")
    for notification in candidates.select_related("recipient").iterator():
        post_id = int(POST_LINK.match(notification.url).group(1))
        post = Post.objects.filter(pk=post_id).only("moderation_state", "deleted_at").first()
        notification.about_type = post_type
        notification.about_id = str(post_id)
        if post is None or post.moderation_state != "published" or post.deleted_at is not None:
            with translation.override(notification.recipient.language):
                notification.body = gettext("This message is no longer shown.")
        notification.save(update_fields=["about_type", "about_id", "body"])


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0001_initial"),
        ("accounts", "0002_notification_about"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(name_the_posts, migrations.RunPython.noop)]

"""Receivers of other apps' signals, connected in ForumConfig.ready."""

from moderation.models import ModerationState

from . import digest, tasks
from .models import Post
from .services import refresh_counters


def on_content_moderated(sender, instance, old_state, new_state, **kwargs) -> None:
    """A moderator's decision changed a post: recount, and tell followers once it is out."""
    if sender is not Post:
        return
    refresh_counters(instance.topic)
    digest.refresh_follower_notifications(instance)
    if old_state == ModerationState.HELD and new_state == ModerationState.PUBLISHED:
        tasks.notify_followers.enqueue(post_id=instance.pk)

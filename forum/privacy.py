"""The forum's part of a person's data export and account deletion (named on ForumConfig)."""

from .models import Post, Reaction, Subscription, Topic
from .selectors import subscriptions_of


def export_personal_data(user) -> dict:
    """What the forum holds about ``user``, as JSON-serialisable data (for the account data export)."""
    posts = (
        Post.objects.filter(author=user)
        .select_related("topic__category")
        .prefetch_related("revisions")
        .order_by("created_at", "id")
    )
    return {
        "topics_started": [
            {"id": topic.pk, "title": topic.title, "created_at": topic.created_at.isoformat()}
            for topic in Topic.objects.filter(author=user).order_by("created_at", "id")
        ],
        "posts": [
            {
                "id": post.pk,
                "topic": post.topic.title,
                "category": post.topic.category.name,
                "created_at": post.created_at.isoformat(),
                "edited_at": post.edited_at.isoformat() if post.edited_at else None,
                "deleted_at": post.deleted_at.isoformat() if post.deleted_at else None,
                "text": post.body,
                "earlier_versions": [
                    {"text": revision.body, "replaced_at": revision.replaced_at.isoformat()}
                    for revision in post.revisions.all()
                ],
            }
            for post in posts
        ],
        "thanks_given": list(
            Reaction.objects.filter(user=user).order_by("created_at").values_list("post_id", flat=True)
        ),
        "following": [
            {
                "topic": subscription.topic.title if subscription.topic else None,
                "category": subscription.category.name if subscription.category else None,
                "email_digest": subscription.email_digest,
            }
            for subscription in subscriptions_of(user)
        ],
    }


def erase_personal_data(user) -> None:
    """When an account is deleted: what they follow goes; what they wrote stays, under "deleted user"."""
    Subscription.objects.filter(user=user).delete()

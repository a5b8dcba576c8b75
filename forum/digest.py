"""Telling followers about new posts: in-site notifications at once, and an optional e-mail digest."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.notifications import notify, rewrite_about
from accounts.tasks import send_email

from . import markup
from .models import Subscription
from .selectors import published_posts


def notify_followers(post_id: int) -> int:
    """Followers of the topic hear of a reply; followers of the category hear of a new topic."""
    post = published_posts().filter(pk=post_id).select_related("topic__category", "author").first()
    if post is None:
        return 0
    topic = post.topic
    if post.is_opening_post:
        subscriptions = Subscription.objects.filter(category=topic.category)
    else:
        subscriptions = Subscription.objects.filter(topic=topic)
    recipients = (
        get_user_model()
        .objects.filter(pk__in=subscriptions.values("user_id"), deleted_at__isnull=True, is_active=True)
        .exclude(pk=post.author_id)
    )
    count = 0
    for user in recipients:
        with translation.override(user.language):
            if post.is_opening_post:
                title = _("New topic in %(category)s: %(title)s") % {
                    "category": topic.category.name,
                    "title": topic.title,
                }
            else:
                title = _("%(author)s replied in %(title)s") % {
                    "author": post.author.public_name,
                    "title": topic.title,
                }
            notify(
                user,
                title=title[:200],
                body=markup.plain_excerpt(post.body_html),
                url=post.get_absolute_url(),
                about=post,
            )
        count += 1
    return count


def refresh_follower_notifications(post) -> None:
    """Followers' notifications quote a post as readers see it: its text while it is published, a
    placeholder once it is held, hidden, removed or deleted (so neither their list nor their data
    export keeps what nobody may read any more)."""
    if post.is_published and not post.is_deleted:
        rewrite_about(post, lambda: markup.plain_excerpt(post.body_html))
    else:
        rewrite_about(post, lambda: _("This message is no longer shown."))


def _digest_lines(user, posts) -> list[str]:
    lines = [_("New in the Kuulluksi forum topics and categories you follow:"), ""]
    by_topic = defaultdict(list)
    for post in posts:
        by_topic[post.topic].append(post)
    for topic, topic_posts in by_topic.items():
        lines.append(f"{topic.title} ({topic.category.name})")
        for post in topic_posts:
            lines.append(f"  {post.author.public_name}: {markup.plain_excerpt(post.body_html, 160)}")
        lines.append("  " + _("Read: %(url)s") % {"url": _absolute(topic.get_absolute_url())})
        lines.append("")
    lines.append(
        _("You get this e-mail because you asked for a digest when following. Change it here: %(url)s")
        % {"url": _absolute(reverse("forum:following"))}
    )
    return lines


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_digests(now=None) -> int:
    """One e-mail per person with new, public posts since their last digest (their own excluded)."""
    now = now or timezone.now()
    subscriptions = (
        Subscription.objects.filter(email_digest=True, user__is_active=True, user__deleted_at__isnull=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user_id")
    )
    by_user = defaultdict(list)
    for subscription in subscriptions:
        by_user[subscription.user].append(subscription)
    sent = 0
    for user, user_subscriptions in by_user.items():
        posts = []
        for subscription in user_subscriptions:
            since = subscription.digested_until or subscription.created_at
            candidates = published_posts().filter(created_at__gt=since, created_at__lte=now)
            if subscription.topic_id:
                candidates = candidates.filter(topic_id=subscription.topic_id)
            else:
                candidates = candidates.filter(
                    topic__category_id=subscription.category_id, topic__opening_post_id=F("pk")
                )
            posts.extend(candidates.exclude(author=user).select_related("topic__category", "author"))
        unique_posts = sorted(
            {post.pk: post for post in posts}.values(), key=lambda post: (post.created_at, post.pk)
        )
        Subscription.objects.filter(pk__in=[s.pk for s in user_subscriptions]).update(digested_until=now)
        if not unique_posts:
            continue
        with translation.override(user.language):
            subject = ngettext(
                "Kuulluksi forum: %(count)d new message",
                "Kuulluksi forum: %(count)d new messages",
                len(unique_posts),
            ) % {"count": len(unique_posts)}
            body = "\n".join(_digest_lines(user, unique_posts))
        transaction.on_commit(
            lambda u=user, s=subject, b=body: send_email.enqueue(to=u.email, subject=s, body=b)
        )
        sent += 1
    return sent

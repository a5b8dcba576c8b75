"""Every change to the forum: one function per verb (permission check, transaction, notifications)."""

from collections.abc import Callable
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kuulluksi import languages
from moderation import services as moderation
from moderation.models import ModerationState

from . import conf, digest, markup, tasks
from .models import Category, Post, PostRevision, Reaction, Subscription, Topic
from .selectors import can_moderate, published_posts, thread_posts


# --- Validation -------------------------------------------------------------------------------
def clean_title(title: str) -> str:
    title = markup.clean_title(title)
    if not title:
        raise ValidationError({"title": _("Write a title.")})
    limit = conf.title_max_length()
    if len(title) > limit:
        raise ValidationError(
            {
                "title": _("The title is %(length)d characters long; at most %(limit)d fit.")
                % {"length": len(title), "limit": limit}
            }
        )
    return title


def clean_body(body: str) -> str:
    body = markup.clean_text(body).strip("\n")
    if not body.strip():
        raise ValidationError({"body": _("Write something before sending.")})
    limit = conf.body_max_length()
    if len(body) > limit:
        raise ValidationError(
            {
                "body": _(
                    "The text is %(length)d characters long; at most %(limit)d fit. Shorten it a little."
                )
                % {"length": len(body), "limit": limit}
            }
        )
    return body


def check_posting_limits(user, *, now=None) -> None:
    """New accounts post more slowly and at most ``conf.new_user_daily_cap()`` times on their first day."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to write in the forum."))
    now = now or timezone.now()
    if user.date_joined <= now - conf.new_user_period() or can_moderate(user):
        return
    recent = Post.objects.filter(author=user, created_at__gt=user.date_joined).aggregate(
        count=Count("id"), latest=Max("created_at")
    )
    cap = conf.new_user_daily_cap()
    if recent["count"] >= cap:
        allowed_at = timezone.localtime(user.date_joined + conf.new_user_period())
        raise ValidationError(
            ngettext(
                "New members can write %(cap)d message on their first day. You can write again on %(time)s.",
                "New members can write %(cap)d messages on their first day. You can write again on %(time)s.",
                cap,
            )
            % {"cap": cap, "time": formats.date_format(allowed_at, "DATETIME_FORMAT")},
            code="daily_cap",
        )
    interval = conf.new_user_min_interval()
    if recent["latest"] and now - recent["latest"] < interval:
        wait = int((recent["latest"] + interval - now).total_seconds()) + 1
        raise ValidationError(
            ngettext(
                "New members wait a moment between messages. You can send this in %(seconds)d second.",
                "New members wait a moment between messages. You can send this in %(seconds)d seconds.",
                wait,
            )
            % {"seconds": wait},
            code="too_fast",
        )


# --- Writing ----------------------------------------------------------------------------------
@contextmanager
def _refused_as_invalid():
    """A sanctioned author or a blocked text becomes the form's error (the block names the rule)."""
    try:
        yield
    except moderation.PostingNotAllowed as error:
        raise ValidationError(str(error), code="sanction") from None
    except moderation.SubmissionBlocked as error:
        raise ValidationError({"body": str(error)}, code="blocked") from None


def _submit_post(*, author, text: str, save: Callable[[str], Post]) -> Post:
    """Post through moderation (check, ``save(initial_state)``, record) and attach what the author is
    told about it (e.g. that it waits for a moderator; empty when published) as ``moderation_notice``."""
    with _refused_as_invalid():
        post, verdict = moderation.submit(author=author, text=text, save=save)
    post.moderation_notice = verdict.message
    return post


def _new_post(*, author, topic, body: str, moderation_state: str) -> Post:
    return Post.objects.create(
        topic=topic,
        author=author,
        body=body,
        body_html=markup.render(body),
        moderation_state=moderation_state,
        language=languages.active(),
    )


def _validated(**fields) -> dict:
    """Clean ``title`` and/or ``body``, collecting every error so that the form shows them all at once."""
    cleaners = {"title": clean_title, "body": clean_body}
    cleaned, errors = {}, {}
    for name, value in fields.items():
        try:
            cleaned[name] = cleaners[name](value)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def create_topic(
    *, author, category: Category, title: str, body: str, apply_new_user_limits: bool = True
) -> Topic:
    """Start a topic with its opening post. The author follows the topic from then on.

    The title and the text are screened together. ``apply_new_user_limits=False`` is for content the
    site itself loads (the demo); moderation applies to everyone. ``topic.opening_post.moderation_notice``
    tells the author when the post waits for a moderator.
    """
    cleaned = _validated(title=title, body=body)
    if apply_new_user_limits:
        check_posting_limits(author)

    def save(moderation_state: str) -> Post:
        topic = Topic.objects.create(
            category=category, title=cleaned["title"], author=author, language=languages.active()
        )
        post = _new_post(author=author, topic=topic, body=cleaned["body"], moderation_state=moderation_state)
        topic.opening_post = post
        topic.save(update_fields=["opening_post"])
        Subscription.objects.get_or_create(user=author, topic=topic)
        refresh_counters(topic)
        _after_publish(post)
        return post

    post = _submit_post(author=author, text=f"{cleaned['title']}\n\n{cleaned['body']}", save=save)
    return post.topic


def post_reply(*, author, topic: Topic, body: str, apply_new_user_limits: bool = True) -> Post:
    """Reply in a topic. ``post.moderation_notice`` tells the author when it waits for a moderator."""
    body = _validated(body=body)["body"]
    if not author.is_authenticated:
        raise PermissionDenied(_("Log in to write in the forum."))
    if topic.is_locked and not can_moderate(author):
        raise PermissionDenied(_("This topic is locked: no new replies."))
    if not topic.is_public and not can_moderate(author):
        raise PermissionDenied(_("This topic is not open for replies."))
    if apply_new_user_limits:
        check_posting_limits(author)

    def save(moderation_state: str) -> Post:
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        post = _new_post(author=author, topic=locked, body=body, moderation_state=moderation_state)
        refresh_counters(locked)
        _after_publish(post)
        return post

    return _submit_post(author=author, text=body, save=save)


def _after_publish(post: Post) -> None:
    """Tell the followers about a published post after commit, in the background."""
    if post.is_published:
        transaction.on_commit(lambda: tasks.notify_followers.enqueue(post_id=post.pk))


def can_edit(user, post: Post, *, now=None) -> bool:
    """The author, within the edit window, while no moderator has hidden or removed the post."""
    now = now or timezone.now()
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and not post.is_deleted
        and post.moderation_state in (ModerationState.PUBLISHED, ModerationState.HELD)
        and now - post.created_at <= conf.edit_window()
    )


def _keep_revision(post: Post, *, edited_by, old_title: str = "") -> None:
    PostRevision.objects.create(post=post, body=post.body, title=old_title, edited_by=edited_by)


def edit_post(*, user, post: Post, body: str, title: str | None = None) -> Post:
    """The author edits within the edit window; the earlier text is kept for moderators.

    The new text is screened again. A held edit goes to the moderation queue; the first-posts rule
    for new members does not hold an edit of a post that is already out.
    """
    if not can_edit(user, post):
        raise PermissionDenied(
            _("You can edit a message only for %(minutes)d minutes after sending it.")
            % {"minutes": conf.edit_window().total_seconds() // 60}
        )
    topic = post.topic
    editing_title = title is not None and post.is_opening_post
    cleaned = _validated(**({"title": title, "body": body} if editing_title else {"body": body}))
    new_title = cleaned.get("title", topic.title)
    title_changed = new_title != topic.title
    if cleaned["body"] == post.body and not title_changed:
        post.moderation_notice = ""
        return post
    text = f"{new_title}\n\n{cleaned['body']}" if post.is_opening_post else cleaned["body"]
    with _refused_as_invalid():
        verdict = moderation.check_edit(author=user, text=text)
    with transaction.atomic():
        _keep_revision(post, edited_by=user, old_title=topic.title if title_changed else "")
        if title_changed:
            topic.title = new_title
            topic.save(update_fields=["title"])
        post.body = cleaned["body"]
        post.body_html = markup.render(post.body)
        post.edited_at = timezone.now()
        fields = ["body", "body_html", "edited_at"]
        was_held = post.moderation_state == ModerationState.HELD
        if verdict.action == moderation.HOLD:
            post.moderation_state = ModerationState.HELD
            fields.append("moderation_state")
        post.save(update_fields=fields)
        if verdict.reason and not was_held:
            moderation.record_submission(post, verdict)
        refresh_counters(topic)
    post.moderation_notice = verdict.message if post.moderation_state == ModerationState.HELD else ""
    return post


@transaction.atomic
def apply_moderator_edit(post: Post, new_text: str) -> Post:
    """A moderator's edit (moderation's "edit" decision): rendered like any text, the old one kept."""
    _keep_revision(post, edited_by=None)
    post.body = markup.clean_text(new_text).strip("\n")
    post.body_html = markup.render(post.body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at"])
    touch(post.topic, category=False)
    return post


@transaction.atomic
def delete_post(*, user, post: Post) -> Post:
    """The author deletes their own post: its text and earlier versions are erased, a placeholder stays."""
    if not user.is_authenticated or post.author_id != user.pk:
        raise PermissionDenied(_("You can delete only your own messages."))
    if post.is_deleted:
        return post
    post.revisions.all().delete()
    post.body = ""
    post.body_html = ""
    post.deleted_at = timezone.now()
    post.save(update_fields=["body", "body_html", "deleted_at"])
    refresh_counters(post.topic)
    digest.refresh_follower_notifications(post)
    return post


def refresh_counters(topic: Topic) -> None:
    """Recount a topic and its category from the rows (a few aggregate queries, never per post).

    ``post_count`` counts the posts that take a place in the thread for everyone (placeholders
    included); the latest post is the latest readable one. A topic is public while its opening
    post is published.
    """
    readable = published_posts().filter(topic=topic)
    count = thread_posts().filter(topic=topic).count()
    held = Post.objects.filter(topic=topic, moderation_state=ModerationState.HELD).count()
    last_post = readable.order_by("-created_at", "-id").only("author_id", "created_at").first()
    is_public = (
        topic.opening_post_id is not None
        and published_posts(include_deleted=True).filter(pk=topic.opening_post_id).exists()
    )
    Topic.objects.filter(pk=topic.pk).update(
        version=F("version") + 1,
        post_count=count,
        held_count=held,
        last_post_at=last_post.created_at if last_post else topic.created_at,
        last_poster_id=last_post.author_id if last_post else None,
        is_public=is_public,
    )
    category_stats = Topic.objects.filter(category_id=topic.category_id, is_public=True).aggregate(
        topics=Count("id"), posts=Coalesce(Sum("post_count"), 0), last=Max("last_post_at")
    )
    Category.objects.filter(pk=topic.category_id).update(
        version=F("version") + 1,
        topic_count=category_stats["topics"],
        post_count=category_stats["posts"],
        last_post_at=category_stats["last"],
    )
    topic.refresh_from_db(
        fields=["post_count", "held_count", "last_post_at", "last_poster", "is_public", "version"]
    )


def touch(topic: Topic, *, category: bool = True) -> None:
    """Something on the topic page (and with ``category``, on the category page) changed."""
    Topic.objects.filter(pk=topic.pk).update(version=F("version") + 1)
    if category:
        Category.objects.filter(pk=topic.category_id).update(version=F("version") + 1)


# --- Thanks -----------------------------------------------------------------------------------
@transaction.atomic
def toggle_thanks(*, user, post: Post) -> bool:
    """Add the user's thanks to a post, or take it back. Returns whether the thanks is now given."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to thank."))
    if post.author_id == user.pk:
        raise PermissionDenied(_("You cannot thank your own message."))
    if post.is_deleted or not post.is_published:
        raise PermissionDenied(_("This message cannot be thanked."))
    deleted, _rows = Reaction.objects.filter(post=post, user=user).delete()
    if deleted:
        Post.objects.filter(pk=post.pk).update(reaction_count=F("reaction_count") - 1)
        touch(post.topic, category=False)
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(post=post, user=user)
    except IntegrityError:  # the same person's other request won the race: it counted already
        return True
    Post.objects.filter(pk=post.pk).update(reaction_count=F("reaction_count") + 1)
    touch(post.topic, category=False)
    return True


# --- Following --------------------------------------------------------------------------------
def _subscription_target(topic, category) -> dict:
    if (topic is None) == (category is None):
        raise ValueError("Follow either a topic or a category.")
    return {"topic": topic} if topic is not None else {"category": category}


def follow(*, user, topic: Topic | None = None, category: Category | None = None, email_digest=False):
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to follow."))
    target = _subscription_target(topic, category)
    subscription, _created = Subscription.objects.update_or_create(
        user=user,
        **target,
        defaults={"email_digest": email_digest},
        create_defaults={"email_digest": email_digest, "digested_until": timezone.now()},
    )
    return subscription


def unfollow(*, user, topic: Topic | None = None, category: Category | None = None) -> None:
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to follow."))
    Subscription.objects.filter(user=user, **_subscription_target(topic, category)).delete()


# --- Moderator actions on topics ----------------------------------------------------------------
def set_pinned(*, user, topic: Topic, pinned: bool) -> Topic:
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators can pin topics."))
    Topic.objects.filter(pk=topic.pk).update(is_pinned=pinned)
    touch(topic)
    topic.is_pinned = pinned
    return topic


def set_locked(*, user, topic: Topic, locked: bool) -> Topic:
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators can lock topics."))
    Topic.objects.filter(pk=topic.pk).update(is_locked=locked)
    touch(topic)
    topic.is_locked = locked
    return topic

"""Read queries. Each page runs a fixed number of queries whatever the amount of data."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import Http404

from moderation import selectors as moderation_selectors
from moderation.models import ModerationState

from . import conf
from .models import Category, Post, Reaction, Subscription, Topic


def can_moderate(user) -> bool:
    """Peer moderators and coordinators pin and lock topics and read edit histories."""
    return user.is_authenticated and user.has_perm("forum.moderate_forum")


def is_moderator(user) -> bool:
    """Moderation's own test: who may read held, hidden and removed posts."""
    return user.is_authenticated and user.has_perm("moderation.work_queue")


def thread_posts() -> QuerySet[Post]:
    """Posts that take a place in the thread for everyone: all but those waiting for a moderator.

    Hidden, removed and deleted posts stay in place as placeholders, so that replies keep their context.
    """
    return Post.objects.exclude(moderation_state=ModerationState.HELD)


def published_posts(*, include_deleted=False) -> QuerySet[Post]:
    """Posts whose text everyone may read."""
    posts = Post.objects.filter(moderation_state=ModerationState.PUBLISHED)
    return posts if include_deleted else posts.filter(deleted_at=None)


def posts_visible_to(user) -> QuerySet[Post]:
    """The posts this person sees in a thread: the thread, plus their own held posts; moderators see all."""
    if is_moderator(user):
        return Post.objects.all()
    if user.is_authenticated:
        return Post.objects.exclude(Q(moderation_state=ModerationState.HELD) & ~Q(author=user))
    return thread_posts()


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def get_category(slug: str) -> Category:
    try:
        return Category.objects.get(slug=slug)
    except Category.DoesNotExist:
        raise Http404 from None


def get_topic(pk: int, user) -> Topic:
    """The topic, if this person may read it (a topic whose opening post waits for review is hidden)."""
    topic = Topic.objects.select_related("category").filter(pk=pk).first()
    if topic is None:
        raise Http404
    if not topic.is_public and not (is_moderator(user) or topic.author_id == getattr(user, "pk", None)):
        raise Http404
    return topic


def quotable_post(pk: int, user, *, topic: Topic) -> Post | None:
    """The post whose text may fill this person's reply box, or None.

    Members quote published posts only: the text of a held, hidden or removed post must not come back
    through the reply form. Moderators, who read every post anyway, may quote anything.
    """
    posts = Post.objects.all() if is_moderator(user) else published_posts()
    return posts.select_related("author").filter(pk=pk, topic=topic, deleted_at=None).first()


def get_post(pk: int, user) -> Post:
    post = (
        posts_visible_to(user)
        .select_related("topic__category", "topic__opening_post", "author", "moderation_rule")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    return post


class _CountedPaginator(Paginator):
    """A paginator told the number of rows by a kept counter, so that it does not count them.

    A page in the second half is read from the end (the ordering reversed, then the rows turned back):
    with ``OFFSET`` from the start, the last page of a 5,000-post topic made the database walk past
    4,980 rows first.
    """

    def __init__(self, object_list: QuerySet, per_page, *, count: int):
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.queryset = object_list
        self.__dict__["count"] = count  # fills the cached_property

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom <= self.count - top:
            return super().page(number)
        from_end = list(self.queryset.reverse()[self.count - top : self.count - bottom])
        return Page(from_end[::-1], number, self)


def _page(queryset, number, per_page, *, count: int | None = None) -> Page:
    if count is None:
        return Paginator(queryset, per_page, allow_empty_first_page=True).get_page(number)
    return _CountedPaginator(queryset, per_page, count=count).get_page(number)


def category_topics(category: Category, page_number) -> Page:
    """A page of the category's public topics, pinned first. Counted by ``category.topic_count``."""
    topics = (
        Topic.objects.filter(category=category, is_public=True)
        .select_related("author", "last_poster")
        .order_by("-is_pinned", "-last_post_at", "-id")
    )
    return _page(topics, page_number, conf.topics_per_page(), count=category.topic_count)


@dataclass
class TopicPage:
    topic: Topic
    posts: Page
    thanked_post_ids: set[int]
    subscription: Subscription | None
    can_moderate: bool


def topic_page(topic: Topic, user, page_number) -> TopicPage:
    posts = (
        posts_visible_to(user)
        .filter(topic=topic)
        .select_related("author", "moderation_rule")
        .order_by("created_at", "id")
    )
    # Everyone sees exactly the posts ``post_count`` counts, except moderators and the authors of
    # held posts while there are any.
    count = topic.post_count if not user.is_authenticated or not topic.held_count else None
    page = _page(posts, page_number, conf.posts_per_page(), count=count)
    thanked, subscription = set(), None
    if user.is_authenticated:
        post_ids = [post.pk for post in page.object_list]
        thanked = set(
            Reaction.objects.filter(user=user, post_id__in=post_ids).values_list("post_id", flat=True)
        )
        subscription = Subscription.objects.filter(user=user, topic=topic).first()
        _mark_appealable(page.object_list, user)
    return TopicPage(topic, page, thanked, subscription, can_moderate(user))


def _mark_appealable(posts, user) -> None:
    """Give the reader's own hidden or removed posts the decision they may appeal from
    (``post.appealable_decision``), so that the appeal is offered beside the post itself."""
    own = [
        post
        for post in posts
        if post.author_id == user.pk
        and not post.is_deleted
        and post.moderation_state in (ModerationState.HIDDEN, ModerationState.REMOVED)
    ]
    decisions = moderation_selectors.latest_decisions_for_author(own, user)
    for post in own:
        post.appealable_decision = decisions.get(post.pk)


def post_page_number(post: Post, user) -> int:
    """The page of its topic on which ``post`` appears for this reader."""
    before = (
        posts_visible_to(user)
        .filter(topic_id=post.topic_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, id__lt=post.pk))
        .count()
    )
    return before // conf.posts_per_page() + 1


def category_subscription(category: Category, user) -> Subscription | None:
    if not user.is_authenticated:
        return None
    return Subscription.objects.filter(user=user, category=category).first()


def latest_topics(category: Category, limit: int) -> QuerySet[Topic]:
    return (
        Topic.objects.filter(category=category, is_public=True)
        .select_related("author", "opening_post")
        .order_by("-created_at", "-id")[:limit]
    )


def subscriptions_of(user) -> QuerySet[Subscription]:
    return Subscription.objects.filter(user=user).select_related("topic", "category").order_by("-created_at")

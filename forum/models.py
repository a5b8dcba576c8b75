"""Categories hold topics; topics hold posts. The opening post of a topic is its first post.

Text is stored twice: ``body`` as typed (cleaned of control characters) and ``body_html``, rendered and
sanitised once when written (``forum.markup``). Counters on topics and categories are kept by the
services (``services.refresh_counters``) so that list pages never count rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from kuulluksi import finnish, languages
from moderation.models import ModeratedContent, ModerationState


class Category(languages.TranslatedTexts, models.Model):
    """A discussion area, e.g. "Asuminen". Managed by coordinators in the Wagtail admin."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    topic_count = models.PositiveIntegerField(_("topics"), default=0, editable=False)
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    last_post_at = models.DateTimeField(_("latest post"), null=True, blank=True, editable=False)
    # Bumped by every change that shows on the category page: the key of its cached topic list.
    version = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldPanel("name_fi"),
        FieldPanel("slug"),
        FieldPanel("description_fi"),
        FieldPanel("position"),
        *languages.translation_panels("name", "description"),
    ]
    base_form_class = languages.TranslationsOptionalForm

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        permissions = [("moderate_forum", _("Can pin and lock topics and read edit histories"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("forum:category", kwargs={"slug": self.slug})


class Topic(index.Indexed, models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="topics", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200)
    # The language the writer used the site in when writing: the text is marked with it (``lang``), so
    # that a Finnish post on a Swedish page is read out as Finnish.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_topics",
        verbose_name=_("author"),
    )
    opening_post = models.OneToOneField(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False)
    # Kept by services.refresh_counters: true while the opening post may be shown to everyone.
    is_public = models.BooleanField(_("public"), default=False, editable=False)
    # Kept by services.refresh_counters: visible posts only.
    post_count = models.PositiveIntegerField(_("posts"), default=0, editable=False)
    # Kept by services.refresh_counters: posts waiting for a moderator (only they and their authors
    # see them). While there are none, every reader's pager can trust ``post_count``.
    held_count = models.PositiveIntegerField(default=0, editable=False)
    last_post_at = models.DateTimeField(
        _("latest post"), null=True, blank=True, db_index=True, editable=False
    )
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # Bumped by every change that shows on the topic page: the key of its cached post list.
    version = models.PositiveIntegerField(default=0, editable=False)

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("title_base_forms"),
        index.AutocompleteField("title"),
        index.FilterField("category"),
        index.FilterField("is_public"),
    ]

    class Meta:
        ordering = ["-is_pinned", "-last_post_at", "-id"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [models.Index(fields=["category", "is_public", "-is_pinned", "-last_post_at", "-id"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:topic", kwargs={"pk": self.pk})

    def title_base_forms(self) -> str:
        """Base forms and compound parts of the title, indexed for search (``kuulluksi.finnish``)."""
        return finnish.index_text(self.title)

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)


class Post(index.Indexed, ModeratedContent):
    """A message in a topic. Moderation (``moderation_state``) decides who may read its text."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts", verbose_name=_("topic"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="forum_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    # The language the writer used the site in when writing: the text is marked with it (``lang``), so
    # that a Finnish post on a Swedish page is read out as Finnish.
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(_("deleted by the author at"), null=True, blank=True, editable=False)
    reaction_count = models.PositiveIntegerField(_("thanks"), default=0, editable=False)

    search_fields = [
        index.SearchField("body"),
        index.SearchField("body_base_forms"),
        index.FilterField("topic"),
        index.FilterField("deleted_at"),
        index.FilterField("moderation_state"),
    ]

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["topic", "created_at", "id"]),
            models.Index(fields=["author", "created_at"]),
        ]

    def __str__(self):
        return f"{self.topic} #{self.pk}"

    def get_absolute_url(self):
        return reverse("forum:post", kwargs={"pk": self.pk})

    def body_base_forms(self) -> str:
        """Base forms and compound parts of the text, indexed for search (``kuulluksi.finnish``)."""
        return finnish.index_text(self.body)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_published(self) -> bool:
        return self.moderation_state == ModerationState.PUBLISHED

    # --- ModeratedContent ---------------------------------------------------------------------
    def moderation_author(self):
        return self.author

    def moderation_text(self) -> str:
        return self.body

    def moderation_context(self) -> list[tuple[str, str]]:
        """The topic title and the five posts before this one, oldest first."""
        earlier = (
            Post.objects.filter(topic_id=self.topic_id, deleted_at=None)
            .filter(
                models.Q(created_at__lt=self.created_at)
                | models.Q(created_at=self.created_at, id__lt=self.pk)
            )
            .select_related("author")
            .order_by("-created_at", "-id")[:5]
        )
        context = [(str(post.author.public_name), post.body) for post in earlier][::-1]
        return [(str(_("Topic")), self.topic.title), *context]

    def apply_moderator_edit(self, new_text: str) -> None:
        """A moderator's edit: the earlier text stays in the edit history."""
        from . import services

        services.apply_moderator_edit(self, new_text)

    @property
    def is_opening_post(self) -> bool:
        return self.topic.opening_post_id == self.pk


class PostRevision(models.Model):
    """The text of a post before an edit. Shown to moderators only."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    title = models.CharField(max_length=200, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = _("earlier version")
        verbose_name_plural = _("earlier versions")

    def __str__(self):
        return f"{self.post} @ {self.replaced_at:%Y-%m-%d %H:%M}"


class Reaction(models.Model):
    """One "thanks" from one person to one post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_reactions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="forum_reaction_once_per_user")]

    def __str__(self):
        return f"{self.user} → {self.post}"


class Subscription(models.Model):
    """Someone follows a topic or a whole category."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="subscriptions"
    )
    email_digest = models.BooleanField(_("also send a daily e-mail digest"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The digest covers posts written after this moment.
    digested_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False, category__isnull=True)
                | Q(topic__isnull=True, category__isnull=False),
                name="forum_subscription_topic_xor_category",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"],
                condition=Q(topic__isnull=False),
                name="forum_subscription_topic_once",
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="forum_subscription_category_once",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.topic or self.category}"

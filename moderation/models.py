"""Moderation data: community rules, watched terms, the queue, reports, decisions, sanctions,
appeals and the append-only audit log.

Content lives in the apps that own it (forum posts, chat messages). Those models inherit the
abstract ``ModeratedContent``; everything here points at them through a generic relation
(``content_type`` + ``object_id``), so that one queue serves every app.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from kuulluksi import languages
from kuulluksi.appendonly import AppendOnlyModel

from . import sanctions
from .sanctions import SanctionKind  # defined beside its policy table; imported from here as well

# --- Rules -------------------------------------------------------------------------------------


class Rule(languages.TranslatedTexts, models.Model):
    """A numbered community rule. The public rules page shows these rows; decisions cite them. Its title
    and explanation are given in every language (``moderation/translation.py``)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("explanation"))
    is_active = models.BooleanField(
        _("in force"),
        default=True,
        help_text=_("Rules no longer in force stay here because old decisions cite them."),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("community rule")
        verbose_name_plural = _("community rules")

    def __str__(self):
        return f"{self.number}. {self.title}"

    panels = [
        FieldPanel("number"),
        FieldPanel("title_fi"),
        FieldPanel("body_fi"),
        FieldPanel("is_active"),
        *languages.translation_panels("title", "body"),
    ]
    base_form_class = languages.TranslationsOptionalForm

    def snapshot(self) -> dict:
        return {
            "number": self.number,
            "title": self.title_fi,
            "body": self.body_fi,
            **{f: getattr(self, f) or "" for f in ("title_sv", "title_en", "body_sv", "body_en")},
        }


class RulesVersion(models.Model):
    """A published version of the rule set. Sign-up stores the number a person accepted."""

    number = models.PositiveIntegerField(_("version"), unique=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    rules = models.JSONField(_("the rules of this version"), default=list)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("rules version")
        verbose_name_plural = _("rules versions")

    def __str__(self):
        return str(self.number)


# --- Watched terms ---------------------------------------------------------------------------


class ScreeningAction(models.TextChoices):
    BLOCK = "block", _("Block (not published)")
    HOLD = "hold", _("Hold for a moderator before publishing")
    FLAG = "flag", _("Publish and flag for a moderator")


class MatchMode(models.TextChoices):
    INFLECTED = "inflected", _("Inflected forms and compounds that start with it")
    ANYWHERE = "anywhere", _("Anywhere inside a word (also the end of a compound)")
    EXACT = "exact", _("The whole word only")


class WatchList(models.Model):
    """A list of watched terms that share one action and the rule they break."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    action = models.CharField(_("action"), max_length=10, choices=ScreeningAction.choices)
    rule = models.ForeignKey(
        Rule,
        on_delete=models.PROTECT,
        related_name="watch_lists",
        verbose_name=_("rule"),
        help_text=_("The rule named to the writer when a term on this list stops a message."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["action", "name"]
        verbose_name = _("watch list")
        verbose_name_plural = _("watch lists")
        permissions = [("try_screening", "Can try a text against the watch lists")]

    def __str__(self):
        return self.name


class WatchedTerm(models.Model):
    """One watched word or phrase, stored as the coordinator wrote it."""

    watch_list = models.ForeignKey(
        WatchList, on_delete=models.CASCADE, related_name="terms", verbose_name=_("watch list")
    )
    term = models.CharField(
        _("term"),
        max_length=100,
        help_text=_("A word or a phrase in its base form. Inflected forms are found automatically."),
    )
    match = models.CharField(
        _("matching"), max_length=10, choices=MatchMode.choices, default=MatchMode.INFLECTED
    )
    exceptions = models.TextField(
        _("exceptions"),
        blank=True,
        help_text=_("One word per line. A word that begins with one of these is never a hit."),
    )
    note = models.CharField(_("note for coordinators"), max_length=200, blank=True)
    hit_count = models.PositiveIntegerField(_("hits"), default=0, editable=False)
    last_hit_at = models.DateTimeField(_("last hit"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["watch_list", "term"]
        verbose_name = _("watched term")
        verbose_name_plural = _("watched terms")
        constraints = [models.UniqueConstraint(fields=["watch_list", "term"], name="moderation_term_unique")]

    def __str__(self):
        return self.term

    def exception_list(self) -> list[str]:
        return [line.strip() for line in self.exceptions.splitlines() if line.strip()]


class MatcherVersion(models.Model):
    """One row whose token changes whenever a watch list changes.

    Every process keeps its compiled matcher together with the token it was built from and rebuilds
    it when the token in the cache (or, on a cache miss, in this row) differs. A random token rather
    than a counter: a rolled-back change can never make two different term sets share a version.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("matcher version")

    def __str__(self):
        return self.token


# --- Content -------------------------------------------------------------------------------------


class ModerationState(models.TextChoices):
    PUBLISHED = "published", _("Published")
    HELD = "held", _("Waiting for a moderator")
    HIDDEN = "hidden", _("Hidden")
    REMOVED = "removed", _("Removed")


class ModeratedContent(models.Model):
    """Abstract base for anything people write that moderation looks after (forum posts, chat messages).

    A subclass implements ``moderation_author()``, ``moderation_text()``, ``moderation_context()`` and
    ``get_absolute_url()``, may implement ``apply_moderator_edit(new_text)`` to allow the "edit"
    decision, and implements ``moderation_audience_includes(user)`` when not everyone may read it. See
    docs/moderation.md.
    """

    moderation_state = models.CharField(
        _("moderation state"),
        max_length=10,
        choices=ModerationState.choices,
        default=ModerationState.PUBLISHED,
        db_index=True,
    )
    moderation_rule = models.ForeignKey(
        Rule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rule applied"),
    )

    class Meta:
        abstract = True

    def moderation_author(self):
        """The person who wrote this, or None (an anonymous chat participant)."""
        raise NotImplementedError

    def moderation_text(self) -> str:
        """The plain text that was screened and that moderators read."""
        raise NotImplementedError

    def moderation_context(self) -> list[tuple[str, str]]:
        """A few (author name, text) items around this one: the thread or the previous chat messages."""
        return []

    def apply_moderator_edit(self, new_text: str) -> None:
        """Replace the text with a moderator's edited version (and save). Optional."""
        raise NotImplementedError

    @classmethod
    def supports_moderator_edit(cls) -> bool:
        return cls.apply_moderator_edit is not ModeratedContent.apply_moderator_edit

    def moderation_audience_includes(self, user) -> bool:
        """Whether ``user`` is among the people this item was written for, whatever its moderation state.

        The app that owns the content knows; moderation never guesses. A chat message answers with its
        room's entry rule, so a closed group or the supervision room stays closed wherever moderation
        shows a message by its id. The default: everyone (the forum is public).
        """
        return True

    def is_visible_to(self, user) -> bool:
        """Whether ``user`` may read the text itself (others see a placeholder or nothing).

        Only someone in the item's audience (``moderation_audience_includes``), and then by its state.
        """
        if not self.moderation_audience_includes(user):
            return False
        if self.moderation_state == ModerationState.PUBLISHED:
            return True
        if user is None or not user.is_authenticated:
            return False
        if user.has_perm("moderation.work_queue"):
            return True
        author = self.moderation_author()
        return self.moderation_state == ModerationState.HELD and author is not None and author.pk == user.pk


class GenericContentMixin(models.Model):
    """The generic relation from queue items, reports and decisions to a content item."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("content type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    content = GenericForeignKey("content_type", "object_id")

    class Meta:
        abstract = True


class ContributorStanding(models.Model):
    """How many submissions of a person have been published: new accounts' first ones are held."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    published_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("contributor standing")

    def __str__(self):
        return f"{self.user}: {self.published_count}"


# --- Queue, reports, decisions -----------------------------------------------------------------


class QueueReason(models.TextChoices):
    NEW_USER = "new_user", _("First posts of a new account")
    SCREENING_HOLD = "screening_hold", _("Watched term: held before publishing")
    SCREENING_FLAG = "screening_flag", _("Watched term: flagged after publishing")
    REPORTED = "reported", _("Reported by readers")
    MODERATOR = "moderator", _("Taken up by a moderator")


class QueueItem(GenericContentMixin):
    """One content item waiting for a moderator. At most one open item per content item."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        DECIDED = "decided", _("Decided")

    reason = models.CharField(_("reason"), max_length=20, choices=QueueReason.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    excerpt = models.TextField(_("text when it entered the queue"), blank=True)
    screening = models.JSONField(_("screening matches"), default=list, blank=True)
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    created_at = models.DateTimeField(_("waiting since"), default=timezone.now, db_index=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("queue item")
        verbose_name_plural = _("queue items")
        permissions = [("work_queue", "Can work the moderation queue")]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="open"),
                name="moderation_one_open_item_per_content",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id}"


class Report(GenericContentMixin):
    """A reader's report that an item breaks a rule. One per person (or chat participant) per item."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporter"),
    )
    reporter_key = models.CharField(
        _("anonymous reporter key"),
        max_length=64,
        blank=True,
        help_text=_("Identifies an anonymous chat participant within their session."),
    )
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="+", verbose_name=_("rule"))
    note = models.TextField(_("note"), blank=True, max_length=1000)
    trusted = models.BooleanField(_("by a trusted person"), default=False)
    queue_item = models.ForeignKey(
        QueueItem, on_delete=models.PROTECT, related_name="reports", verbose_name=_("queue item")
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                condition=models.Q(reporter__isnull=False),
                name="moderation_one_report_per_user",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter_key"],
                condition=~models.Q(reporter_key=""),
                name="moderation_one_report_per_key",
            ),
            models.CheckConstraint(
                condition=models.Q(reporter__isnull=False) | ~models.Q(reporter_key=""),
                name="moderation_report_has_reporter",
            ),
        ]

    def __str__(self):
        return f"{self.rule.number}: {self.content_type.name} #{self.object_id}"


class DecisionAction(models.TextChoices):
    APPROVE = "approve", _("Approve")
    HIDE = "hide", _("Hide")
    EDIT = "edit", _("Edit")
    REMOVE = "remove", _("Remove")


class Decision(GenericContentMixin):
    """A moderator's decision on a content item. Every decision but approval cites a rule."""

    queue_item = models.ForeignKey(
        QueueItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("queue item"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("moderator")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    action = models.CharField(_("decision"), max_length=10, choices=DecisionAction.choices)
    rule = models.ForeignKey(
        Rule, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rule")
    )
    note = models.TextField(_("note to the author"), blank=True)
    old_state = models.CharField(max_length=10, choices=ModerationState.choices)
    new_state = models.CharField(max_length=10, choices=ModerationState.choices)
    original_text = models.TextField(_("text before the decision"), blank=True)
    created_at = models.DateTimeField(_("decided at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action="approve") | models.Q(rule__isnull=False),
                name="moderation_decision_cites_rule",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.content_type.name} #{self.object_id}"


# --- Sanctions and appeals -----------------------------------------------------------------------


class Sanction(models.Model):
    """A warning, mute, suspension or ban, or a mute or removal in one chat session, with the rule it
    enforces and when it ends.

    An account-wide sanction names the ``user``. A chat-session one names the participation it holds
    for (``subject``, a generic reference so that this app imports no chat model) and the user too when
    the participant was signed in; an anonymous participant has no user.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=64, null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(_("sanction"), max_length=12, choices=SanctionKind.choices)
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="+", verbose_name=_("rule"))
    note = models.TextField(_("note to the person"), blank=True)
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    imposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("imposed by")
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="sanctions"
    )
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        permissions = sanctions.model_permissions()
        constraints = [
            sanctions.end_date_constraint(),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(subject_type__isnull=False),
                name="moderation_sanction_names_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "kind"]),
            models.Index(fields=["subject_type", "subject_id"], name="moderation_sanction_subject"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.person_name}"

    @property
    def person_name(self) -> str:
        """The pseudonym, or the anonymous participant's nickname in the session."""
        if self.user is not None:
            return self.user.public_name
        return str(self.subject) if self.subject is not None else ""

    @property
    def policy(self) -> sanctions.SanctionPolicy:
        """How this kind of sanction works (``moderation.sanctions``)."""
        return sanctions.policy_for(self.kind)

    def is_active(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.lifted_at is None and self.starts_at <= now and (self.ends_at is None or self.ends_at > now)
        )


class Appeal(models.Model):
    """The one appeal against a decision (by the content's author) or a sanction (by the person it
    names), decided by another moderator than the one who made it. Exactly one of ``decision`` and
    ``sanction`` is set; ``author`` is empty for an anonymous chat participant's appeal."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        UPHELD = "upheld", _("Decision upheld")
        OVERTURNED = "overturned", _("Decision overturned")

    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal",
        verbose_name=_("decision"),
    )
    sanction = models.OneToOneField(
        Sanction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeal",
        verbose_name=_("sanction"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("why the decision should change"), max_length=2000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    filed_at = models.DateTimeField(_("filed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    response = models.TextField(_("answer to the author"), blank=True)

    class Meta:
        ordering = ["filed_at", "id"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        permissions = [("decide_appeal", "Can decide appeals")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__isnull=False, sanction__isnull=True)
                | models.Q(decision__isnull=True, sanction__isnull=False),
                name="moderation_appeal_against_one_thing",
            )
        ]

    def __str__(self):
        return str(self.appealed)

    @property
    def appealed(self) -> Decision | Sanction:
        """The decision or the sanction this appeal is against."""
        return self.decision if self.decision_id else self.sanction

    @property
    def appealed_moderator_id(self) -> int | None:
        """Who made what is appealed: they may not decide the appeal."""
        return self.decision.moderator_id if self.decision_id else self.sanction.imposed_by_id

    @property
    def appealed_rule(self) -> Rule | None:
        return self.appealed.rule

    @property
    def appellant_name(self) -> str:
        return self.author.public_name if self.author is not None else self.sanction.person_name


# --- Audit log ---------------------------------------------------------------------------------


class AuditAction(models.TextChoices):
    SCREENING_BLOCK = "screening_block", _("Blocked by screening")
    SCREENING_HOLD = "screening_hold", _("Held by screening")
    SCREENING_FLAG = "screening_flag", _("Flagged by screening")
    NEW_USER_HOLD = "new_user_hold", _("Held: new account")
    REPORT = "report", _("Reported")
    AUTO_HIDE = "auto_hide", _("Held after several reports")
    CLAIM = "claim", _("Claimed")
    DECISION = "decision", _("Decision")
    SANCTION = "sanction", _("Sanction imposed")
    SANCTION_LIFTED = "sanction_lifted", _("Sanction lifted")
    SLOW_MODE = "slow_mode", _("Chat slow mode set")
    APPEAL = "appeal", _("Appeal filed")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    RULES_PUBLISHED = "rules_published", _("Rules version published")
    WATCHLIST_CHANGED = "watchlist_changed", _("Watch list changed")


class AuditEntry(AppendOnlyModel):
    """One line of the append-only moderation log: who did what, to what, when.

    Rows are only ever inserted (``AppendOnlyModel`` in Python, triggers of migration 0002 in the
    database); the admin offers no edit or delete.
    """

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("what"), max_length=20, choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_key = models.CharField(_("anonymous participant"), max_length=64, blank=True)
    subject_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerning"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    rule = models.ForeignKey(
        Rule, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("rule")
    )
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"

"""Rooms, scheduled sessions, volunteer shifts, participants and messages.

A **room** is a place (the open two-hour chat, a closed group, the supervision room). A **session** is
one sitting of a room with a start and an end; it is open only between a volunteer opening it and its
closing. People take part in a session as **participants** (signed in, or anonymous with a nickname
chosen for that session). Every change a client must learn about (a new message, an approval, a
removal) bumps the session's ``revision`` and stamps the message with it, so that a reconnecting client
asks for "everything after revision N" and gets exactly what it missed.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from kuulluksi import dates, languages
from moderation.models import ModeratedContent, ModerationState


class Room(languages.TranslatedTexts, models.Model):
    OPEN = "open"
    CLOSED_GROUP = "closed"
    SUPERVISION = "supervision"
    KIND_CHOICES = [
        (OPEN, _("Open chat")),
        (CLOSED_GROUP, _("Closed group")),
        (SUPERVISION, _("Supervision room")),
    ]

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES, default=OPEN)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="chat_groups",
        verbose_name=_("members"),
        help_text=_("Only for closed groups: the people who may join."),
    )

    panels = [
        FieldPanel("name_fi"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("description_fi"),
        *languages.translation_panels("name", "description"),
    ]
    base_form_class = languages.TranslationsOptionalForm

    class Meta:
        verbose_name = _("chat room")
        verbose_name_plural = _("chat rooms")
        ordering = ["name"]
        permissions = [
            ("enter_any_room", _("Can enter every closed group and the supervision room")),
            ("invite_member", _("Can invite members to closed groups")),
        ]

    def __str__(self):
        return self.name


def validate_recurrence_rule(value: str) -> None:
    """A rule ``dateutil`` can read (``rrulestr``), checked when a coordinator saves a series."""
    try:
        dates.recurrence(value, datetime.date(2000, 1, 1), datetime.time(0))
    except ValueError as error:
        raise ValidationError(
            _("Not a valid RFC 5545 recurrence rule: %(error)s"), params={"error": error}
        ) from error


class SessionSeries(languages.TranslatedTexts, ClusterableModel):
    """A recurring sitting of a room ("every Tuesday 18-20") with its volunteers: the sessions are
    generated from it some days ahead (``generate_chat_sessions``), each at the same local wall-clock
    time whatever the daylight-saving offset. An exception skips one day."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="series", verbose_name=_("room"))
    title = models.CharField(_("title"), max_length=120)
    rule = models.CharField(
        _("recurrence rule"),
        max_length=200,
        default="FREQ=WEEKLY",
        validators=[validate_recurrence_rule],
        help_text=_(
            "An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=TU (every Tuesday) or FREQ=WEEKLY;INTERVAL=2;BYDAY=MO."
        ),
    )
    first_day = models.DateField(_("first day"))
    starts_at = models.TimeField(_("starts at (local time)"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=120)
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="chat_series",
        verbose_name=_("volunteers on shift"),
    )
    days_ahead = models.PositiveIntegerField(_("generated days ahead"), default=28)
    active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("room"),
        FieldPanel("title_fi"),
        *languages.translation_panels("title"),
        FieldPanel("rule"),
        FieldPanel("first_day"),
        FieldPanel("starts_at"),
        FieldPanel("duration_minutes"),
        FieldPanel("volunteers"),
        FieldPanel("days_ahead"),
        FieldPanel("active"),
        InlinePanel("exceptions", heading=_("Skipped days"), label=_("skipped day")),
    ]
    base_form_class = languages.TranslationsOptionalForm

    class Meta:
        verbose_name = _("session series")
        verbose_name_plural = _("session series")
        ordering = ["room", "title"]
        permissions = [("manage_series", _("Can manage recurring chat sessions"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0), name="chat_series_has_duration"
            )
        ]

    def __str__(self):
        return self.title


class SessionSeriesException(models.Model):
    """A day of a series without a session (a holiday, a cancelled week)."""

    series = ParentalKey(SessionSeries, on_delete=models.CASCADE, related_name="exceptions")
    day = models.DateField(_("day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("day"), FieldPanel("note")]

    class Meta:
        verbose_name = _("skipped day")
        verbose_name_plural = _("skipped days")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["series", "day"], name="chat_series_exception_once")]

    def __str__(self):
        return f"{self.series} {self.day:%d.%m.%Y}"


class ChatSession(languages.TranslatedTexts, models.Model):
    """One sitting of a room, e.g. "Tuesday 18-20". Scheduled by a coordinator, opened by a volunteer."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    STATUS_CHOICES = [(SCHEDULED, _("Scheduled")), (OPEN, _("Open")), (CLOSED, _("Closed"))]

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("room"))
    series = models.ForeignKey(
        SessionSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="sessions",
        verbose_name=_("series"),
    )
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=SCHEDULED)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_chat_sessions",
        verbose_name=_("volunteer on duty"),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    slow_mode_seconds = models.PositiveIntegerField(_("slow mode (seconds between messages)"), default=0)
    revision = models.PositiveBigIntegerField(_("revision"), default=0, editable=False)
    messages_purged_at = models.DateTimeField(_("messages purged at"), null=True, blank=True, editable=False)

    panels = [
        FieldPanel("room"),
        FieldPanel("title_fi"),
        *languages.translation_panels("title"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
    ]
    base_form_class = languages.TranslationsOptionalForm

    class Meta:
        verbose_name = _("chat session")
        verbose_name_plural = _("chat sessions")
        ordering = ["starts_at"]
        permissions = [
            ("take_shift", _("Can sign up for shifts and host the sessions of one's shifts")),
            ("moderate_any_session", _("Can open, moderate and close every chat session")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="chat_session_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["series", "starts_at"], name="chat_session_once_per_series_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%d.%m.%Y %H:%M})"

    def get_absolute_url(self):
        return reverse("chat:session", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.OPEN

    @property
    def group_name(self) -> str:
        return f"chat.session.{self.pk}"

    @property
    def hosts_group_name(self) -> str:
        return f"chat.session.{self.pk}.hosts"


class Shift(models.Model):
    """A volunteer signed up to host a session."""

    session = models.ForeignKey(
        ChatSession, on_delete=models.CASCADE, related_name="shifts", verbose_name=_("session")
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="chat_shifts",
        verbose_name=_("volunteer"),
    )
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [models.UniqueConstraint(fields=["session", "volunteer"], name="chat_shift_once")]

    def __str__(self):
        return f"{self.volunteer} - {self.session}"


# Key in the Django session: {chat session id (str): participant id}. The join form writes it; the
# WebSocket connection reads it through the session cookie, so an anonymous participant needs no account.
PARTICIPANTS_SESSION_KEY = "chat_participants"


class Participant(models.Model):
    """Someone in a session: a signed-in user or an anonymous person with a session nickname.

    Nothing else about an anonymous participant is stored: no IP address, no user agent.
    """

    session = models.ForeignKey(
        ChatSession, on_delete=models.CASCADE, related_name="participants", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="chat_participations",
        verbose_name=_("user"),
    )
    nickname = models.CharField(_("nickname"), max_length=40)
    is_host = models.BooleanField(_("hosts the session"), default=False)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    muted = models.BooleanField(_("muted for the session"), default=False)
    removed = models.BooleanField(_("removed from the session"), default=False)
    last_posted_at = models.DateTimeField(_("last posted at"), null=True, blank=True)
    connections = models.IntegerField(_("open connections"), default=0)
    # When a host's last socket closed, or they became host: the supervision grace period runs from it.
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint("session", Lower("nickname"), name="chat_participant_nickname_unique"),
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="chat_participant_user_once",
            ),
        ]

    def __str__(self):
        return self.nickname

    @property
    def group_name(self) -> str:
        return f"chat.participant.{self.pk}"

    def is_held_by(self, request) -> bool:
        """Whether ``request`` comes from this participant: their account, or for an anonymous one
        the browser session that joined (removed participants too: they may appeal the removal).
        The moderation app asks this of a sanction's subject before it takes an appeal."""
        if self.user_id is not None:
            return request.user.is_authenticated and request.user.pk == self.user_id
        joined = request.session.get(PARTICIPANTS_SESSION_KEY) or {}
        return joined.get(str(self.session_id)) == self.pk


class Message(ModeratedContent):
    """A chat message. Its moderation state decides who sees it (``is_visible_to_participant``, and
    ``selectors.events_after`` for what a connecting or reconnecting client is sent)."""

    session = models.ForeignKey(
        ChatSession, on_delete=models.CASCADE, related_name="messages", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="messages", verbose_name=_("participant")
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    revision = models.PositiveBigIntegerField(_("revision"), db_index=True)

    class Meta:
        verbose_name = _("chat message")
        verbose_name_plural = _("chat messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["session", "revision"], name="chat_message_session_rev")]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("chat:session", kwargs={"pk": self.session_id}) + f"#message-{self.pk}"

    def moderation_author(self):
        """The account behind the message; None for an anonymous participant."""
        return self.participant.user

    def moderation_text(self) -> str:
        return self.text

    def moderation_context(self) -> list[tuple[str, str]]:
        """The five messages before this one in the room, oldest first, as (nickname, text)."""
        earlier = (
            Message.objects.filter(session_id=self.session_id, id__lt=self.pk)
            .select_related("participant")
            .order_by("-id")[:5]
        )
        return [(message.participant.nickname, message.text) for message in reversed(earlier)]

    def moderation_audience_includes(self, user) -> bool:
        """Those who may enter the message's room (``services.may_enter``): the room's rule is the rule."""
        from . import services

        return services.may_enter(user, self.session.room)

    def is_visible_to_participant(self, participant, *, moderator: bool) -> bool:
        """Published messages to everyone; held ones to their author and the volunteers."""
        if self.moderation_state == ModerationState.PUBLISHED:
            return True
        return self.moderation_state == ModerationState.HELD and (
            moderator or self.participant_id == participant.pk
        )


class RoomAction(models.Model):
    """Audit trail of what happened in a session: opening, closing, mutes, removals, hand-overs."""

    class Verb(models.TextChoices):
        SHIFT_SIGNUP = "shift_signup", _("signed up for the shift")
        SHIFT_CANCEL = "shift_cancel", _("cancelled the shift")
        OPEN = "open", _("opened the session")
        CLOSE = "close", _("closed the session")
        REOPEN = "reopen", _("reopened the session")
        EXTEND = "extend", _("extended the session")
        SLOW_MODE = "slow_mode", _("set slow mode")
        HAND_OVER = "hand_over", _("handed the duty over")
        MUTE = "mute", _("muted a participant")
        REMOVE_PARTICIPANT = "remove_participant", _("removed a participant")
        SUPPORT_ALERT = "support_alert", _("asked for support")
        REPORT_WRITTEN = "report_written", _("wrote the session report")

    session = models.ForeignKey(
        ChatSession, on_delete=models.CASCADE, related_name="actions", verbose_name=_("session")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    verb = models.CharField(_("action"), max_length=40, choices=Verb.choices)
    target = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("participant"),
    )
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("room action")
        verbose_name_plural = _("room actions")
        ordering = ["id"]

    def __str__(self):
        return f"{self.verb} ({self.session_id})"


class CrisisContact(languages.TranslatedTexts, models.Model):
    """A crisis line shown beside the chat. Edited as a snippet in the admin."""

    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    hours = models.CharField(_("opening hours"), max_length=120, blank=True)
    url = models.URLField(_("web address"), blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name_fi"),
        FieldPanel("phone"),
        FieldPanel("hours_fi"),
        FieldPanel("url"),
        FieldPanel("description_fi"),
        FieldPanel("sort_order"),
        *languages.translation_panels("name", "hours", "description"),
    ]
    base_form_class = languages.TranslationsOptionalForm

    class Meta:
        verbose_name = _("crisis contact")
        verbose_name_plural = _("crisis contacts")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class SupportAlert(models.Model):
    """A volunteer's "I need support" call during a session; reaches the coordinators."""

    session = models.ForeignKey(
        ChatSession, on_delete=models.CASCADE, related_name="support_alerts", verbose_name=_("session")
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("volunteer")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support alert")
        verbose_name_plural = _("support alerts")
        ordering = ["-id"]
        permissions = [
            ("support_volunteers", _("Is told of volunteers' support alerts and of reports to follow up")),
        ]

    def __str__(self):
        return f"{self.volunteer} - {self.session}"


class Feedback(models.Model):
    """A participant's anonymous answer to the one feedback question. Only the session and the answer."""

    ANSWER_CHOICES = [
        (1, _("Not at all")),
        (2, _("A little")),
        (3, _("Somewhat")),
        (4, _("Much")),
        (5, _("Very much")),
    ]
    session = models.ForeignKey(
        ChatSession, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("session")
    )
    answer = models.PositiveSmallIntegerField(_("answer"), choices=ANSWER_CHOICES)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")

    def __str__(self):
        return f"{self.session_id}: {self.answer}"


class SessionReport(models.Model):
    """The volunteer's short report after a session."""

    session = models.OneToOneField(
        ChatSession, on_delete=models.CASCADE, related_name="report", verbose_name=_("session")
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("volunteer"),
    )
    participant_count = models.PositiveIntegerField(_("participants"))
    summary = models.TextField(_("how did it go?"), max_length=3000)
    needs_follow_up = models.BooleanField(_("needs follow-up by a coordinator"), default=False)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session report")
        verbose_name_plural = _("session reports")

    def __str__(self):
        return str(self.session)

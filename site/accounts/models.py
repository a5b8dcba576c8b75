from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .validators import pseudonym_validator


class User(AbstractUser):
    """A person with an account. They appear only under their pseudonym (``username``).

    A real name is never asked for: ``first_name`` and ``last_name`` stay empty and are never shown.
    A deleted account keeps its row (so that what the person wrote can stay, shown as "deleted user")
    but loses its e-mail address, password and pseudonym.
    """

    username = models.CharField(
        _("pseudonym"),
        max_length=40,
        unique=True,
        help_text=_("The name others see. Do not use your real name. Letters, digits and - _ . only."),
        validators=[pseudonym_validator],
        error_messages={"unique": _("This pseudonym is already taken.")},
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fi",
        help_text=_("Messages to you, such as moderation notices, are written in this language."),
    )
    rules_version_accepted = models.PositiveIntegerField(
        _("accepted version of the community rules"), null=True
    )
    rules_accepted_at = models.DateTimeField(_("community rules accepted at"), null=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, editable=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="accounts_user_username_ci_unique"),
        ]

    def __str__(self):
        return str(self.public_name)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def public_name(self):
        """The name shown next to anything this person wrote."""
        return _("deleted user") if self.is_deleted else self.username

    def get_full_name(self):
        return str(self.public_name)

    def get_short_name(self):
        return str(self.public_name)


class Notification(models.Model):
    """An in-site message to one person (moderation notices, replies in followed topics, invitations).

    Title and body are rendered in the recipient's language when the notification is created, so that
    what they read is exactly what was sent.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    # What following the link does, where it is a step to take ("Appeal the decision"): shown as a button.
    action = models.CharField(_("action"), max_length=100, blank=True)
    # What the notification quotes, if anything (a followed topic's new reply): when that changes or
    # goes, the app that owns it rewrites the body (``notifications.rewrite_about``).
    about_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    about_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["about_type", "about_id"], name="accounts_notification_about"),
        ]

    def __str__(self):
        return self.title

"""The one way to tell a person something: an in-site notification, optionally also by e-mail.

Callers render ``title`` and ``body`` in the recipient's language, e.g.::

    with translation.override(user.language):
        notify(user, title=gettext("Your message was hidden"), body=..., url=...)
"""

from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone, translation

from .models import Notification
from .tasks import send_email


def notify(
    recipient,
    *,
    title: str,
    body: str = "",
    url: str = "",
    action: str = "",
    email: bool = False,
    about=None,
) -> Notification | None:
    """Store a notification for ``recipient``; with ``email=True`` also e-mail it after commit.

    ``action`` names what the link does where it is a step to take ("Appeal the decision"): the list
    shows it as a button.

    ``about`` is the object the body quotes (a forum post): ``rewrite_about`` can then change the body
    when the object changes, e.g. take a removed post's text out. Deleted accounts get nothing (they
    have no address and nobody reads their notifications).
    """
    if recipient.is_deleted:
        return None
    notification = Notification.objects.create(
        recipient=recipient, title=title, body=body, url=url, action=action, **_about(about)
    )
    if email and recipient.email:
        transaction.on_commit(partial(send_email.enqueue, to=recipient.email, subject=title, body=body))
    return notification


def _about(obj) -> dict:
    if obj is None:
        return {}
    return {"about_type": ContentType.objects.get_for_model(obj), "about_id": str(obj.pk)}


def rewrite_about(obj, body: Callable[[], str]) -> int:
    """Give every notification about ``obj`` the body ``body()`` returns in its recipient's language.

    Returns how many notifications were rewritten. One update per language, whatever their number.
    """
    about = Notification.objects.filter(**_about(obj))
    languages = [code for code, _name in settings.LANGUAGES]
    rewritten = 0
    for language in languages:
        with translation.override(language):
            rewritten += about.filter(recipient__language=language).update(body=body())
    with translation.override(settings.LANGUAGE_CODE):
        rewritten += about.exclude(recipient__language__in=languages).update(body=body())
    return rewritten


def mark_read(recipient, notification_ids) -> int:
    """Mark ``recipient``'s notifications ``notification_ids`` read (those shown on a page of the list)."""
    return Notification.objects.filter(
        recipient=recipient, pk__in=notification_ids, read_at__isnull=True
    ).update(read_at=timezone.now())


def open_notification(recipient, notification_id) -> Notification:
    """``recipient``'s notification, marked read: they are opening it. ``Notification.DoesNotExist``
    for anyone else's."""
    notification = Notification.objects.get(recipient=recipient, pk=notification_id)
    mark_read(recipient, [notification.pk])
    return notification


def mark_all_read(recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()

"""The one way to tell a person something: an in-site notification, optionally also by e-mail.

Callers render ``title`` and ``body`` in the recipient's language, e.g.::

    with translation.override(user.language):
        notify(user, title=gettext("Your message was hidden"), body=..., url=...)
"""

from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import Notification
from .tasks import send_email


def notify(
    recipient, *, title: str, body: str = "", url: str = "", email: bool = False
) -> Notification | None:
    """Store a notification for ``recipient``; with ``email=True`` also e-mail it after commit.

    Deleted accounts get nothing (they have no address and nobody reads their notifications).
    """
    if recipient.is_deleted:
        return None
    notification = Notification.objects.create(recipient=recipient, title=title, body=body, url=url)
    if email and recipient.email:
        transaction.on_commit(partial(send_email.enqueue, to=recipient.email, subject=title, body=body))
    return notification


def mark_all_read(recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_count(recipient) -> int:
    return Notification.objects.filter(recipient=recipient, read_at__isnull=True).count()

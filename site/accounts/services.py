"""Every change to an account goes through these functions."""

import re
import secrets

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from . import roles
from .models import Notification


@transaction.atomic
def complete_signup(user, *, language: str) -> None:
    """Finish a new account: the citizen role, the language and the accepted version of the rules."""
    from moderation.rules import current_rules_version

    user.language = language
    user.rules_version_accepted = current_rules_version()
    user.rules_accepted_at = timezone.now()
    user.save(update_fields=["language", "rules_version_accepted", "rules_accepted_at"])
    user.groups.add(Group.objects.get(name=roles.CITIZEN))


def update_profile(user, *, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def _app_hooks(attribute: str):
    """Functions that apps name on their AppConfig (``personal_data_exporter``, ``personal_data_eraser``)."""
    for app_config in apps.get_app_configs():
        dotted = getattr(app_config, attribute, None)
        if dotted:
            yield app_config.label, import_string(dotted)


def export_personal_data(user) -> dict:
    """Everything the site holds about ``user``, as JSON-serialisable data (GDPR art. 15 and 20)."""
    data = {
        "account": {
            "pseudonym": user.username,
            "email": user.email,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "rules_version_accepted": user.rules_version_accepted,
            "rules_accepted_at": user.rules_accepted_at.isoformat() if user.rules_accepted_at else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
        },
        "notifications": [
            {
                "title": notification.title,
                "body": notification.body,
                "url": notification.url,
                "created_at": notification.created_at.isoformat(),
                "read_at": notification.read_at.isoformat() if notification.read_at else None,
            }
            for notification in Notification.objects.filter(recipient=user)
        ],
    }
    for label, exporter in _app_hooks("personal_data_exporter"):
        data[label] = exporter(user)
    return data


@transaction.atomic
def _scrub_from_notifications(pseudonym: str) -> None:
    """Replace the pseudonym, as a whole word, with "deleted user" (in each recipient's language) in
    the notifications other people got about what the person did."""
    word = re.compile(rf"(?<!\w){re.escape(pseudonym)}(?!\w)")
    mentioning = Notification.objects.filter(Q(title__contains=pseudonym) | Q(body__contains=pseudonym))
    for notification in mentioning.select_related("recipient"):
        with translation.override(notification.recipient.language):
            label = gettext("deleted user")
        notification.title = word.sub(label, notification.title)[:200]
        notification.body = word.sub(label, notification.body)
        notification.save(update_fields=["title", "body"])


def delete_account(user) -> None:
    """Delete an account for good while keeping what the person wrote, shown as "deleted user".

    The row stays (content keeps its author key) but everything that identifies the person goes:
    pseudonym, e-mail addresses, password, roles, notifications. Apps erase their own personal data
    through their ``personal_data_eraser``. The user can no longer log in (inactive, no password), and
    their other sessions end because inactive users are never authenticated.
    """
    for _label, eraser in _app_hooks("personal_data_eraser"):
        eraser(user)
    EmailAddress.objects.filter(user=user).delete()
    Notification.objects.filter(recipient=user).delete()
    _scrub_from_notifications(user.username)
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"deleted-{secrets.token_hex(12)}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.save()

"""Roles are Django groups with permissions.

The base permissions are listed here; each app adds its own in its AppConfig as
``role_permissions = {roles.COORDINATOR: ["app_label.codename", ...]}``. ``sync_roles`` runs after
every ``migrate`` and makes each group's permissions exactly the union of those lists, so a
permission is granted in code, never by hand in the admin. Code checks permissions
(``accounts.permissions``), never a role's name.

This module imports no model at import time, so that an AppConfig module can import it for the role
names; the auth models are imported where they are used.
"""

from typing import TYPE_CHECKING

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import Permission

CITIZEN = "citizen"
PEER_MODERATOR = "peer_moderator"
COORDINATOR = "coordinator"
SOCIAL_WORK_STAFF = "social_work_staff"

ROLE_LABELS = {
    CITIZEN: _("Citizen"),
    PEER_MODERATOR: _("Peer moderator (volunteer)"),
    COORDINATOR: _("Coordinator"),
    SOCIAL_WORK_STAFF: _("Social-work staff"),
}

STAFF_ROLES = (PEER_MODERATOR, COORDINATOR, SOCIAL_WORK_STAFF)

# "app_label.codename" for each role, before the apps add theirs.
BASE_ROLE_PERMISSIONS: dict[str, list[str]] = {
    CITIZEN: [],
    PEER_MODERATOR: [
        "wagtailadmin.access_admin",
    ],
    COORDINATOR: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    SOCIAL_WORK_STAFF: [
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
    ],
}


def _permission(dotted: str) -> "Permission":
    from django.contrib.auth.models import Permission

    app_label, codename = dotted.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise ImproperlyConfigured(f"Role permission {dotted!r} does not exist.") from None


def role_permissions() -> dict[str, list[str]]:
    """The base permissions plus every app's ``role_permissions``, per role."""
    merged = {role: list(names) for role, names in BASE_ROLE_PERMISSIONS.items()}
    for app_config in apps.get_app_configs():
        for role, names in getattr(app_config, "role_permissions", {}).items():
            merged[role].extend(names)
    return merged


def sync_roles(using: str = "default") -> None:
    """Create the role groups and set their permissions to exactly ``role_permissions()``."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group

    # post_migrate reaches apps one by one; make sure every app's permissions exist already.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, dotted_names in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set([_permission(name) for name in dotted_names])

"""One way to say who may do what: Django permissions (``"app_label.codename"``).

Apps declare their permissions on their models' ``Meta.permissions`` and grant them to roles in their
AppConfig's ``role_permissions`` (see ``accounts.roles``); services, views and admin views check them
here, never a role's name. A check that depends on the object as well (the volunteer on a shift of this
chat session) combines a permission with that object's own rule in the app's service.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet
    from django.views import View

    from accounts.models import User


# The backend that reads permissions from groups and users (allauth's backend only adds a way to log in).
_PERMISSIONS_BACKEND = "accounts.backends.CachedPermissionsBackend"


def has_permission(user: User | AnonymousUser | None, permission: str) -> bool:
    """Whether ``user`` (None and anonymous visitors have none) holds ``permission``."""
    return user is not None and user.is_authenticated and user.has_perm(permission)


def require(user: User | AnonymousUser | None, permission: str) -> None:
    """Raise ``PermissionDenied`` unless ``user`` holds ``permission``."""
    if not has_permission(user, permission):
        raise PermissionDenied(gettext("You do not have permission to do this."))


def users_with_permission(permission: str) -> QuerySet[User]:
    """The active accounts that hold ``permission`` through their roles (superusers only if given it)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.with_perm(
        permission, include_superusers=False, backend=_PERMISSIONS_BACKEND
    )


# What the mixin is mixed into, for the type checker only (at run time the view class comes after it).
if TYPE_CHECKING:
    _ViewBase = View
else:
    _ViewBase = object


class PermissionRequiredMixin(_ViewBase):
    """For admin views: ``permission`` is required before anything else runs."""

    permission: str = ""

    def dispatch(self, request, *args, **kwargs):
        require(request.user, self.permission)
        return super().dispatch(request, *args, **kwargs)

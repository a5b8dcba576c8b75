"""Signal receivers of the accounts app, connected in AccountsConfig.ready."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction

from .backends import forget_all, forget_users
from .roles import sync_roles


def roles_after_migrate(sender, using="default", **kwargs) -> None:
    """After every ``migrate`` each role's group has exactly the permissions the apps declare."""
    sync_roles(using=using)


def _forget(user_pks) -> None:
    if user_pks is None:
        forget_all()
    else:
        forget_users(user_pks)


def permissions_changed(sender, instance=None, reverse=False, pk_set=None, **kwargs) -> None:
    """Someone's roles or own permissions, a role's permissions, a role or a permission changed.

    Only the users concerned are forgotten when they are known (their roles or own permissions:
    ``user.groups`` from the user's side, ``group.user_set`` with the users' keys); anything else
    makes every cached set stale. Now, for this transaction's own later reads, and again once the
    change is committed: a reader in between still reads the old rows.
    """
    user_model = get_user_model()
    if sender in (user_model.groups.through, user_model.user_permissions.through):
        user_pks = pk_set if reverse else [instance.pk]
    else:
        user_pks = None
    _forget(user_pks)
    transaction.on_commit(partial(_forget, user_pks))

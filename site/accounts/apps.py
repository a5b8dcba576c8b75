from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission

        from .signals import permissions_changed, roles_after_migrate

        post_migrate.connect(roles_after_migrate, sender=self, dispatch_uid="accounts.sync_roles")
        user = get_user_model()
        for through in (user.groups.through, user.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(permissions_changed, sender=through, dispatch_uid=f"accounts.perms.{through}")
        for model in (Group, Permission):
            post_delete.connect(permissions_changed, sender=model, dispatch_uid=f"accounts.perms.{model}")

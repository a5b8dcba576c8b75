from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .signals import roles_after_migrate

        post_migrate.connect(roles_after_migrate, sender=self, dispatch_uid="accounts.sync_roles")

"""Signal receivers of the accounts app, connected in AccountsConfig.ready."""

from .roles import sync_roles


def roles_after_migrate(sender, using="default", **kwargs) -> None:
    """After every ``migrate`` each role's group has exactly the permissions the apps declare."""
    sync_roles(using=using)

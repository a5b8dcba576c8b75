from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from . import sanctions

PEER_MODERATOR_PERMISSIONS = [
    "moderation.work_queue",
    *sanctions.permissions(peer_moderators=True),
    "moderation.view_sanction",
    "moderation.view_rule",
]
COORDINATOR_PERMISSIONS = [
    *PEER_MODERATOR_PERMISSIONS,
    *sanctions.permissions(peer_moderators=False),
    "moderation.decide_appeal",
    "moderation.view_appeal",
    "moderation.add_rule",
    "moderation.change_rule",
    "moderation.view_rulesversion",
    "moderation.add_rulesversion",
    "moderation.view_watchlist",
    "moderation.add_watchlist",
    "moderation.change_watchlist",
    "moderation.delete_watchlist",
    "moderation.view_watchedterm",
    "moderation.add_watchedterm",
    "moderation.change_watchedterm",
    "moderation.delete_watchedterm",
    "moderation.try_screening",
    "moderation.view_auditentry",
]


def _watch_lists_changed(sender, **kwargs):
    from .services import watch_lists_changed

    if kwargs.get("raw"):
        return
    watch_lists_changed()


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")
    personal_data_exporter = "moderation.privacy.export_personal_data"
    # Keys are accounts.roles.PEER_MODERATOR and COORDINATOR (that module needs loaded apps to import).
    role_permissions = {
        "peer_moderator": PEER_MODERATOR_PERMISSIONS,
        "coordinator": COORDINATOR_PERMISSIONS,
    }

    def ready(self):
        from .models import Rule, WatchedTerm, WatchList

        # Any change to a term, a list or a rule (lists name their rule) rebuilds the matcher everywhere.
        for model in (WatchedTerm, WatchList, Rule):
            post_save.connect(
                _watch_lists_changed, sender=model, dispatch_uid=f"moderation.{model.__name__}.save"
            )
            post_delete.connect(
                _watch_lists_changed, sender=model, dispatch_uid=f"moderation.{model.__name__}.delete"
            )

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from accounts import roles

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


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")
    personal_data_exporter = "moderation.privacy.export_personal_data"
    role_permissions = {
        roles.PEER_MODERATOR: PEER_MODERATOR_PERMISSIONS,
        roles.COORDINATOR: COORDINATOR_PERMISSIONS,
    }

    def ready(self):
        from .models import Rule, WatchedTerm, WatchList
        from .signals import watch_lists_edited

        for model in (WatchedTerm, WatchList, Rule):
            post_save.connect(
                watch_lists_edited, sender=model, dispatch_uid=f"moderation.{model.__name__}.save"
            )
            post_delete.connect(
                watch_lists_edited, sender=model, dispatch_uid=f"moderation.{model.__name__}.delete"
            )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Forum")
    search_provider = "forum.search.search_topics"
    personal_data_exporter = "forum.privacy.export_personal_data"
    personal_data_eraser = "forum.privacy.erase_personal_data"

    def ready(self):
        from moderation.signals import content_moderated

        from .models import Post
        from .signals import on_content_moderated

        content_moderated.connect(on_content_moderated, sender=Post, dispatch_uid="forum.content_moderated")

    role_permissions = {
        roles.PEER_MODERATOR: ["forum.moderate_forum"],
        roles.COORDINATOR: [
            "forum.moderate_forum",
            "forum.add_category",
            "forum.change_category",
            "forum.delete_category",
            "forum.view_category",
        ],
    }

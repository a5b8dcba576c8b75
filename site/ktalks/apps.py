from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles


class KtalksConfig(AppConfig):
    name = "ktalks"
    verbose_name = _("K-talks")
    home_highlights = "ktalks.highlights.home_highlights"

    # Coordinators keep the snippets and the follow-up of commitments current. Page permissions
    # (write notes, submit them for approval) are given on the K-talk index: services.ensure_notes_workflow.
    role_permissions = {
        roles.COORDINATOR: [
            *(
                f"ktalks.{action}_{model}"
                for model in ("hostbody", "theme", "decisionmaker", "commitment")
                for action in ("add", "change", "view")
            ),
            "ktalks.delete_commitment",
            "ktalks.delete_theme",
        ],
    }

    def ready(self):
        from . import signals

        signals.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts import roles

_MANAGE = ["add", "change", "delete", "view"]


class EraatiConfig(AppConfig):
    name = "eraati"
    verbose_name = _("eRaati")
    home_highlights = "eraati.highlights.home_highlights"

    # Only social-work staff build surveys, see and invite contacts and publish results. Coordinators
    # and peer moderators get nothing here: contacts are the most sensitive data of the site.
    role_permissions = {
        roles.SOCIAL_WORK_STAFF: [
            *(f"eraati.{verb}_survey" for verb in _MANAGE),
            *(f"eraati.{verb}_council" for verb in _MANAGE),
            *(f"eraati.{verb}_meeting" for verb in _MANAGE),
            *(f"eraati.{verb}_quote" for verb in _MANAGE),
            "eraati.export_answers",
            "eraati.preview_results",
            "eraati.view_contacts",
            "eraati.view_contactaccesslog",
        ],
    }

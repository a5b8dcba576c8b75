from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EraatiConfig(AppConfig):
    name = "eraati"
    verbose_name = _("eRaati")

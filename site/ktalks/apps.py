from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KtalksConfig(AppConfig):
    name = "ktalks"
    verbose_name = _("K-talks")

"""What the home page shows as happening now: the open survey, the next chat, the latest K-talk and the
latest results.

An app contributes through its AppConfig, as with the site search::

    home_highlights = "eraati.highlights.home_highlights"

a callable ``home_highlights(request) -> list[Highlight]``, in the order they are shown; the home page
shows the apps' highlights in the order of INSTALLED_APPS.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Highlight:
    label: str  # what it is: "Open now", "Latest results"
    title: str  # its own title, as written (Finnish where it has no translation)
    url: str
    detail: str = ""  # e.g. when it opens or closes
    lang_attr: str = ""  # ' lang="fi"' for a title shown untranslated (kuulluksi.languages)


def home_highlights(request) -> list[Highlight]:
    found = []
    for app_config in apps.get_app_configs():
        name = getattr(app_config, "home_highlights", None)
        if name:
            found += import_string(name)(request)
    return found

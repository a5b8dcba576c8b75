"""What the home page shows as happening now: the open survey, the next chat, the latest K-talk and the
latest results.

An app contributes through its AppConfig, as with the site search::

    home_highlights = "eraati.highlights.home_highlights"

a callable ``home_highlights(request) -> list[Highlight]``, in the order they are shown; the home page
shows the apps' highlights in the order of INSTALLED_APPS.

They are cached per site and language for a minute, and under the version of the page tree, so a
published or unpublished page shows at once; a survey or chat session that opens or closes shows
within the minute. Without this, the apps' lookups were two fifths of the home page's time.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.core.cache import cache
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from .footer import pages_version

KEEP_FOR = timedelta(minutes=1)


@dataclass(frozen=True)
class Highlight:
    label: str  # what it is: "Open now", "Latest results"
    title: str  # its own title, as written (Finnish where it has no translation)
    url: str
    detail: str = ""  # e.g. when it opens or closes
    lang_attr: str = ""  # ' lang="fi"' for a title shown untranslated (kuulluksi.languages)


def home_highlights(request) -> list[Highlight]:
    key = f"cms:highlights:{pages_version(request)}:{request.get_host()}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = []
        for app_config in apps.get_app_configs():
            name = getattr(app_config, "home_highlights", None)
            if name:
                found += import_string(name)(request)
        cache.set(key, found, int(KEEP_FOR.total_seconds()))
    return found

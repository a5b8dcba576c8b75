"""Site search: every live, public Wagtail page, plus what the apps' search providers find.

Pages (K-talk notes, results reports, info pages, ...) are found through Wagtail search, so a new
page type is searchable as soon as it declares ``search_fields``. Things that are not pages, such
as forum topics, come from **search providers**: an app names one (or a list) in its AppConfig::

    class ForumConfig(AppConfig):
        search_provider = "forum.search.search_topics"

A provider is a callable ``provider(query, *, request, limit) -> list[SearchHit]`` that returns at
most ``limit`` hits the requesting user may see, best first. Its results are shown as a section
headed with the app's ``verbose_name``.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string
from wagtail.models import Page

PROVIDER_LIMIT = 10


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class ProviderSection:
    label: str
    hits: list[SearchHit] = field(default_factory=list)


@cache
def registered_providers() -> tuple[tuple[str, object], ...]:
    """(section label, provider callable) for every ``search_provider`` named by an installed app."""
    found = []
    for app_config in apps.get_app_configs():
        names = getattr(app_config, "search_provider", None)
        if not names:
            continue
        for name in [names] if isinstance(names, str) else names:
            found.append((app_config.verbose_name, import_string(name)))
    return tuple(found)


def search_terms(query: str) -> str:
    """``query`` as plain search terms for the search backend.

    The SQLite backend puts each term in double quotes for FTS5 without escaping a double quote inside
    it, so a query such as ``"><b>`` was an FTS5 syntax error (a server error page); quotes carry no
    meaning in a plain-text search, so they become spaces.
    """
    return " ".join(query.replace('"', " ").split())


def search_pages(query: str):
    """Live, public pages matching ``query``, most relevant first (lazy: paginate before iterating)."""
    terms = search_terms(query)
    if not terms:
        return Page.objects.none()
    return Page.objects.live().public().specific().search(terms)


def search_providers(query: str, *, request, limit: int = PROVIDER_LIMIT) -> list[ProviderSection]:
    sections = []
    for label, provider in registered_providers():
        hits = list(provider(query, request=request, limit=limit))[:limit]
        if hits:
            sections.append(ProviderSection(label=str(label), hits=hits))
    return sections

"""The footer's page links, cached: every page of the site shows them, so they must cost no query.

The cache key carries a version number that is bumped whenever the links or any page change, so an
edited, moved or unpublished page never leaves a stale link behind.
"""

import contextlib

from django.core.cache import cache
from django.utils.translation import get_language
from wagtail.models import Site

from .models import SiteLinks

LINKS = ("privacy_page", "accessibility_page", "feedback_page")
VERSION_KEY = "cms:footer-links:version"


def footer_links(request) -> list[tuple[str, str]]:
    """[(link name, url)] for the footer of ``request``'s site, in the order of LINKS."""
    links = cache.get(_key(request))
    if links is None:
        site = Site.find_for_request(request)
        setting = SiteLinks.for_site(site) if site else None
        links = []
        for name in LINKS:
            page = getattr(setting, name, None)
            # The page of the reader's language tree (its translation or alias), so the link keeps it.
            page = page.localized if page is not None else None
            if page is not None and page.live:
                links.append((name, page.get_url(request)))
        # The version is read again: the lookup may have created the settings row, and so a new version.
        cache.set(_key(request, fresh=True), links, timeout=3600)
    return links


def pages_version(request, *, fresh: bool = False) -> int:
    """A number that changes whenever a page or the footer links change (``forget_page_caches``).

    It is read once per request and kept on it (a page's route, footer, highlights and lists all ask),
    unless ``fresh`` asks for it to be read again.
    """
    version = None if fresh else getattr(request, "_pages_version", None)
    if version is None:
        version = request._pages_version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    return version


def _key(request, *, fresh: bool = False) -> str:
    return f"cms:footer-links:{pages_version(request, fresh=fresh)}:{request.get_host()}:{get_language()}"


def forget_page_caches(**kwargs) -> None:
    """Make every cached footer, and whatever else is keyed by ``pages_version`` (the home page's
    highlights, the sites and page routes of ``cms/routing.py``), stale: a receiver of page, site and
    settings changes, in ``cms/signals.py``."""
    with contextlib.suppress(ValueError):  # no version yet: nothing is cached under one either
        cache.incr(VERSION_KEY)

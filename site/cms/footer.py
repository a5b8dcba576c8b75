"""The footer's page links, cached: every page of the site shows them, so they must cost no query.

The cache key carries a version number that is bumped whenever the links or any page change, so an
edited, moved or unpublished page never leaves a stale link behind.
"""

import contextlib

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

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
            if page is not None and page.live:
                links.append((name, page.get_url(request)))
        # The key is read again: the first lookup may have created the settings row (and so a new version).
        cache.set(_key(request), links, timeout=3600)
    return links


def _key(request) -> str:
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    return f"cms:footer-links:{version}:{request.get_host()}"


def _forget_footer_links(**kwargs):
    with contextlib.suppress(ValueError):  # no version yet: nothing is cached under one either
        cache.incr(VERSION_KEY)


for _signal in (page_published, page_unpublished, post_page_move):
    _signal.connect(_forget_footer_links, dispatch_uid=f"cms.footer.{_signal}")


@receiver(post_save, sender=SiteLinks, dispatch_uid="cms.footer.links_saved")
@receiver(post_delete, sender=Page, dispatch_uid="cms.footer.page_deleted")
def _forget_after_change(**kwargs):
    _forget_footer_links()

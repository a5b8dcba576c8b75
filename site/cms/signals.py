"""Signal receivers of the site pages, connected in CmsConfig.ready."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .footer import forget_page_caches
from .models import SiteLinks


def connect() -> None:
    """Any published, unpublished, moved or deleted page, any edit of a site, of the footer links or of
    a page's view restriction, makes the cached footer links, home-page highlights, sites, page routes
    and shared page lists stale."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(forget_page_caches, dispatch_uid=f"cms.footer.{signal}")
    post_save.connect(forget_page_caches, sender=SiteLinks, dispatch_uid="cms.footer.links_saved")
    post_delete.connect(forget_page_caches, sender=Page, dispatch_uid="cms.footer.page_deleted")
    for signal in (post_save, post_delete):
        for model in (Site, PageViewRestriction):
            signal.connect(
                forget_page_caches, sender=model, dispatch_uid=f"cms.footer.{model.__name__}_{signal}"
            )

"""Keep the cached header link to the K-talk index, and the index's shared list, in step with the data."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms.footer import forget_page_caches

from .models import HostBody, KTalkIndexPage, Theme
from .templatetags.ktalks_tags import nav_cache_key


def clear_nav_cache(**kwargs):
    cache.delete_many([nav_cache_key(code) for code, _name in settings.LANGUAGES])


def connect():
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move, post_delete):
        signal.connect(clear_nav_cache, sender=KTalkIndexPage, dispatch_uid=f"ktalks.nav.{id(signal)}")
    # The index's shared list (``listing.py``) shows the hosts' and themes' names, in its filter too.
    for model in (HostBody, Theme):
        for signal in (post_save, post_delete):
            signal.connect(
                forget_page_caches, sender=model, dispatch_uid=f"ktalks.listing.{model.__name__}.{id(signal)}"
            )

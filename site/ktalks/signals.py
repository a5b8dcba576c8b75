"""Keep the cached header link to the K-talk index in step with the page tree."""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .models import KTalkIndexPage
from .templatetags.ktalks_tags import nav_cache_key


def clear_nav_cache(**kwargs):
    cache.delete_many([nav_cache_key(code) for code, _name in settings.LANGUAGES])


def connect():
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move, post_delete):
        signal.connect(clear_nav_cache, sender=KTalkIndexPage, dispatch_uid=f"ktalks.nav.{id(signal)}")

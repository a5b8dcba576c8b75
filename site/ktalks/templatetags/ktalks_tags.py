from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from ..models import KTalkIndexPage

register = template.Library()

NAV_CACHE_TIMEOUT = 300


def nav_cache_key(language: str) -> str:
    return f"ktalks:index-url:{language}"


@register.simple_tag(takes_context=True)
def ktalks_index_url(context) -> str:
    """URL of the K-talk index for the header ("" if there is none); cached, cleared when pages change."""
    request = context.get("request")
    key = nav_cache_key(get_language() or "")
    url = cache.get(key)
    if url is None:
        # The index of the reader's language tree, so that the link keeps the language.
        live = KTalkIndexPage.objects.live()
        index_page = live.filter(locale__language_code=get_language()).first() or live.first()
        url = (index_page.get_url(request=request) or "") if index_page else ""
        cache.set(key, url, NAV_CACHE_TIMEOUT)
    return url

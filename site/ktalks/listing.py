"""The K-talk index's list (the filter form, the upcoming and the past K-talks), rendered once and shared.

Building the list is most of the index's cost: the filter form's years, themes and hosts, the two lists,
the paginator's count and twenty rendered cards. An unfiltered page of it is the same for every reader of a
language, so its HTML is kept in the cache under ``pages_version``, which every publish, unpublish, move
and deletion of a page bumps, and every change of a host body, a theme or a view restriction
(``ktalks/signals.py``, ``cms/signals.py``). It is kept until the soonest upcoming K-talk begins (then that K-talk moves
from the upcoming list to the past one) and for at most ``KEEP_FOR``.

Only the unfiltered list is shared, page by page: a filtered or searched list is built for its request,
as its key would be the reader's to choose. The page numbers shared are bounded (``SHARED_PAGES``), so
no query string can fill the cache with copies.
"""

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from cms.footer import pages_version

KEEP_FOR = timedelta(minutes=10)
SHARED_PAGES = re.compile(r"[1-9][0-9]{0,2}")  # pages 1–999 of the unfiltered list


def shared_html(request, index_page, build: Callable[[], tuple[str, datetime | None]]) -> str:
    """The list's HTML for ``request``: from the cache when it can be shared, else from ``build``.

    ``build`` renders the list and says when its soonest upcoming K-talk begins (None if none is upcoming).
    The moment the copy goes stale is kept beside it and checked on every read, as the cache's own
    expiry counts whole seconds of its own clock.
    """
    key = _key(request, index_page)
    now = timezone.now()
    cached = cache.get(key) if key else None
    if cached is not None and now < cached[1]:
        return cached[0]
    html, next_start = build()
    if key:
        stale_at = now + KEEP_FOR if next_start is None else min(now + KEEP_FOR, next_start)
        cache.set(key, (html, stale_at), int(KEEP_FOR.total_seconds()))
    return html


def _key(request, index_page) -> str | None:
    """The cache key of an unfiltered page of the list, or None for a list that is not shared."""
    if set(request.GET) - {"page"} or len(request.GET.getlist("page")) > 1:
        return None
    page = request.GET.get("page", "1")
    if not SHARED_PAGES.fullmatch(page):
        return None
    return f"ktalks:listing:{pages_version(request)}:{index_page.pk}:{get_language()}:{page}"

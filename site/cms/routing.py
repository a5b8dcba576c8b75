"""Page routes cached between requests, so that a page costs one query to find instead of a walk.

Wagtail finds a page on every request by walking the tree: the site for the host, the site's root page
in the reader's language, then one child per path segment, each made specific (four queries for the K-talk
index, more for a page deeper down). The outcome of the walk depends only on the site, the language and the path, so it is kept in
the cache: which page the walk ended on (its id, type and tree address ``url_path``) and how many path
segments it used; the rest of the path is the page's own sub-route (a K-talk index's ``commitments/``).

A cached route is a hint and never trusted on its own: the page is loaded by id *and* tree address, and
its own ``route()`` still decides (it refuses a page that is not live). A page that was moved, renamed
or deleted no longer matches its old address, so the hint is dropped and the tree is walked as before.
The keys carry ``pages_version``, which every publish, unpublish, move, deletion and site change bumps
(``cms/signals.py``), so stale hints are not even read. Only successful routes are kept: an address that
leads nowhere (a 404) stores nothing. The rest of Wagtail's serving runs unchanged after the route is
found: the route and the site are handed over in the request attributes that Wagtail's own lookups read
first (``_wagtail_site``, ``_wagtail_route_for_request``). The route also records whether any view
restriction applies to the page (on it, above it, or on the page an alias stands for); every
restriction that is made, changed or deleted bumps ``pages_version`` too, so for a page with none
Wagtail's check is told so instead of reading the tree and the restrictions again (two queries on
every page); a page with a restriction is checked by Wagtail as before.

The keys are made of what Wagtail's site lookup reads, the host *name* and the server's port, not the
Host header as sent: a client that adds ports of its own choosing to the header (``example.org:1``,
``:2``, …) reaches the same keys instead of filling the cache with new ones. So there are at most as
many keys as allowed host names (``ALLOWED_HOSTS``, checked before any view) × languages × pages.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.views import serve

from .footer import pages_version

ROUTE_SECONDS = 3600


def serve_page(request, path):
    """Wagtail's page view, with the site and the route taken from the cache when they are there."""
    site_key, route_key = _keys(request, path)
    cached = cache.get_many([site_key, route_key])
    site = cached.get(site_key)
    if site is None:
        site = Site.find_for_request(request)
        if site is not None:
            cache.set(site_key, site, ROUTE_SECONDS)
    request._wagtail_site = site
    if site is not None and not _use_hint(request, path, cached.get(route_key)):
        _remember(request, path, site, route_key)
    return serve(request, path)


def _keys(request, path: str) -> tuple[str, str]:
    version = pages_version(request)
    host = f"{split_domain_port(request._get_raw_host())[0]}:{request.get_port()}"
    digest = hashlib.sha256(f"{host}\n{get_language()}\n{path}".encode()).hexdigest()
    return f"cms:site:{version}:{host}", f"cms:page-route:{version}:{digest}"


def _segments(path: str) -> list[str]:
    return [segment for segment in path.split("/") if segment]


def _use_hint(request, path: str, hint) -> bool:
    """Route ``request`` through the page a cached hint names, if it still stands where it stood."""
    if hint is None:
        return False
    page_id, content_type_id, url_path, used, restricted = hint
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = (
        model.objects.filter(pk=page_id, url_path=url_path).select_related("locale").first()
        if model
        else None
    )
    if page is None:
        return False
    try:
        route = page.route(request, _segments(path)[used:])
    except Http404:
        return False
    if not restricted and route[0] is page:
        # Read by Wagtail's ``check_view_restrictions`` hook: nothing to read, as the hint is current.
        page.get_view_restrictions = PageViewRestriction.objects.none
    request._wagtail_route_for_request = route
    return True


def _remember(request, path: str, site: Site, route_key: str) -> None:
    """Walk the tree as Wagtail does and keep where the walk ended."""
    route = Page.route_for_request(request, path)
    if route is None:
        return
    page = route[0]
    used = page.depth - site.root_page.depth
    if 0 <= used <= len(_segments(path)):
        restricted = page.get_view_restrictions().exists()
        cache.set(route_key, (page.pk, page.content_type_id, page.url_path, used, restricted), ROUTE_SECONDS)

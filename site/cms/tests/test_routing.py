"""Cached page routes (cms/routing.py): a page is found without walking the tree, and a cached route
never serves a page from an address it no longer has, a page that is not live, or the wrong language."""

import pytest
from django.core.cache import cache
from wagtail.models import Page, PageViewRestriction

from cms.setup import setup_site
from ktalks.tests import factories

pytestmark = pytest.mark.django_db


def _walks_the_tree(queries) -> bool:
    """Whether a request looked a child page up by its slug, as Wagtail's tree walk does."""
    return any('"wagtailcore_page"."slug" =' in query["sql"] for query in queries)


def _seen(client, url) -> None:
    """Visit ``url`` until its route is cached (the first visit of a site may make its settings rows,
    and with them new cache keys)."""
    for _visit in range(2):
        assert client.get(url).status_code == 200


@pytest.fixture
def ktalk_index():
    return factories.index_page()


@pytest.fixture
def ktalk(ktalk_index):
    return factories.ktalk(title="Reittitesti", parent=ktalk_index)


def test_a_page_seen_once_is_found_again_without_the_walk(client, ktalk, django_assert_max_num_queries):
    cache.clear()
    with django_assert_max_num_queries(40) as walked:
        client.get(ktalk.url)
    # Read before the next request: Django empties the query log when a request starts.
    assert _walks_the_tree(walked.captured_queries)
    client.get(ktalk.url)  # the first view may have made settings rows, which makes new keys
    with django_assert_max_num_queries(40) as cached:
        response = client.get(ktalk.url)
    assert response.status_code == 200 and response.context["page"].pk == ktalk.pk
    assert not _walks_the_tree(cached.captured_queries)
    assert not any('FROM "wagtailcore_site"' in query["sql"] for query in cached.captured_queries)
    # A page's own sub-route is an address of its own: the follow-up of the K-talk index.
    index = ktalk.get_parent().specific
    follow_up = index.url + index.reverse_subpage("commitments")
    assert "page_obj" in client.get(follow_up).context
    assert "page_obj" in client.get(follow_up).context


def test_ports_added_to_the_host_header_reuse_the_cached_route(client, ktalk, django_assert_max_num_queries):
    """The port in the Host header is not part of the key: varying it cannot fill the cache."""
    _seen(client, ktalk.url)
    for port in range(1, 6):
        with django_assert_max_num_queries(40) as queries:
            response = client.get(ktalk.url, headers={"host": f"testserver:{port}"})
        assert response.status_code == 200
        # A new key would have been a miss, and a miss walks the tree.
        assert not _walks_the_tree(queries.captured_queries), port


def test_a_renamed_page_leaves_its_old_address_at_once(client, ktalk):
    old_url = ktalk.url
    _seen(client, old_url)
    ktalk.slug = "uusi-osoite"
    ktalk.save_revision().publish()
    ktalk.refresh_from_db()
    assert client.get(old_url).status_code == 404
    assert client.get(ktalk.url).status_code == 200


def test_an_unpublished_page_is_gone_at_once(client, ktalk):
    _seen(client, ktalk.url)
    ktalk.unpublish()
    assert client.get(ktalk.url).status_code == 404


def test_a_moved_page_is_served_only_at_its_new_address(client, ktalk, ktalk_index):
    from ktalks.models import KTalkIndexPage

    other = ktalk_index.get_parent().add_child(instance=KTalkIndexPage(title="Arkisto", slug="arkisto"))
    old_url = ktalk.url
    _seen(client, old_url)
    ktalk.move(other, pos="last-child")
    ktalk.refresh_from_db()
    moved = client.get(old_url)  # Wagtail leaves a permanent redirect at the old address
    assert moved.status_code == 301 and moved["Location"] == ktalk.url
    assert client.get(ktalk.url).status_code == 200


@pytest.mark.parametrize("change", ["not live", "new address"])
def test_a_cached_route_is_not_trusted_when_no_signal_said_the_page_changed(client, ktalk, change):
    """Rows changed behind Wagtail's back (a bulk update, a restore) send no signal, so the cached
    route is still read: the page it names must be checked, not believed."""
    url = ktalk.url
    _seen(client, url)
    rows = Page.objects.filter(pk=ktalk.pk)
    if change == "not live":
        rows.update(live=False)
    else:
        rows.update(slug="muualla", url_path=ktalk.url_path.replace(ktalk.slug, "muualla"))
    assert client.get(url).status_code == 404


def test_a_restricted_page_still_asks_everyone_to_sign_in(client, ktalk, make_user):
    PageViewRestriction.objects.create(page=ktalk, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(make_user())
    _seen(client, ktalk.url)  # cached by a signed-in reader
    client.logout()
    response = client.get(ktalk.url)
    assert response.status_code == 302 and "Reittitesti" not in response.content.decode()


@pytest.mark.parametrize("where", ["on the page", "above it", "on the page an alias stands for"])
def test_a_restriction_made_after_the_route_was_cached_applies_at_once(client, ktalk, ktalk_index, where):
    """A cached route that says no restriction applies is believed only until any restriction changes."""
    url = ktalk.url
    if where == "on the page an alias stands for":
        url = ktalk.create_alias(parent=ktalk_index, update_slug="reittitesti-alias").url
    _seen(client, url)
    restricted = ktalk_index if where == "above it" else ktalk
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(url)
    assert response.status_code == 302 and "Reittitesti" not in response.content.decode()


def test_an_unrestricted_page_skips_the_restriction_lookups_once_its_route_is_cached(
    client, ktalk, ktalk_index, django_assert_num_queries
):
    _seen(client, ktalk_index.url)  # its list is cached too
    with django_assert_num_queries(1) as queries:  # the page, by id and tree address, with its locale
        client.get(ktalk_index.url)
    assert not any("wagtailcore_pageviewrestriction" in query["sql"] for query in queries.captured_queries)


def test_each_language_keeps_its_own_tree(client):
    setup_site()
    for path, language in (("/sv/", "sv"), ("/", "fi"), ("/en/", "en"), ("/sv/", "sv"), ("/", "fi")):
        response = client.get(path)
        assert response.status_code == 200
        assert response.context["page"].locale.language_code == language, path

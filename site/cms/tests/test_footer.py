from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.footer import VERSION_KEY
from cms.models import InfoPage, SiteLinks
from cms.setup import setup_site


def test_footer_links_cost_no_query_once_cached_and_follow_changes(client, db):
    setup_site()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert not [q for q in queries.captured_queries if "cms_sitelinks" in q["sql"]]
    assert '<a href="/tietosuoja/">Tietosuojaseloste</a>' in html

    privacy = InfoPage.objects.get(slug="tietosuoja", locale__language_code="fi")
    privacy.slug = "tietosuojaseloste"
    privacy.save_revision().publish()
    assert '<a href="/tietosuojaseloste/">Tietosuojaseloste</a>' in client.get("/").content.decode()

    privacy.unpublish()
    assert "Tietosuojaseloste</a>" not in client.get("/").content.decode()

    links = SiteLinks.objects.get()
    links.accessibility_page = None
    links.save()
    assert "Saavutettavuusseloste</a>" not in client.get("/").content.decode()


def test_a_page_reads_the_page_tree_version_once(client, db, monkeypatch):
    """Its route, footer, highlights and links are all kept under the version: one cache read for all."""
    setup_site()
    for _visit in range(2):
        client.get("/")
    reads = []
    read = cache.get_or_set

    def counted(key, *args, **kwargs):
        reads.append(key)
        return read(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get_or_set", counted)
    assert client.get("/").status_code == 200
    assert reads.count(VERSION_KEY) == 1

from django.db import connection
from django.test.utils import CaptureQueriesContext

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

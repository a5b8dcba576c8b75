"""Any text typed into a search box gives a page with the query shown back escaped (the XSS corpus as
queries: it once made the SQLite search backend fail with an FTS5 syntax error)."""

import pytest
from django.utils.html import escape

from ktalks.tests import factories
from tests.xss import xss_payloads

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("search_page", ["site", "forum", "ktalks"])
def test_every_payload_as_a_query_gives_a_page_with_the_query_escaped(client, home_page, search_page):
    ktalk = factories.ktalk()  # something in the index, so that every search really runs
    path = {"site": "/search/", "forum": "/forum/search/", "ktalks": ktalk.get_parent().url}[search_page]
    failed = []
    # Every third payload keeps the test quick; the sample has quotes, brackets, colons and stars of
    # every kind the search backends parse.
    for payload in xss_payloads()[::3]:
        response = client.get(path, {"q": payload})
        html = response.content.decode()
        shown = escape(payload.strip()[:200])
        if response.status_code != 200 or shown not in html or "window.__xss = 1</script>" in html:
            failed.append((response.status_code, payload))
    assert failed == []

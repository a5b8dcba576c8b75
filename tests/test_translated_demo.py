"""A Swedish and an English reader follow every link of the demo site from their home page: no page
shows a Finnish sentence that is not marked ``lang="fi"``, and no link leaves the reader's language.

The demo is Finnish-first with translations of some of it, so this finds what a walk through chosen pages
does not: a text of the registers, the chat, the forum or a list that forgets its language."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from testing.languages import finnish_outside_a_finnish_element

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# Addresses a reader's click does not render as a page of the site.
NOT_PAGES = ("/admin/", "/static/", "/media/", "/documents/", "/accounts/logout/")


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def walk(client, start: str, limit: int = 400):
    """(url, html) of every HTML page reachable from ``start`` through internal links; with every link
    that leaves ``start``'s language prefix as (page, link) in the second list."""
    prefix = start
    seen, queue, pages, strays = set(), [start], [], []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        soup = BeautifulSoup(html, "html.parser")
        if soup.find("main") is None:
            continue
        pages.append((url, html))
        for link in soup.find_all("a", href=True):
            href = link["href"].split("#")[0]
            if not href.startswith("/") or href.startswith(NOT_PAGES):
                continue
            if not href.startswith(prefix):
                strays.append((url, href))
            elif href not in seen:
                queue.append(href)
    return pages, strays


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_page_of_the_demo_shows_unmarked_finnish_or_leaves_the_language(client, demo, language):
    pages, strays = walk(client, f"/{language}/")
    assert len(pages) > 50  # the home page, K-talks, the forum, eRaati, the chat, the publications...
    assert not strays
    unmarked = {url: found for url, html in pages if (found := finnish_outside_a_finnish_element(html))}
    assert not unmarked

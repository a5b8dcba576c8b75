"""The site search: every live public page through Wagtail search, plus the apps' search providers."""

import pytest
from django.apps import apps
from wagtail.models import PageViewRestriction

from cms import search
from cms.models import InfoPage
from ktalks.tests import factories

pytestmark = pytest.mark.django_db


def _titles(response):
    return [page.title for page in response.context["page_results"].object_list]


@pytest.fixture
def pages(home_page):
    info = home_page.add_child(
        instance=InfoPage(
            title="Saavutettavuusseloste", slug="saavutettavuus", intro="Palvelun saavutettavuus"
        )
    )
    ktalk = factories.ktalk(
        title="Asuminen Tampereella",
        notes=[{"type": "voice_quote", "value": {"quote": "Asuin ystävien sohvilla.", "speaker": "Sanna"}}],
        voices=["Sanna"],
    )
    draft = factories.ktalk(title="Luonnos sohvilla", summary="sohvilla", live=False)
    return info, ktalk, draft


def test_search_finds_ktalk_notes_and_info_pages_but_not_drafts(client, pages):
    response = client.get("/search/", {"q": "sohvilla"})
    assert response.status_code == 200
    assert _titles(response) == ["Asuminen Tampereella"]
    assert _titles(client.get("/search/", {"q": "saavutettavuus"})) == ["Saavutettavuusseloste"]
    html = client.get("/search/", {"q": "sohvilla"}).content.decode()
    assert "1 sivu löytyi" in html
    assert 'value="sohvilla"' in html  # what the person typed stays in the box


def test_search_skips_pages_behind_a_view_restriction(client, pages):
    _info, ktalk, _draft = pages
    PageViewRestriction.objects.create(page=ktalk, restriction_type=PageViewRestriction.LOGIN)
    assert _titles(client.get("/search/", {"q": "sohvilla"})) == []


def test_empty_search_shows_only_the_form(client, home_page):
    response = client.get("/search/", {"q": "   "})
    assert response.status_code == 200
    assert response.context["page_results"] is None
    html = response.content.decode()
    assert '<label for="search-q">Hae sivustolta</label>' in html


def test_query_text_is_escaped(client, home_page):
    html = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def fake_topic_provider(query, *, request, limit):
    return [search.SearchHit(title=f"Keskustelu: {query}", url="/forum/t/1/", summary="Aloitusviesti")][
        :limit
    ]


@pytest.fixture
def forum_provider(monkeypatch):
    """An installed app that registers a provider, as the forum does with ``search_provider``."""
    config = apps.get_app_config("forum")
    monkeypatch.setattr(config, "search_provider", f"{__name__}.fake_topic_provider", raising=False)
    search.registered_providers.cache_clear()
    yield config
    monkeypatch.undo()
    search.registered_providers.cache_clear()


def test_apps_add_results_through_a_search_provider(client, home_page, forum_provider):
    response = client.get("/search/", {"q": "vuokra"})
    [(label, _hits)] = response.context["sections"]
    assert label == str(forum_provider.verbose_name)
    html = response.content.decode()
    assert '<a href="/forum/t/1/">Keskustelu: vuokra</a>' in html


def test_without_providers_there_are_no_extra_sections(client, home_page, monkeypatch):
    monkeypatch.setattr(search, "registered_providers", lambda: ())
    assert client.get("/search/", {"q": "vuokra"}).context["sections"] == []

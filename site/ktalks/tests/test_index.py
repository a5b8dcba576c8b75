"""The K-talk index: upcoming and past events, filters, search, the header link, the demo."""

import datetime
import re
from html import unescape

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from ktalks import services, views
from ktalks.models import (
    Commitment,
    CommitmentUpdate,
    DecisionMaker,
    HostBody,
    KTalkIndexPage,
    KTalkPage,
    VoiceOfExperience,
)

from . import factories

pytestmark = pytest.mark.django_db

# A list built for its request: the page (1), the years, both lists, the count of past ones and the
# filter's themes and hosts (6); a filter by theme also looks its theme up.
BUILT_LIST_QUERIES = 7
FILTERED_QUERIES = BUILT_LIST_QUERIES + 1


SECTIONS = {"upcoming": "upcoming-heading", "past_page": "past-heading"}


def _titles(response, key):
    """The titles of the cards listed in one section of the index, as the reader sees them."""
    html = response.content.decode()
    section = re.search(rf'<section aria-labelledby="{SECTIONS[key]}">(.*?)</section>', html, re.S).group(1)
    return [unescape(title) for title in re.findall(r'<h3[^>]*><a href="[^"]*">([^<]*)</a></h3>', section)]


def test_index_separates_upcoming_and_past_in_date_order(client, ktalk_index):
    now = timezone.now()
    factories.ktalk(title="Kuukausi sitten", starts_at=now - datetime.timedelta(days=30))
    factories.ktalk(title="Vuosi sitten", starts_at=now - datetime.timedelta(days=365))
    factories.ktalk(title="Ensi kuussa", starts_at=now + datetime.timedelta(days=30))
    factories.ktalk(title="Ensi viikolla", starts_at=now + datetime.timedelta(days=7))
    factories.ktalk(title="Luonnos", live=False)
    response = client.get(ktalk_index.url)
    assert _titles(response, "upcoming") == ["Ensi viikolla", "Ensi kuussa"]
    assert _titles(response, "past_page") == ["Kuukausi sitten", "Vuosi sitten"]
    html = response.content.decode()
    assert "Tulevat K-talkit" in html and "Menneet K-talkit ja niiden muistiot" in html


def test_index_filters_by_year_theme_and_host(client, ktalk_index):
    tz = timezone.get_current_timezone()
    housing = factories.theme(name="Asuminen")
    committee = factories.host_body(name="Valiokunta")
    factories.ktalk(
        title="A", starts_at=datetime.datetime(2025, 3, 1, 12, tzinfo=tz), theme=housing, host=committee
    )
    factories.ktalk(title="B", starts_at=datetime.datetime(2026, 3, 1, 12, tzinfo=tz), theme=housing)
    factories.ktalk(title="C", starts_at=datetime.datetime(2026, 4, 1, 12, tzinfo=tz), host=committee)

    assert _titles(client.get(ktalk_index.url, {"year": 2026}), "past_page") == ["C", "B"]
    assert _titles(client.get(ktalk_index.url, {"theme": housing.pk}), "past_page") == ["B", "A"]
    assert _titles(client.get(ktalk_index.url, {"host": committee.pk}), "past_page") == ["C", "A"]
    assert _titles(client.get(ktalk_index.url, {"year": 2026, "host": committee.pk}), "past_page") == ["C"]
    response = client.get(ktalk_index.url, {"year": 1999})
    assert 'id="id_year_error"' in response.content.decode()
    assert _titles(response, "past_page") == ["C", "B", "A"]


def test_index_searches_titles_summaries_and_notes(client, ktalk_index):
    factories.ktalk(title="Toimeentulotuki", summary="Kela ja hakemukset")
    factories.ktalk(
        title="Asuminen",
        notes=[{"type": "paragraph", "value": "<p>Vuokrat nousevat ja häätöuhka kasvaa.</p>"}],
    )
    assert _titles(client.get(ktalk_index.url, {"q": "Kela"}), "past_page") == ["Toimeentulotuki"]
    assert _titles(client.get(ktalk_index.url, {"q": "häätöuhka"}), "past_page") == ["Asuminen"]
    assert _titles(client.get(ktalk_index.url, {"q": "olematon"}), "past_page") == []


def test_index_runs_a_fixed_number_of_queries(client, ktalk_index, django_assert_num_queries):
    """A shared page of the list costs only the page's own lookups; a filtered one a fixed number."""
    housing = factories.theme()
    factories.ktalk(theme=housing)
    for _visit in range(2):  # a site's first view may make its settings rows, and so new cache keys
        client.get(ktalk_index.url)
    with django_assert_num_queries(1):  # the page, by its cached route
        client.get(ktalk_index.url)
    with django_assert_num_queries(FILTERED_QUERIES):
        client.get(ktalk_index.url, {"theme": housing.pk})
    for _i in range(5):
        factories.ktalk(theme=factories.theme(), starts_at=timezone.now() + datetime.timedelta(days=3))
        factories.ktalk(theme=housing)
    client.get(ktalk_index.url)  # publishing pages refreshes the cached footer links once
    client.get(ktalk_index.url)
    with django_assert_num_queries(1):
        client.get(ktalk_index.url)
    with django_assert_num_queries(FILTERED_QUERIES):  # however many K-talks
        client.get(ktalk_index.url, {"theme": housing.pk})


def test_the_shared_list_follows_publishing_hosts_themes_and_restrictions(client, ktalk_index):
    housing = factories.theme(name="Asuminen")
    first = factories.ktalk(title="Vuokrat", theme=housing)
    assert _titles(client.get(ktalk_index.url), "past_page") == ["Vuokrat"]

    second = factories.ktalk(title="Toimeentulo", starts_at=timezone.now() - datetime.timedelta(days=60))
    assert _titles(client.get(ktalk_index.url), "past_page") == ["Vuokrat", "Toimeentulo"]
    first.unpublish()
    assert _titles(client.get(ktalk_index.url), "past_page") == ["Toimeentulo"]

    housing.name_fi = "Asuminen ja vuokrat"
    housing.save()
    assert "Asuminen ja vuokrat" in client.get(ktalk_index.url).content.decode()  # the theme filter

    PageViewRestriction.objects.create(page=second, restriction_type=PageViewRestriction.LOGIN)
    assert _titles(client.get(ktalk_index.url), "past_page") == []


def test_an_upcoming_ktalk_moves_to_the_past_list_as_it_begins(client, ktalk_index):
    begins = timezone.now() + datetime.timedelta(hours=2)
    factories.ktalk(title="Pian", starts_at=begins)
    with time_machine.travel(begins - datetime.timedelta(minutes=1), tick=False):
        client.get(ktalk_index.url)  # a site's first view may make its settings rows, and new keys
        response = client.get(ktalk_index.url)
        assert (_titles(response, "upcoming"), _titles(response, "past_page")) == (["Pian"], [])
    with time_machine.travel(begins + datetime.timedelta(minutes=1), tick=False):
        response = client.get(ktalk_index.url)
        assert (_titles(response, "upcoming"), _titles(response, "past_page")) == ([], ["Pian"])


@pytest.mark.parametrize(
    "query", [{"page": "1000"}, {"page": "01"}, {"page": ["1", "2"]}, {"utm_source": "x"}, {"q": ""}]
)
def test_query_strings_of_their_own_are_not_shared(client, ktalk_index, query, django_assert_num_queries):
    """Only the unfiltered pages 1–999 are kept: any other query string is built for its own request, so
    no one can fill the cache with copies of the list."""
    factories.ktalk()
    for _visit in range(2):
        client.get(ktalk_index.url, query)
    with django_assert_num_queries(BUILT_LIST_QUERIES):
        client.get(ktalk_index.url, query)


def test_past_ktalks_are_read_from_the_database_a_page_at_a_time(
    client, ktalk_index, django_assert_max_num_queries
):
    """Only one page of past K-talks is fetched, however many there are, and the pages do not overlap."""
    now = timezone.now()
    for day in range(1, views.PAST_PER_PAGE + 4):
        factories.ktalk(title=f"Päivä {day}", starts_at=now - datetime.timedelta(days=day))
    factories.ktalk(title="Tuleva", starts_at=now + datetime.timedelta(days=1))
    newest_first = [f"Päivä {day}" for day in range(1, views.PAST_PER_PAGE + 4)]

    with django_assert_max_num_queries(30) as captured:
        first = client.get(ktalk_index.url)
    # Read before the next request: Django empties the query log when a request starts.
    listing = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith("SELECT") and '"starts_at" DESC' in query["sql"]
    ]
    second = client.get(ktalk_index.url, {"page": 2})
    assert _titles(first, "past_page") == newest_first[: views.PAST_PER_PAGE]
    assert _titles(second, "past_page") == newest_first[views.PAST_PER_PAGE :]
    assert _titles(first, "upcoming") == _titles(second, "upcoming") == ["Tuleva"]
    assert listing and all(f"LIMIT {views.PAST_PER_PAGE}" in sql for sql in listing), listing


def test_ktalks_under_a_restricted_section_are_listed_nowhere(client, ktalk_index):
    """A view restriction on a section hides its K-talks from every public list, not only its own."""
    now = timezone.now()
    factories.ktalk(parent=ktalk_index, title="Avoin keskustelu", starts_at=now - datetime.timedelta(days=9))
    section = ktalk_index.get_parent().add_child(
        instance=KTalkIndexPage(title="Sisäiset", slug="sisaiset", intro="Vain kirjautuneille")
    )
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    hidden = factories.ktalk(
        parent=section, title="Suljettu keskustelu", starts_at=now - datetime.timedelta(days=1)
    )
    services.create_commitment(
        user=None, ktalk=hidden, decision_maker=factories.decision_maker(), promise="Suljettu lupaus"
    )

    home = client.get("/").content.decode()
    assert "Avoin keskustelu" in home and "Suljettu keskustelu" not in home
    follow_up = client.get(ktalk_index.url + ktalk_index.reverse_subpage("commitments"), {"status": "all"})
    assert "Suljettu lupaus" not in follow_up.content.decode()
    assert client.get(section.url).status_code == 302  # the section itself asks the reader to sign in


def test_header_links_to_the_index_and_the_search(client, ktalk_index):
    html = client.get("/").content.decode()
    assert f'<a href="{ktalk_index.url}">K-talkit</a>' in html
    assert '<a href="/search/">Haku</a>' in html


def test_header_link_follows_a_renamed_index(client, ktalk_index):
    client.get("/")
    ktalk_index.slug = "keskustelut"
    ktalk_index.save_revision().publish()
    assert '<a href="/keskustelut/">K-talkit</a>' in client.get("/").content.decode()


def test_header_has_no_ktalks_link_without_an_index(client, home_page):
    assert ">K-talkit</a>" not in client.get("/").content.decode()


@pytest.mark.slow
def test_demo_loads_four_ktalks_and_loading_twice_changes_nothing():
    call_command("load_demo")
    models = (KTalkPage, HostBody, DecisionMaker, VoiceOfExperience, Commitment, CommitmentUpdate)
    counts = [model.objects.count() for model in models]
    call_command("load_demo")
    assert [model.objects.count() for model in models] == counts
    # Four K-talks, each in the Finnish, Swedish and English trees (translated or as an alias).
    assert KTalkPage.objects.filter(locale__language_code="fi").count() == 4
    assert counts[0] == 4 * 3
    statuses = set(Commitment.objects.values_list("status", flat=True))
    assert statuses == {"promised", "in_progress", "done", "not_done"}
    upcoming = [
        page for page in KTalkPage.objects.live().filter(locale__language_code="fi") if page.is_upcoming
    ]
    assert len(upcoming) == 1

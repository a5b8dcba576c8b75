"""The site search understands Finnish: pages are found by the base forms and compound parts of their
words, on SQLite and PostgreSQL alike, best first, with the matching words marked in a snippet."""

import pytest

from cms import search
from cms.models import InfoPage
from eraati.models import CouncilMemoPage
from ktalks.tests import factories
from kuulluksi import finnish

pytestmark = pytest.mark.django_db

needs_voikko = pytest.mark.skipif(
    finnish.backend() != finnish.VOIKKO, reason="base forms need Voikko (scripts/ensure-voikko)"
)


def _titles(client, query):
    return [page.title for page in client.get("/search/", {"q": query}).context["page_results"].object_list]


@pytest.fixture
def pages(home_page):
    memo = home_page.add_child(
        instance=CouncilMemoPage(
            title="Asiakasraadin muistio 3.11.",
            slug="muistio",
            body=[("paragraph", "<p>Raati kävi läpi toimeentulotuen hakemuksen vaiheet.</p>")],
        )
    )
    memo.save_revision().publish()
    ktalk = factories.ktalk(
        title="Asumisen K-talk",
        summary="Moni kertoi, että vuokra-asunnon saaminen kesti kuukausia ja soitto Kelaan jäi jonoon.",
    )
    info = home_page.add_child(
        instance=InfoPage(title="Tietoa palvelusta", slug="tietoa", intro="Yleistä tietoa sivustosta.")
    )
    return memo, ktalk, info


@needs_voikko
@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("hakemus", "Asiakasraadin muistio 3.11."),
        ("toimeentulotuki", "Asiakasraadin muistio 3.11."),
        ("asunto", "Asumisen K-talk"),
        ("Kela", "Asumisen K-talk"),
        ("asiakasraati", "Asiakasraadin muistio 3.11."),
    ],
)
def test_a_base_form_finds_its_inflections_and_compounds(client, pages, query, title):
    found = _titles(client, query)
    assert found[0] == title
    assert "Tietoa palvelusta" not in found


def test_a_word_as_written_is_still_found(client, pages):
    assert _titles(client, "vuokra-asunnon") == ["Asumisen K-talk"]


@needs_voikko
def test_a_match_in_the_title_ranks_first(client, home_page, pages):
    home_page.add_child(
        instance=InfoPage(title="Hakemukset ja niiden käsittely", slug="hakemukset", intro="Ohjeita.")
    ).save_revision().publish()
    assert _titles(client, "hakemus")[0] == "Hakemukset ja niiden käsittely"


@needs_voikko
def test_the_snippet_marks_the_words_that_matched_by_base_form(client, pages):
    html = client.get("/search/", {"q": "hakemus"}).content.decode()
    assert "toimeentulotuen <mark>hakemuksen</mark> vaiheet" in html


def test_the_snippet_escapes_the_text_and_keeps_only_marks(client, home_page):
    home_page.add_child(
        instance=InfoPage(
            title="Merkit", slug="merkit", intro="Kirjoita <b>lomake</b> & lähetä <script>x</script>"
        )
    ).save_revision().publish()
    html = client.get("/search/", {"q": "lomake"}).content.decode()
    assert "<b>" not in html.split("search-results")[1]
    assert "<mark>lomake</mark>" in html


def test_a_long_text_is_cut_around_the_first_match():
    text = " ".join(["sana"] * 200) + " hakemus " + " ".join(["toinen"] * 200)
    result = str(search.snippet(text, "hakemus"))
    assert result.startswith("… ") and result.endswith(" …")
    assert "<mark>hakemus</mark>" in result
    assert len(result) < search.SNIPPET_LENGTH + 40


def test_a_query_made_of_markup_is_marked_as_text():
    result = str(search.snippet("a <mark> b", "<mark>"))
    assert "&lt;<mark>mark</mark>&gt;" in result

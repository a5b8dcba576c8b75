"""A Swedish or English reader walks from the home page to the privacy notice, the monthly survey and the
annual report, and meets no Finnish sentence that is not marked ``lang="fi"``; links keep the language."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cms.models import InfoPage
from cms.setup import PUBLICATIONS_SLUG, setup_site
from eraati import demo as eraati_demo
from eraati.models import Survey
from testing.languages import finnish_outside_a_finnish_element, internal_links

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_with_a_survey():
    setup_site()
    now = timezone.now()
    translated = eraati_demo._survey(
        slug="kaannetty",
        title="Joulukuun eRaati",
        kind=Survey.Kind.MONTHLY,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
        intro="Kerro, miten palvelut toimivat ja mitä toivot.",
        questions=eraati_demo.MONTHLY_QUESTIONS[:4],
        translations={
            code: (
                f"eRaati {code}",
                intro,
                {key: texts[code] for key, texts in eraati_demo.MONTHLY_TRANSLATIONS.items()},
            )
            for code, intro in eraati_demo.MONTHLY_INTROS.items()
        },
    )
    untranslated = eraati_demo._survey(
        slug="suomeksi",
        title="Syventävä kysely",
        kind=Survey.Kind.MONTHLY,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
        intro="Kerro lisää, jos haluat ja jos voit.",
        questions=eraati_demo.MONTHLY_QUESTIONS[3:4],
    )
    return translated, untranslated


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_reader_meets_no_unmarked_finnish_from_the_home_page_to_the_survey(
    client, site_with_a_survey, language
):
    translated, untranslated = site_with_a_survey
    home = client.get(f"/{language}/").content.decode()
    assert not finnish_outside_a_finnish_element(home)
    assert all(link.startswith(f"/{language}/") for link in internal_links(home)), internal_links(home)

    privacy = client.get(f"/{language}/tietosuoja/").content.decode()
    assert not finnish_outside_a_finnish_element(privacy)
    assert "(suomeksi)" not in privacy

    index = client.get(f"/{language}/eraati/").content.decode()
    assert not finnish_outside_a_finnish_element(index)
    assert f"/{language}/eraati-julkaisut/" in internal_links(index)

    survey = client.get(f"/{language}/eraati/kysely/{translated.slug}/").content.decode()
    assert not finnish_outside_a_finnish_element(survey)
    assert "(suomeksi)" not in survey
    assert eraati_demo.MONTHLY_TRANSLATIONS["palveluun-paasee"][language][0] in survey

    # A survey with no translation is shown whole in Finnish, marked so, with the note.
    fallback = client.get(f"/{language}/eraati/kysely/{untranslated.slug}/").content.decode()
    assert not finnish_outside_a_finnish_element(fallback)
    assert "(suomeksi)" in fallback
    assert "Miten asioit useimmiten?" in fallback


def test_an_untranslated_page_is_shown_in_finnish_marked_in_the_readers_tree(client, site_with_a_survey):
    publications = InfoPage.objects.get(slug=PUBLICATIONS_SLUG, locale__language_code="fi")
    memo = publications.add_child(
        instance=InfoPage(
            title="Raadin muistio", slug="muistio", intro="Kävimme läpi, mitä on tehty ja mitä ei."
        )
    )
    memo.save_revision().publish()
    from cms.languages import synchronise_page_trees

    synchronise_page_trees()
    listing = client.get(f"/sv/{PUBLICATIONS_SLUG}/").content.decode()
    assert f"/sv/{PUBLICATIONS_SLUG}/muistio/" in internal_links(listing)
    page = client.get(f"/sv/{PUBLICATIONS_SLUG}/muistio/").content.decode()
    assert "(suomeksi)" in page
    assert not finnish_outside_a_finnish_element(page)
    assert 'lang="fi">Kävimme läpi' in page
    # Its breadcrumb leads back up the Swedish tree.
    assert f'<a href="/sv/{PUBLICATIONS_SLUG}/">eRaati: resultat och minnesanteckningar</a>' in page


def test_the_survey_builder_refuses_translated_options_that_do_not_match_the_finnish_ones(site_with_a_survey):
    translated, _untranslated = site_with_a_survey
    question = translated.questions.get(key="asiointitapa")
    question.options_sv = "Per telefon\nPå nätet"  # two of four
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "options_sv" in error.value.message_dict


def test_the_header_and_footer_links_keep_the_readers_language(client, site_with_a_survey):
    from cms.languages import synchronise_page_trees
    from ktalks.demo import ensure_index_page

    ensure_index_page()
    synchronise_page_trees()
    for language in ("sv", "en"):
        html = client.get(f"/{language}/").content.decode()
        assert f'href="/{language}/tietosuoja/"' in html
        assert f'href="/{language}/k-talkit/"' in html
        assert f'href="/{language}/{PUBLICATIONS_SLUG}/"' in html
    assert 'href="/k-talkit/"' in client.get("/").content.decode()


def test_the_swedish_login_page_points_a_newcomer_to_sign_up(client, site_with_a_survey):
    html = client.get("/sv/accounts/login/").content.decode()
    assert "Har du redan ett konto" not in html
    assert "skapa ett konto" in html


def test_one_date_and_time_format_per_language():
    from django.utils import translation
    from django.utils.formats import date_format

    moment = timezone.make_aware(datetime.datetime(2026, 12, 1, 17, 36))
    expected = {"fi": "1.12.2026 17.36", "sv": "1.12.2026 kl. 17.36", "en": "1 Dec 2026, 17:36"}
    for language, text in expected.items():
        with translation.override(language):
            assert date_format(moment, "SHORT_DATETIME_FORMAT") == text


def test_no_template_spells_out_a_date_format():
    """Templates name the language's formats (``SHORT_DATE_FORMAT``), so that a date reads the same on
    every page of one language; only machine-readable values (``Y-m-d`` in ``datetime``) are spelled."""
    from pathlib import Path

    from django.conf import settings

    named = {"DATE_FORMAT", "TIME_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT"}
    spelled = []
    for template in Path(settings.BASE_DIR).glob("**/templates/**/*.*"):
        if ".venv" in template.parts:
            continue
        for fmt in re.findall(r"""\|(?:date|time):["']([^"']*)["']""", template.read_text()):
            if fmt not in named and fmt != "Y-m-d":
                spelled.append((template.name, fmt))
    assert not spelled


def test_a_rule_without_a_translation_is_shown_in_finnish_marked(client, site_with_a_survey):
    from moderation.models import Rule

    rule = Rule.objects.get(number=2)
    rule.title_en = ""
    rule.save()
    html = client.get("/en/moderation/rules/").content.decode()
    assert f'<span lang="fi">{rule.title_fi}</span>' in html
    assert Rule.objects.get(number=3).title_en in html


def test_answers_given_in_finnish_and_swedish_are_one_set_of_results(client):
    setup_site()
    now = timezone.now()
    survey = eraati_demo._survey(
        slug="yksi-kysymys",
        title="Yksi kysymys",
        kind=Survey.Kind.MONTHLY,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
        intro="",
        questions=eraati_demo.MONTHLY_QUESTIONS[3:4],
        translations={
            code: (f"En fråga {code}", "", {"asiointitapa": texts[code]})
            for code, texts in [("sv", eraati_demo.MONTHLY_TRANSLATIONS["asiointitapa"])]
        },
    )
    question = survey.questions.get()
    for prefix, chosen_label in (("", "Verkossa"), ("/sv", "På nätet")):
        url = f"{prefix}/eraati/kysely/{survey.slug}/"
        form = client.get(url).content.decode()
        assert chosen_label in form
        key = re.search(r'name="lomake" value="([^"]+)"', form).group(1)
        response = client.post(url, {"step": "1", "action": "submit", "lomake": key, f"q_{question.pk}": "3"})
        assert response.status_code == 302, response.content.decode()
        client.cookies.clear()
    # Option 3 is "Verkossa" in Finnish and "På nätet" in Swedish: one answer, given twice.
    assert list(question.answers.values_list("value", flat=True)) == [3, 3]
    assert survey.responses.count() == 2


def test_the_home_page_shows_what_is_on_now_in_the_readers_language(client, site_with_a_survey):
    translated, _untranslated = site_with_a_survey
    finnish = client.get("/").content.decode()
    assert f'href="/eraati/kysely/{translated.slug}/">Joulukuun eRaati</a>' in finnish
    swedish = client.get("/sv/").content.decode()
    assert f'href="/sv/eraati/kysely/{translated.slug}/">eRaati sv</a>' in swedish
    assert "Enkät öppen nu" in swedish


def test_the_shared_ktalk_list_is_kept_apart_for_each_language(client, site_with_a_survey):
    """The K-talk index's list is shared between readers (``ktalks/listing.py``): a Swedish reader
    after a Finnish one still gets the Swedish list, and the Finnish reader after them the Finnish."""
    from cms.languages import synchronise_page_trees
    from ktalks.demo import ensure_index_page

    ensure_index_page()
    synchronise_page_trees()
    for _visit in range(2):
        assert "Tulevat K-talkit" in client.get("/k-talkit/").content.decode()
    for _visit in range(2):
        swedish = client.get("/sv/k-talkit/").content.decode()
        assert "Kommande K-talks" in swedish and "Tulevat K-talkit" not in swedish
    assert "Kommande K-talks" not in client.get("/k-talkit/").content.decode()

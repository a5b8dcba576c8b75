"""Answering an eRaati survey in a real browser on a small phone (360 px), with and without JavaScript."""

import pytest
from dateutil.relativedelta import relativedelta
from playwright.sync_api import expect

from eraati import conftest as eraati_fixtures
from eraati import services
from eraati.models import Contact, Question, Response, Survey

# The app's factory fixtures, shared with the browser tests.
make_survey = eraati_fixtures.make_survey
answer = eraati_fixtures.answer

SMALL_PHONE = {"width": 360, "height": 740}


@pytest.fixture
def survey(home_page, make_survey):
    return make_survey(title="Marraskuun eRaati", slug="marraskuu")


def _check_layout_and_accessibility(page, assert_accessible, javascript):
    """Nothing wider than the screen, no serious axe violation (axe needs scripts: JS runs only)."""
    if javascript:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_answer_a_survey_on_a_small_phone_then_opt_in(
    live_server, new_page, assert_accessible, survey, javascript
):
    page = new_page(**SMALL_PHONE, javascript=javascript)
    page.goto(live_server.url + "/eraati/kysely/marraskuu/")
    assert page.get_by_text("Vaihe 1/2").is_visible()
    _check_layout_and_accessibility(page, assert_accessible, javascript)

    # Skipping the required statement shows the error next to it and keeps what was typed.
    page.get_by_label("Vapaa sana").fill("Jonot ovat pitkiä.")
    page.get_by_role("group", name="Miten asioit useimmiten?").get_by_label("Verkossa").check()
    page.get_by_role("button", name="Seuraava").click()
    expect(page.get_by_text("Vastaa tähän kysymykseen.").first).to_be_visible()
    assert page.get_by_label("Vapaa sana").input_value() == "Jonot ovat pitkiä."
    assert page.get_by_role("group", name="Miten asioit useimmiten?").get_by_label("Verkossa").is_checked()
    _check_layout_and_accessibility(page, assert_accessible, javascript)

    statement = page.get_by_role("group", name="Palveluihin on helppo päästä.")
    statement.get_by_label("Jokseenkin samaa mieltä").check()
    needs = page.get_by_role("group", name="Mitä palveluja tarvitset?")
    needs.get_by_label("Velkaneuvonta").check()
    page.get_by_role("button", name="Seuraava").click()

    expect(page.get_by_text("Vaihe 2/2")).to_be_visible()
    page.get_by_role("group", name="Ikäryhmä").get_by_label("50 tai yli").check()
    _check_layout_and_accessibility(page, assert_accessible, javascript)
    page.get_by_role("button", name="Lähetä vastaukset").click()

    expect(page.get_by_role("heading", name="Kiitos vastauksistasi")).to_be_visible()
    _check_layout_and_accessibility(page, assert_accessible, javascript)
    response = Response.objects.get()
    stored = {(a.question.key, a.value, a.text) for a in response.answers.select_related("question")}
    assert stored == {
        ("services-easy", 4, ""),
        ("contact-way", 3, ""),
        ("needs", 2, ""),
        ("free-word", None, "Jonot ovat pitkiä."),
        ("age-band", 3, ""),
    }

    # The separate opt-in form on the thank-you page.
    page.get_by_label("Kutsu minut syventäviin kyselyihin").check()
    page.get_by_label("Sähköposti").fill("maija@example.org")
    page.get_by_label("Suostun siihen").check()
    page.get_by_role("button", name="Tallenna yhteystietoni").click()
    # The answer is a new page: wait for it, as a reader would (the click returns once it is asked for).
    expect(page.get_by_role("heading", name="Yhteystiedot tallennettu")).to_be_visible()
    services.flush_pending_contacts()  # what the daily run does
    assert Contact.objects.get().email == "maija@example.org"


def test_results_page_is_accessible_on_a_small_phone(
    live_server, new_page, assert_accessible, survey, answer
):
    for value in (1, 1, 1, 1, 1, 2):
        answer(survey, {"contact-way": value, "services-easy": 4, "age-band": 1})
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=survey.opens_at - relativedelta(years=1),
        closes_at=survey.closes_at - relativedelta(years=1),
    )
    page = new_page(**SMALL_PHONE)
    page.goto(live_server.url + "/eraati/kysely/marraskuu/tulokset/")
    assert page.get_by_role("img", name="Pylväskaavio: Miten asioit useimmiten?").is_visible()
    # Bars only, the table one click away: a question with up to five answers fits in 250 px of a phone,
    # so that a ten-question survey stays under 2,500 px.
    assert not page.get_by_role("cell", name="alle 5").first.is_visible()
    heights = page.evaluate(
        "[...document.querySelectorAll('.question-result')].filter(s => s.querySelector('.bar-chart'))"
        ".map(s => [s.querySelectorAll('.bar-chart g').length, s.getBoundingClientRect().height])"
    )
    assert heights and all(height <= 250 for options, height in heights if options <= 5), heights
    _check_layout_and_accessibility(page, assert_accessible, javascript=True)
    page.get_by_text("Luvut taulukkona").first.click()
    assert page.get_by_role("cell", name="alle 5").first.is_visible()
    _check_layout_and_accessibility(page, assert_accessible, javascript=True)
    assert Question.objects.filter(survey=survey).exists()

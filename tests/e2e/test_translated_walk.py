"""A Swedish and an English reader walk from the home page to the privacy notice, the monthly survey and
the annual report by clicking, and meet no visible Finnish sentence outside an element marked
``lang="fi"``; every address keeps their language and every page passes axe."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

# A visible text that holds two of these words reads as Finnish (none is a Swedish or English word).
UNMARKED_FINNISH = """() => {
  const finnish = new Set(["ja", "on", "ei", "tai", "että", "kun", "voit", "mitä", "jos", "ovat", "tässä",
                           "sinun", "miten", "tai", "kanssa", "sekä"]);
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode, element = text.parentElement;
    if (!element || !element.getClientRects().length || ["SCRIPT", "STYLE"].includes(element.tagName)) continue;
    const words = new Set((text.textContent.toLowerCase().match(/\\p{L}+/gu) || []).filter(w => finnish.has(w)));
    const marked = element.closest("[lang]");
    if (words.size >= 2 && (!marked || marked.getAttribute("lang") !== "fi")) {
      found.push(text.textContent.trim().slice(0, 100));
    }
  }
  return found;
}"""

WALK = {
    "sv": ["Dataskyddsbeskrivning", "Svara på månadens eRaati", "Resultat och årsrapporter"],
    "en": ["Privacy notice", "Answer this month's eRaati", "Results and annual reports"],
}


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_reader_walks_the_main_pages_in_their_language(
    live_server, page, demo, assert_accessible, language
):
    privacy, answer, reports = WALK[language]
    with translation.override(language):  # the demo's survey of this month, by its translated title
        survey = "eRaati " + date_format(timezone.localtime(), "F Y")
    problems = []

    def check(where):
        assert page.locator("html").get_attribute("lang") == language
        assert page.url.startswith(f"{live_server.url}/{language}/"), page.url
        problems.extend(f"{where}: {text}" for text in page.evaluate(UNMARKED_FINNISH))
        assert_accessible(page)

    page.goto(f"{live_server.url}/{language}/")
    check("home")
    page.locator("footer").get_by_role("link", name=privacy).click()
    check("privacy notice")
    page.goto(f"{live_server.url}/{language}/")
    page.get_by_role("link", name=answer).click()
    check("eRaati")
    page.get_by_role("link", name=survey).first.click()
    check("the monthly survey")
    page.goto(f"{live_server.url}/{language}/")
    page.get_by_role("link", name=reports).click()
    check("publications")
    page.locator("main ul.page-list a").first.click()
    check("the annual report")
    assert not problems, "\n".join(problems)

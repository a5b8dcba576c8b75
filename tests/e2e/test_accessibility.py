"""WCAG 2.1 AA proof across the platform (docs/hardening.md, "Accessibility").

One sweep runs axe-core over every page type (as a visitor, a member and the staff who moderate) and
checks reflow at 320 px and at 200 % zoom; two walkthroughs use only the keyboard; one test walks the
core flows with JavaScript switched off. Each sweep collects every problem into one assertion message.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts import roles
from cms.setup import ensure_home_page
from eraati import conftest as eraati_fixtures
from eraati.forms import field_name
from eraati.models import Response
from forum import services as forum
from forum.models import Category, Topic
from ktalks.tests import factories as ktalk_factories
from moderation.models import Report
from tests.e2e import a11y_data
from tests.e2e.flows import logged_in_page

pytestmark = pytest.mark.slow

make_survey = eraati_fixtures.make_survey

# Moderate violations (landmarks, heading order) are fixed too: the sweep keeps them fixed.
SWEEP_IMPACTS = ("moderate", "serious", "critical")
# 320 CSS px wide (WCAG 1.4.10), where axe runs too, and a 1280 x 800 window at 200 % zoom (WCAG 1.4.4).
NARROW = {"width": 320, "height": 640, "scale": 1}
ZOOMED = {"width": 640, "height": 400, "scale": 2}
# Sideways scrolling of the page, text cut off by an element that hides its overflow (.visually-hidden
# clips on purpose; a .table-scroll wrapper scrolls, which 1.4.10 allows for tables) and chart labels
# running past the edge of their SVG (which clips them).
REFLOW_PROBLEMS = """() => {
  const root = document.documentElement;
  const problems = [];
  if (root.scrollWidth > root.clientWidth + 1) {
    problems.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  }
  for (const element of document.body.querySelectorAll('*')) {
    if (element.closest('.visually-hidden') || !element.textContent.trim()) continue;
    const style = getComputedStyle(element);
    const hides = ['hidden', 'clip'].includes(style.overflowX) || style.textOverflow === 'ellipsis';
    if (hides && element.scrollWidth > element.clientWidth + 1) {
      problems.push(`clips text: <${element.tagName.toLowerCase()} class="${element.className}">`);
    }
  }
  for (const label of document.querySelectorAll('svg text')) {
    const box = label.getBBox();
    if (box.x + box.width > label.ownerSVGElement.getBoundingClientRect().width + 1) {
      problems.push(`chart label cut off: ${label.textContent}`);
    }
  }
  return problems;
}"""
# The focused element and whether it shows a focus indicator (outline or box-shadow).
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const label = element.labels && element.labels.length ? element.labels[0].textContent
    : (element.getAttribute('aria-label') || element.textContent || element.value || '');
  const legend = element.closest('fieldset') && element.closest('fieldset').querySelector('legend');
  return {
    tag: element.tagName.toLowerCase(),
    type: element.type || '',
    name: element.getAttribute('name') || '',
    label: label.trim().replace(/\\s+/g, ' '),
    group: legend ? legend.textContent.trim().replace(/\\s+/g, ' ') : '',
    indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || (style.boxShadow !== '' && style.boxShadow !== 'none'),
  };
}"""


def _visit(page, url, *, submit=None):
    """Open ``url``; with ``submit``, press that button first to show the form's error state."""
    page.goto(url)
    if submit:
        page.get_by_role("button", name=submit, exact=True).click()
        page.wait_for_load_state()


def test_every_page_type_passes_axe_and_reflows_at_320_px_and_200_percent_zoom(
    live_server, new_page, axe_violations, settings
):
    settings.FORUM_POSTS_PER_PAGE = a11y_data.POSTS_PER_PAGE
    data = a11y_data.build()
    assert data.topic.posts.count() > a11y_data.POSTS_PER_PAGE  # the topic has a page 2
    base = live_server.url
    visitor_pages, member_pages, staff_pages = a11y_data.sweep_pages(data)
    problems = []
    for viewport in (NARROW, ZOOMED):
        size = "{width}x{height}@{scale}x".format(**viewport)
        visitor = new_page(**viewport)
        member = logged_in_page(new_page, base, data.citizen, **viewport)
        for page, pages in ((visitor, visitor_pages), (member, member_pages)):
            for url, submit in pages:
                _visit(page, base + url, submit=submit)
                where = f"{url} {submit or ''} at {size}"
                problems += [f"{where}: {line}" for line in page.evaluate(REFLOW_PROBLEMS)]
                if viewport is NARROW:
                    problems += [f"{where}: {line}" for line in axe_violations(page, SWEEP_IMPACTS)]
    for user, urls in staff_pages:
        page = logged_in_page(new_page, base, user)
        for url in urls:
            page.goto(base + url)
            problems += [f"{url} as {user.username}: {line}" for line in axe_violations(page, SWEEP_IMPACTS)]

    assert not problems, "\n".join(problems)


class Keyboard:
    """Moves through a page with Tab and Shift+Tab only, noting every stop without a visible focus."""

    def __init__(self, page):
        self.page = page
        self.unseen_focus = []

    def focused(self):
        return self.page.evaluate(FOCUSED)

    def tab_to(self, matches, *, backwards=False, limit=80):
        """Press Tab (Shift+Tab backwards) until ``matches(focused)`` holds; return the focused element."""
        for _step in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            focused = self.focused()
            if focused is None:
                continue
            if not focused["indicator"]:
                self.unseen_focus.append(f"{self.page.url}: {focused['tag']} {focused['label']!r}")
            if matches(focused):
                return focused
        raise AssertionError(f"Tab never reached the element on {self.page.url}")

    def activate(self, matches, **options):
        self.tab_to(matches, **options)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def assert_focus_always_visible(self):
        assert not self.unseen_focus, "Focus not visible:\n" + "\n".join(self.unseen_focus)


def named(text):
    return lambda focused: focused["label"] == text


def field(name):
    return lambda focused: focused["name"] == name


def test_keyboard_only_sign_in_start_a_topic_reply_and_quick_exit(live_server, new_page, make_user, settings):
    ensure_home_page()
    settings.MODERATION_NEW_USER_HELD_POSTS = 0  # the posts are published at once
    settings.QUICK_EXIT_URL = live_server.url + "/healthz?exit"
    member = make_user(role=roles.CITIZEN, pseudonym="Kataja")
    get_user_model().objects.filter(pk=member.pk).update(
        date_joined=timezone.now() - timezone.timedelta(days=30)
    )
    Category.objects.create(name="Asuminen", slug="asuminen", description="Asumisesta")
    page = new_page()
    keys = Keyboard(page)
    page.goto(live_server.url + "/")

    # The skip link is the first stop, shows when focused and moves focus to the main content.
    skip = keys.tab_to(lambda focused: True, limit=1)
    assert skip["label"] == "Siirry sisältöön"
    assert page.evaluate("document.activeElement.getBoundingClientRect().top >= 0")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    keys.activate(named("Kirjaudu"), backwards=True)  # Shift+Tab returns to the header
    keys.tab_to(field("login"))
    page.keyboard.type("Kataja")
    keys.tab_to(field("password"))
    page.keyboard.type("correct-horse-42")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Kataja – oma tili").count() == 1

    keys.activate(named("Keskustelu"))
    keys.activate(named("Asuminen"))
    keys.activate(named("Aloita uusi aihe"))
    keys.tab_to(field("title"))
    page.keyboard.type("Vuokravakuus")
    keys.tab_to(field("body"))
    page.keyboard.type("Kuka maksaa vuokravakuuden?")
    keys.activate(named("Julkaise"))
    assert page.get_by_role("heading", level=1).inner_text() == "Vuokravakuus"

    # The reply form is at the end of the page: Shift+Tab from the top wraps round to it.
    keys.tab_to(field("body"), backwards=True)
    page.keyboard.type("Kysy sosiaalitoimesta maksusitoumusta.")
    keys.activate(named("Lähetä vastaus"))
    topic = Topic.objects.get(title="Vuokravakuus")
    assert [post.body for post in topic.posts.order_by("pk")] == [
        "Kuka maksaa vuokravakuuden?",
        "Kysy sosiaalitoimesta maksusitoumusta.",
    ]

    # Quick exit: the second stop on every page, and Escape three times anywhere.
    page.goto(live_server.url + "/forum/")
    keys.tab_to(lambda focused: focused["label"].startswith("Poistu nopeasti"), limit=2)
    page.keyboard.press("Enter")
    page.wait_for_url("**/healthz?exit")
    page.go_back()
    page.wait_for_load_state()
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url("**/healthz?exit")
    keys.assert_focus_always_visible()


def test_keyboard_only_answer_every_question_type(live_server, new_page, make_survey):
    ensure_home_page()
    survey = make_survey(title="Marraskuun eRaati", slug="marraskuu")
    page = new_page()
    keys = Keyboard(page)
    page.goto(live_server.url + f"/eraati/kysely/{survey.slug}/")

    def choose(question, moves=0, key="ArrowRight"):
        """Tab into the radio group, Space picks the first option, arrow keys move the choice."""
        keys.tab_to(lambda focused: focused["type"] == "radio" and question in focused["group"])
        page.keyboard.press("Space")
        for _move in range(moves):
            page.keyboard.press(key)

    def tick(option):
        keys.tab_to(lambda focused: focused["type"] == "checkbox" and focused["label"] == option)
        page.keyboard.press("Space")

    # A required question left unanswered: the error is shown and the summary links to it.
    keys.activate(named("Seuraava"))
    summary_link = keys.tab_to(lambda focused: focused["tag"] == "a" and "Palveluihin" in focused["label"])
    assert "Vastaa tähän kysymykseen." in summary_link["label"]

    choose("Palveluihin on helppo päästä.", moves=3)  # agree: the fourth option
    choose("Miten sinua kohdeltiin?", moves=4)  # scale: the fifth
    choose("Miten asioit useimmiten?", moves=2, key="ArrowDown")  # single choice: the third
    tick("Velkaneuvonta")  # multiple choice
    tick("Vertaistuki")
    choose("Kuinka todennäköisesti suosittelisit palvelua?", moves=8)  # rating 0-10: 8
    keys.tab_to(field(field_name(survey.questions.get(key="free-word"))))
    page.keyboard.type("Jonot ovat pitkiä.")
    keys.activate(named("Seuraava"))
    assert page.get_by_text("Vaihe 2/2").is_visible()
    choose("Ikäryhmä", moves=1)  # background: the second
    keys.activate(named("Lähetä vastaukset"))
    assert page.get_by_role("heading", name="Kiitos vastauksistasi").is_visible()

    answers = Response.objects.get().answers.select_related("question")
    stored = {(answer.question.key, answer.value, answer.text) for answer in answers}
    assert stored == {
        ("services-easy", 4, ""),
        ("treated-well", 5, ""),
        ("contact-way", 3, ""),
        ("needs", 2, ""),
        ("needs", 3, ""),
        ("recommend", 8, ""),
        ("free-word", None, "Jonot ovat pitkiä."),
        ("age-band", 2, ""),
    }
    keys.assert_focus_always_visible()


def test_core_flows_work_without_javascript(live_server, new_page, make_user, settings, default_rules):
    """Reading, signing in, posting, replying, reporting, the language switcher and the quick exit link.
    Answering a survey without JavaScript (with a validation error first) is in test_eraati_answering."""
    ensure_home_page()
    settings.MODERATION_NEW_USER_HELD_POSTS = 0
    settings.QUICK_EXIT_URL = live_server.url + "/healthz?exit"
    member = make_user(role=roles.CITIZEN, pseudonym="Kataja")
    get_user_model().objects.filter(pk=member.pk).update(
        date_joined=timezone.now() - timezone.timedelta(days=30)
    )
    other = make_user(role=roles.CITIZEN, pseudonym="Paju")
    category = Category.objects.create(name="Asuminen", slug="asuminen", description="Asumisesta")
    forum.create_topic(
        author=other,
        category=category,
        title="Asumistuki",
        body="Milloin asumistuki maksetaan?",
        apply_new_user_limits=False,
    )
    ktalk = ktalk_factories.ktalk(title="Lääkekulut ja pienituloisen terveys")
    page = new_page(javascript=False)
    base = live_server.url

    page.goto(base + ktalk.get_parent().url)
    page.get_by_role("link", name="Lääkekulut ja pienituloisen terveys").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Lääkekulut ja pienituloisen terveys"

    page.goto(base + "/accounts/login/")
    page.get_by_label("Nimimerkki tai sähköpostiosoite").fill("Kataja")
    page.get_by_label("Salasana", exact=True).fill("correct-horse-42")
    page.get_by_role("button", name="Kirjaudu sisään").click()
    assert page.get_by_text("Kataja – oma tili").count() == 1

    page.goto(base + "/forum/")
    page.get_by_role("link", name="Asuminen").click()
    page.get_by_role("link", name="Asumistuki").click()
    assert page.get_by_text("Milloin asumistuki maksetaan?").is_visible()
    page.get_by_label("Viesti").fill("Kuun alussa.")
    page.get_by_role("button", name="Lähetä vastaus").click()
    assert page.get_by_text("Kuun alussa.").is_visible()

    page.get_by_role("link", name=re.compile("^Ilmoita")).first.click()
    page.get_by_role("button", name="Lähetä ilmoitus").click()
    assert page.get_by_text("Valitse sääntö, jota viesti rikkoo.").is_visible()
    page.get_by_role("radio").first.check()
    page.get_by_role("button", name="Lähetä ilmoitus").click()
    assert Report.objects.filter(reporter=member).count() == 1

    page.goto(base + category.get_absolute_url())
    page.get_by_role("link", name="Aloita uusi aihe").click()
    page.get_by_label("Otsikko").fill("Vuokravakuus")
    page.get_by_label("Viesti").fill("Kuka maksaa vuokravakuuden?")
    page.get_by_role("button", name="Julkaise").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vuokravakuus"

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/en/forum/" in page.url
    page.get_by_role("button", name="Suomi").click()
    assert page.locator("html").get_attribute("lang") == "fi"

    page.get_by_role("link", name="Poistu nopeasti").click()
    page.wait_for_url("**/healthz?exit")

"""The page layout in a real browser: the phone header, the sticky bar that never hides content, and words
and numbers that never break."""

from django.db.models import Count
from django.urls import reverse

from forum.models import Topic
from kuulluksi.tests.public_pages import load_demo, representative_urls

PHONE = {"width": 360, "height": 740}


def _main_top(page):
    return page.evaluate("document.querySelector('main').getBoundingClientRect().top")


def test_on_a_phone_the_header_is_one_row_and_the_menu_opens_without_javascript(live_server, new_page):
    load_demo()
    urls = representative_urls()
    page = new_page(**PHONE, javascript=False)
    for name in ("home", "forum index", "forum topic", "eRaati list", "eRaati survey"):
        page.goto(live_server.url + urls[name])
        assert _main_top(page) <= 120, name
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
        assert page.get_by_role("link", name="Poistu nopeasti").is_visible()
        assert not page.get_by_role("navigation", name="Päävalikko").is_visible()

    page.get_by_text("Valikko").click()
    assert page.get_by_role("button", name="English").is_visible()
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Keskustelu").click()
    assert page.url == live_server.url + reverse("forum:index")


def test_on_a_wide_screen_the_whole_navigation_is_in_the_header(live_server, new_page):
    load_demo()
    page = new_page(width=1280, height=900, javascript=False)
    page.goto(live_server.url + "/")
    header = page.get_by_role("banner")
    for name in ("Keskustelu", "eRaati", "Vertaischat", "Haku", "Kirjaudu", "Rekisteröidy"):
        assert header.get_by_role("link", name=name, exact=True).is_visible(), name
    assert header.get_by_role("button", name="English").is_visible()
    assert not page.get_by_text("Valikko").is_visible()
    assert _main_top(page) <= 120


# The part of the focused element (or of the link target) that the sticky bar covers, in CSS pixels. The
# skip link shows above the bar.
HIDDEN_UNDER_BAR = """(element) => {
  element = element || document.activeElement;
  const bar = document.querySelector(".site-header");
  if (!element || element === document.body || bar.contains(element) || element.matches(".skip-link")) return 0;
  return Math.max(0, bar.getBoundingClientRect().bottom - element.getBoundingClientRect().top);
}"""


def _focused_label(page):
    return page.evaluate("(document.activeElement.textContent || document.activeElement.name || '').trim()")


def test_the_sticky_bar_never_hides_the_focused_element_or_the_link_target(live_server, new_page):
    load_demo()
    urls = representative_urls()
    topic = Topic.objects.filter(is_public=True).annotate(n=Count("posts")).order_by("-n").first()
    page = new_page(**PHONE)
    page.goto(live_server.url + topic.get_absolute_url())
    covered, scrolled = [], 0
    for key in ["Tab"] * 60 + ["Shift+Tab"] * 60:
        page.keyboard.press(key)
        scrolled = max(scrolled, page.evaluate("window.scrollY"))
        if page.evaluate(HIDDEN_UNDER_BAR) > 0:
            covered.append(f"{key}: {_focused_label(page)!r}")
    assert not covered, covered
    assert scrolled > 400  # the page is long enough for the bar to matter

    # Landing on a post (as after a reply) and on an error-summary link's target.
    post_id = page.evaluate("[...document.querySelectorAll('[id^=post-]')].at(-1).id")
    page.goto(live_server.url + topic.get_absolute_url() + f"#{post_id}")
    assert page.evaluate(HIDDEN_UNDER_BAR, page.locator(f"#{post_id}").element_handle()) == 0

    page.goto(live_server.url + urls["eRaati survey"])
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.get_by_role("button", name="Seuraava").click()
    link = page.locator(".error-summary a").first
    target = link.get_attribute("href")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate(HIDDEN_UNDER_BAR, page.locator(target).element_handle()) == 0


# Every number in the main content (digits with decimal or time separators, and a percent sign after it)
# whose characters are not all on one line.
SPLIT_NUMBERS = r"""() => {
  const split = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("svg")) continue;
    for (const match of node.data.matchAll(/\d+(?:[.,:]\d+)*(?:[\s\u00a0]?%)?/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.bottom)));
      if (lines.size > 1) split.push(`${match[0]} in “${node.parentElement.textContent.trim().slice(0, 60)}”`);
    }
  }
  return split;
}"""


def test_at_320_px_no_number_breaks_across_lines_and_nothing_overflows(live_server, new_page):
    from eraati.models import Question
    from eraati.selectors import surveys_with_public_results

    load_demo()
    survey = surveys_with_public_results().first()
    background = survey.questions.filter(kind=Question.Kind.BACKGROUND).first()
    page = new_page(width=320, height=640)
    pages = {
        "results": reverse("eraati:results", kwargs={"slug": survey.slug}),
        "results by background": reverse("eraati:results", kwargs={"slug": survey.slug})
        + f"?by={background.pk}",
        "forum topic": representative_urls()["forum topic"],
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, name
        assert page.evaluate(SPLIT_NUMBERS) == [], name


# Every checkbox and radio in the main content: its size, and where its label text starts beside it.
CONTROLS = """() => [...document.querySelectorAll("main input[type=checkbox], main input[type=radio]")].map((input) => {
  const box = input.getBoundingClientRect();
  const label = input.labels[0].getBoundingClientRect();
  return {
    name: input.name, width: box.width, height: box.height,
    beside: label.left >= box.right && label.top < box.bottom && label.bottom > box.top,
  };
})"""
SMALL_TARGETS = """() => [...document.querySelectorAll("main button, main .button, main .report-link")]
  .filter((element) => { const box = element.getBoundingClientRect(); return box.height < 44 || box.width < 44; })
  .map((element) => element.textContent.trim())"""


def test_checkboxes_and_radios_sit_beside_their_labels_and_targets_are_large(live_server, new_page):
    from django.contrib.auth import get_user_model

    from tests.e2e.flows import logged_in_page

    load_demo()
    member = get_user_model().objects.get(username="kansalainen")
    page = logged_in_page(new_page, live_server.url, member, **PHONE)
    topic = Topic.objects.filter(is_public=True).exclude(posts__author=member).first()
    page.goto(live_server.url + topic.get_absolute_url())
    assert page.get_by_role("link", name="Ilmoita").count() > 0
    assert page.evaluate(SMALL_TARGETS) == []
    page.get_by_role("link", name="Ilmoita").first.click()
    assert page.get_by_role("radio").count() > 1

    page2 = new_page(**PHONE)
    page2.goto(live_server.url + reverse("eraati:opt_in"))
    page2.get_by_role("button", name="Tallenna yhteystieto", exact=False).click()
    consent_error = page2.locator("#consent-error")
    assert consent_error.bounding_box()["width"] > 200  # not squeezed beside the checkbox
    for shown in (page, page2):
        assert shown.evaluate(SMALL_TARGETS) == []
        for control in shown.evaluate(CONTROLS):
            assert control["width"] >= 24 and control["height"] >= 24, control
            assert control["beside"], control

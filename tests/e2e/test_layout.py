"""The page layout in a real browser: the phone header, the sticky bar that never hides content, and words
and numbers that never break."""

from django.urls import reverse

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

import re

from cms.setup import ensure_home_page
from tests.e2e.flows import sign_up


def test_home_signup_verify_login(live_server, page, assert_accessible):
    ensure_home_page()
    page.goto(live_server.url + "/")
    assert_accessible(page)

    page.get_by_role("link", name="Rekisteröidy").click()
    assert_accessible(page)
    sign_up(page, live_server.url, pseudonym="Pihlaja", email="pihlaja@example.org")
    page.get_by_role("button", name="Kirjaudu ulos").click()

    page.get_by_role("link", name="Kirjaudu", exact=True).click()
    page.get_by_label("Nimimerkki tai sähköpostiosoite").fill("pihlaja@example.org")
    page.get_by_label("Salasana").fill("pitkä-salasana-42")
    page.get_by_role("button", name="Kirjaudu").click()
    assert page.get_by_role("link", name=re.compile("Pihlaja")).is_visible()
    assert_accessible(page)


def test_signup_works_without_javascript_and_keeps_input_on_error(live_server, new_page):
    ensure_home_page()
    page = new_page(javascript=False, width=320, height=640)
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Nimimerkki").fill("Pihlaja")
    page.get_by_label("Sähköpostiosoite").fill("pihlaja@example.org")
    page.get_by_label("Salasana", exact=True).fill("pitkä-salasana-42")
    page.get_by_label("Salasana (uudestaan)").fill("pitkä-salasana-42")
    page.get_by_label("Kirjoita kuvan merkit").fill("PASSED")
    page.get_by_role("button", name="Rekisteröidy").click()  # rules not accepted
    assert page.get_by_text("Voit liittyä vain, jos hyväksyt yhteisön säännöt.").is_visible()
    assert page.get_by_label("Nimimerkki").input_value() == "Pihlaja"
    # Nothing overflows sideways on a 320 px screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

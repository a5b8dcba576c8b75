from cms.setup import ensure_home_page


def test_home_page_has_no_serious_accessibility_violations(live_server, page, assert_accessible):
    ensure_home_page()
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert_accessible(page)


def test_quick_exit_replaces_the_history_entry(live_server, page, settings):
    ensure_home_page()
    settings.QUICK_EXIT_URL = live_server.url + "/healthz?exit"
    page.goto(live_server.url + "/healthz?before")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Poistu nopeasti").click()
    page.wait_for_url("**/healthz?exit")
    page.go_back()
    # The page the person left from was replaced in the history: Back skips it.
    assert page.url == live_server.url + "/healthz?before"

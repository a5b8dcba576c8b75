"""The XSS corpus goes through posting; in a real browser nothing of it runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.setup import ensure_home_page
from forum import services
from forum.models import Category
from tests.e2e.xss import assert_nothing_ran, check_page, trap
from tests.xss import xss_payloads


@pytest.fixture
def forum_settings(settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 0
    settings.FORUM_POSTS_PER_PAGE = 200
    settings.FORUM_NEW_USER_MIN_INTERVAL = timedelta(0)
    return settings


@pytest.fixture
def writer(make_user):
    user = make_user(pseudonym="kirjoittaja", password="pitkä-salasana-42")
    user.date_joined = timezone.now() - timedelta(days=30)
    user.save(update_fields=["date_joined"])
    return user


def _log_in(page, live_server):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Nimimerkki tai sähköpostiosoite").fill("kirjoittaja")
    page.get_by_label("Salasana").fill("pitkä-salasana-42")
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_load_state()


@pytest.mark.slow
def test_corpus_posted_through_the_services_runs_nothing(live_server, page, forum_settings, writer):
    ensure_home_page()
    category = Category.objects.create(name="Testialue", slug="testialue")
    topic = services.create_topic(author=writer, category=category, title="XSS-testi", body="Aloitus")
    payloads = xss_payloads()
    for payload in payloads:
        services.post_reply(author=writer, topic=topic, body=payload)
    services.create_topic(
        author=writer, category=category, title='<img src=x onerror="window.__xss=1">', body=payloads[0]
    )
    dialogs = trap(page)
    for path, selector in (
        (topic.get_absolute_url(), "main"),
        (category.get_absolute_url(), "main"),
        ("/forum/search/?q=window", "main"),
    ):
        check_page(page, dialogs, live_server.url + path, selector, expect_text="window.__xss")
    assert page.locator(".post-body script, .post-body img, .post-body iframe, .post-body svg").count() == 0


@pytest.mark.slow
def test_payloads_typed_into_the_forms_run_nothing_and_are_kept_on_error(
    live_server, page, forum_settings, writer
):
    ensure_home_page()
    category = Category.objects.create(name="Testialue", slug="testialue")
    dialogs = trap(page)
    _log_in(page, live_server)
    for payload in xss_payloads()[:12]:
        page.goto(live_server.url + category.get_absolute_url() + "new/")
        page.get_by_label("Otsikko").fill("")
        page.get_by_label("Viesti").fill(payload)
        page.get_by_role("button", name="Julkaise").click()
        # The title was missing: the page comes back with the error and everything typed.
        page.get_by_text("Kirjoita otsikko.").wait_for()
        assert page.get_by_label("Viesti").input_value() == payload
        assert_nothing_ran(page, dialogs)
        page.get_by_label("Otsikko").fill(payload.replace("\n", " ")[:100])
        page.get_by_role("button", name="Julkaise").click()
        page.wait_for_url("**/forum/t/*/")
        assert_nothing_ran(page, dialogs)

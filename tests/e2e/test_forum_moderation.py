"""A new member signs up, posts, the post waits for a moderator, is approved and becomes visible."""

import re

from cms.setup import ensure_home_page
from forum.models import Category, Post
from moderation.models import ModerationState
from tests.e2e.flows import sign_up


def _approve_in_the_admin_queue(page, live_server, username, excerpt):
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "correct-horse-42")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(live_server.url + "/admin/moderation/")
    page.get_by_role("link", name=re.compile(re.escape(excerpt))).click()
    page.get_by_role("button", name="Ota käsittelyyn").click()
    page.get_by_text("Käsittelet tätä.").first.wait_for()
    page.get_by_label("Hyväksy").check()
    page.get_by_role("button", name="Tallenna päätös").click()
    page.get_by_text("Päätös tallennettu").wait_for()


def test_new_member_post_is_held_then_approved(
    live_server, new_page, make_user, assert_accessible, default_rules
):
    ensure_home_page()
    category = Category.objects.create(name="Asuminen", slug="asuminen", description="Asumisesta")
    moderator = make_user(role="peer_moderator", pseudonym="vapaaehtoinen")

    author_page = new_page()
    sign_up(author_page, live_server.url, pseudonym="Pihlaja", email="pihlaja@example.org")
    author_page.goto(live_server.url + "/forum/")
    author_page.get_by_role("link", name="Asuminen").click()
    author_page.get_by_role("link", name="Aloita uusi aihe").click()
    author_page.get_by_label("Otsikko").fill("Asumistuen hakeminen")
    author_page.get_by_label("Viesti").fill("Miten asumistukea haetaan, kun *vuokra* nousee?")
    author_page.get_by_role("button", name="Julkaise").click()
    # The author sees the post, marked as waiting, and is told why.
    assert author_page.get_by_text("Tervetuloa!").first.is_visible()
    assert author_page.get_by_text("Tämä viesti odottaa moderaattoria.").is_visible()
    assert author_page.locator(".post-body em").inner_text() == "vuokra"
    assert_accessible(author_page)
    topic_url = author_page.url

    reader = new_page(width=320, height=640)
    reader.goto(live_server.url + category.get_absolute_url())
    assert reader.get_by_text("Asumistuen hakeminen").count() == 0
    assert reader.goto(topic_url).status == 404

    post = Post.objects.get(topic__title="Asumistuen hakeminen")
    assert post.moderation_state == ModerationState.HELD
    _approve_in_the_admin_queue(new_page(), live_server, moderator.username, "Miten asumistukea haetaan")
    post.refresh_from_db()
    assert post.moderation_state == ModerationState.PUBLISHED

    reader.goto(live_server.url + category.get_absolute_url())
    reader.get_by_role("link", name="Asumistuen hakeminen").click()
    assert reader.get_by_text("Miten asumistukea haetaan").is_visible()
    assert reader.get_by_text("Kirjaudu sisään vastataksesi").is_visible()
    assert reader.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(reader)
    # Reading needs no JavaScript.
    plain = new_page(javascript=False)
    plain.goto(topic_url)
    assert plain.get_by_text("Miten asumistukea haetaan").is_visible()

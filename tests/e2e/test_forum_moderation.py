"""A new member signs up, posts, the post waits for a moderator, is approved and becomes visible."""

import re

from django.core import mail

from cms.setup import ensure_home_page
from forum.models import Category, Post
from moderation import services as moderation
from moderation.models import ModerationState, QueueItem


def _sign_up(page, live_server, pseudonym, email):
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Nimimerkki").fill(pseudonym)
    page.get_by_label("Sähköpostiosoite").fill(email)
    page.get_by_label("Salasana", exact=True).fill("pitkä-salasana-42")
    page.get_by_label("Salasana (uudestaan)").fill("pitkä-salasana-42")
    page.get_by_label("Kirjoita kuvan merkit").fill("PASSED")
    page.get_by_label("Olen lukenut ja hyväksyn").check()
    page.get_by_role("button", name="Rekisteröidy").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Vahvista").click()
    page.wait_for_load_state()


def test_new_member_post_is_held_then_approved(live_server, new_page, make_user, assert_accessible):
    ensure_home_page()
    category = Category.objects.create(name="Asuminen", slug="asuminen", description="Asumisesta")
    moderator = make_user(role="peer_moderator", pseudonym="vapaaehtoinen")

    author_page = new_page()
    _sign_up(author_page, live_server, "Pihlaja", "pihlaja@example.org")
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
    item = QueueItem.objects.get(object_id=str(post.pk), status=QueueItem.Status.OPEN)
    moderation.decide(item, moderator=moderator, action="approve")

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

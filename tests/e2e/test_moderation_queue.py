"""A volunteer moderator works the queue in the Wagtail admin; a reader reports without JavaScript."""

import pytest
from django.contrib.contenttypes.models import ContentType

from accounts.models import Notification
from moderation.models import ModerationState, QueueItem, Report
from testing.moderation import create_sample_table, submit
from tests.e2e.flows import TABLE_REFLOW

PASSWORD = "correct-horse-42"


@pytest.fixture
def moderation_data(transactional_db, django_db_blocker, default_rules):
    """The sample content table and the shipped rules (a flush by an earlier browser test removes them)."""
    with django_db_blocker.unblock():
        create_sample_table()


def _log_in(page, base_url, username):
    page.goto(base_url + "/admin/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base_url + "/admin/")


def test_moderator_approves_a_held_message(live_server, page, make_user, moderation_data):
    author = make_user(pseudonym="uusijasen")
    make_user(role="peer_moderator", pseudonym="vapaaehtoinen-e2e")
    item, verdict = submit(author=author, text="Hei kaikki, olen uusi täällä.")
    assert verdict.action == "hold"

    _log_in(page, live_server.url, "vapaaehtoinen-e2e")
    assert page.get_by_text("Jonossa odottaa").is_visible()  # the dashboard panel
    page.goto(live_server.url + "/admin/moderation/")
    page.get_by_role("link", name="Hei kaikki, olen uusi täällä.").click()
    page.get_by_role("button", name="Ota käsittelyyn").click()
    page.get_by_text("Käsittelet tätä.").first.wait_for()
    page.get_by_label("Hyväksy").check()
    page.get_by_role("button", name="Tallenna päätös").click()
    page.get_by_text("Päätös tallennettu").wait_for()
    assert page.get_by_text("Jono on tyhjä").is_visible()

    item.refresh_from_db()
    assert item.moderation_state == ModerationState.PUBLISHED
    assert QueueItem.objects.get().claimed_by.username == "vapaaehtoinen-e2e"
    assert Notification.objects.filter(recipient=author, title="Viestisi näkyy nyt muille").exists()


def _log_in_to_site(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(base_url + "/")


def test_reader_reports_without_javascript(
    live_server, new_page, make_user, moderation_data, assert_accessible
):
    author = make_user(pseudonym="kirjoittaja-e2e")
    item = submit(author=author, text="Viesti luettavaksi")[0]
    item.moderation_state = ModerationState.PUBLISHED
    item.save()
    make_user(pseudonym="lukija-e2e")
    url = (
        f"/moderation/report/{ContentType.objects.get_for_model(item).pk}/{item.pk}/?next=/moderation/rules/"
    )

    checked = new_page()  # axe-core needs JavaScript
    _log_in_to_site(checked, live_server.url, "lukija-e2e")
    checked.goto(live_server.url + url)
    assert_accessible(checked)

    page = new_page(javascript=False, width=320)
    _log_in_to_site(page, live_server.url, "lukija-e2e")
    page.goto(live_server.url + url)
    page.get_by_role("button", name="Lähetä ilmoitus").click()
    assert page.get_by_text("Valitse sääntö, jota viesti rikkoo.").first.is_visible()
    page.get_by_label("2. Ei rasismia eikä kiihottamista kansanryhmää vastaan").check()
    page.get_by_label("Haluatko kertoa moderaattorille jotain muuta? (ei pakollinen)").fill("Halventava")
    page.get_by_role("button", name="Lähetä ilmoitus").click()
    page.wait_for_url("**/moderation/rules/")
    assert page.get_by_text("Kiitos. Moderaattori katsoo viestin.").is_visible()
    assert Report.objects.get().note == "Halventava"


def test_queue_table_scrolls_in_its_own_box_at_320_px(live_server, new_page, make_user, moderation_data):
    """WCAG 1.4.10: at 320 CSS px the page does not scroll sideways, and every column of the queue can be
    reached by scrolling the table's own box, which the keyboard can focus and a screen reader names."""
    author = make_user(pseudonym="uusijasen")
    make_user(role="peer_moderator", pseudonym="vapaaehtoinen-e2e")
    submit(author=author, text="Hei kaikki, olen uusi täällä. " * 8)
    page = new_page(width=320, height=640)
    _log_in(page, live_server.url, "vapaaehtoinen-e2e")
    page.goto(live_server.url + "/admin/moderation/")

    layout = page.evaluate(TABLE_REFLOW)
    assert layout["pageScrollWidth"] <= layout["viewport"]
    box = layout["box"]
    assert box is not None, "the table is cut off: no box scrolls it"
    assert box["right"] <= layout["viewport"] + 1
    assert box["scrollWidth"] >= box["tableWidth"] - 1
    assert (box["role"], box["tabindex"], box["label"]) == ("region", "0", "Moderointijono")

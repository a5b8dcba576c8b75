"""K-talk pages in a real browser: accessibility (axe) and the filters without JavaScript."""

import datetime

from django.utils import timezone

from ktalks import services
from ktalks.models import CommitmentStatus
from ktalks.tests import factories


def _ktalk_with_notes():
    host = factories.host_body(name="Eduskunnan sosiaali- ja terveysvaliokunta")
    ktalk = factories.ktalk(
        title="Toimeentulotuki: kuka kuulee hakijaa?",
        host=host,
        theme=factories.theme(name="Toimeentulotuki"),
        voices=["Pirkko"],
        notes=[
            {"type": "heading", "value": "Mitä kuulimme"},
            {"type": "paragraph", "value": "<p>Puheenvuorot annettiin ensin kokemusasiantuntijoille.</p>"},
            {
                "type": "voice_quote",
                "value": {"quote": "Jääkaapissa on vain margariinia.", "speaker": "Pirkko"},
            },
            {
                "type": "message_to_decision_makers",
                "value": {"message": "Käsittelyajat on pidettävä.", "addressed_to": "Valiokunta"},
            },
        ],
    )
    ktalk.decision_makers.add(factories.decision_maker(name="Marja Lehtonen"))
    ktalk.save()
    open_one = services.create_commitment(
        user=None,
        ktalk=ktalk,
        decision_maker=factories.decision_maker(),
        promise="Pyydän selvityksen Kelalta.",
    )
    done = services.create_commitment(
        user=None,
        ktalk=ktalk,
        decision_maker=factories.decision_maker(),
        promise="Teen kirjallisen kysymyksen.",
    )
    services.record_commitment_update(done, user=None, status=CommitmentStatus.DONE, note="Kysymys jätetty.")
    services.record_commitment_update(
        open_one, user=None, status=CommitmentStatus.IN_PROGRESS, note="Pyyntö lähetetty."
    )
    return ktalk


def test_ktalk_page_has_no_serious_accessibility_violations(live_server, page, assert_accessible):
    ktalk = _ktalk_with_notes()
    page.goto(live_server.url + ktalk.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Toimeentulotuki: kuka kuulee hakijaa?"
    assert page.get_by_text("Jääkaapissa on vain margariinia.").is_visible()
    assert_accessible(page)


def test_index_and_upcoming_ktalk_are_accessible_on_a_narrow_screen(live_server, new_page, assert_accessible):
    ktalk = _ktalk_with_notes()
    upcoming = factories.ktalk(title="Lääkekulut", starts_at=timezone.now() + datetime.timedelta(days=20))
    page = new_page(width=320, height=640)
    page.goto(live_server.url + ktalk.get_parent().url)
    assert page.get_by_role("heading", name="Tulevat K-talkit").is_visible()
    assert_accessible(page)
    page.goto(live_server.url + upcoming.url)
    assert page.get_by_role("link", name="Lisää kalenteriin (.ics)").is_visible()
    assert_accessible(page)
    # Nothing overflows sideways at 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_commitments_filter_works_without_javascript(live_server, new_page):
    ktalk = _ktalk_with_notes()
    index = ktalk.get_parent()
    page = new_page(javascript=False)
    page.goto(live_server.url + index.url + index.reverse_subpage("commitments"))
    assert page.get_by_text("Pyydän selvityksen Kelalta.").is_visible()
    assert page.get_by_text("Teen kirjallisen kysymyksen.").count() == 0
    page.get_by_label("Tila").select_option("done")
    page.get_by_role("button", name="Näytä").click()
    page.wait_for_url("**status=done**")
    assert page.get_by_text("Teen kirjallisen kysymyksen.").is_visible()
    assert page.get_by_text("Pyydän selvityksen Kelalta.").count() == 0


def test_commitments_page_is_accessible(live_server, page, assert_accessible):
    index = _ktalk_with_notes().get_parent()
    page.goto(live_server.url + index.url + index.reverse_subpage("commitments") + "?status=all")
    assert page.get_by_text("Teen kirjallisen kysymyksen.").is_visible()
    assert_accessible(page)


def test_site_search_finds_notes_in_the_browser(live_server, page):
    ktalk = _ktalk_with_notes()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Haku").click()
    page.get_by_label("Hae sivustolta").fill("margariinia")
    page.get_by_role("button", name="Haku").click()
    page.get_by_role("link", name=ktalk.title).click()
    page.wait_for_url(f"**{ktalk.url}")

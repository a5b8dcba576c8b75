"""The live chat in two real browsers: a volunteer and an anonymous participant (served by the
``chat_server`` fixture of conftest.py)."""

from tests.e2e.flows import logged_in_page


def test_volunteer_and_anonymous_participant_chat_with_a_held_message_approved(
    chat_server, open_session, new_page, assert_accessible, settings
):
    session, volunteer = open_session
    url = f"{chat_server}/chat/session/{session.pk}/"

    host = logged_in_page(new_page, chat_server, volunteer)
    host.goto(url)
    host.get_by_text("Yhdistetty.").wait_for()
    # The rule picker for removals and rejections.
    host.get_by_label("Mitä sääntöä viesti rikkoo?", exact=False).select_option(
        label="2. Ei rasismia eikä kiihottamista kansanryhmää vastaan"
    )

    guest = new_page(width=360, height=740)
    guest.goto(url)
    assert_accessible(guest)  # the join form
    guest.get_by_label("Nimimerkki tähän chattiin").fill("Sininen")
    guest.get_by_label("Kirjoita kuvan merkit", exact=False).fill("PASSED")
    guest.get_by_role("button", name="Liity chattiin").click()
    guest.get_by_text("Yhdistetty.").wait_for()
    assert guest.get_by_text("Olet chatissa nimellä").is_visible()
    assert guest.get_by_role("heading", name="Tarvitsetko apua nyt?").is_visible()
    assert_accessible(guest)

    host.get_by_label("Viestisi").fill("Tervetuloa, kiva kun tulit!")
    host.get_by_role("button", name="Lähetä", exact=True).click()
    guest.locator("#chat-log").get_by_text("Tervetuloa, kiva kun tulit!").wait_for()

    guest.get_by_label("Viestisi").fill("Menkää kotimaahanne")
    guest.get_by_role("button", name="Lähetä", exact=True).click()
    held = guest.locator(".chat-held")
    held.get_by_text("Odottaa moderaattoria").wait_for()
    guest.get_by_text("Viestisi odottaa moderaattoria", exact=False).wait_for()
    # The live page with messages: the guest's own held message, and the volunteer's tools.
    assert_accessible(guest)
    host.locator(".chat-held").get_by_role("button", name="Hyväksy").wait_for()
    assert_accessible(host)

    host.locator(".chat-held").get_by_role("button", name="Hyväksy").click()
    guest.locator(".chat-published").get_by_text("Menkää kotimaahanne").wait_for()
    assert guest.locator(".chat-held").count() == 0

    # Quick exit works inside the chat too.
    settings.QUICK_EXIT_URL = f"{chat_server}/healthz?exit"
    guest.reload()
    guest.get_by_role("link", name="Poistu nopeasti").click()
    guest.wait_for_url("**/healthz?exit")

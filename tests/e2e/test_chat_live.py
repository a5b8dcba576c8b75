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
    # The volunteers' rule picker for removals, rejections and mutes.
    host.get_by_label("Sääntö poistoille", exact=False).select_option(
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
    assert guest.get_by_label("Sääntö poistoille", exact=False).count() == 0  # no picker for participants

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
    # The held notice gives way to the decision.
    guest.get_by_text("Vapaaehtoinen hyväksyi viestisi", exact=False).wait_for()

    # Quick exit works inside the chat too.
    settings.QUICK_EXIT_URL = f"{chat_server}/healthz?exit"
    guest.reload()
    guest.get_by_role("link", name="Poistu nopeasti").click()
    guest.wait_for_url("**/healthz?exit")


def test_participant_reports_through_the_dialog_and_waits_while_the_volunteer_is_away(
    chat_server, open_session, new_page, assert_accessible, settings
):
    """The report dialog (rule chosen there, reaching the volunteer at once), Enter to send, and the
    paused room when the only volunteer leaves: the text stays in the box, the crisis lines are shown."""
    settings.CHAT_SUPERVISION_GRACE_SECONDS = 1
    settings.CHAT_WATCH_SECONDS = 0.5
    session, volunteer = open_session
    url = f"{chat_server}/chat/session/{session.pk}/"
    host = logged_in_page(new_page, chat_server, volunteer)
    host.goto(url)
    host.get_by_text("Yhdistetty.").wait_for()
    guest = new_page(width=360, height=740)
    guest.goto(url)
    guest.get_by_label("Nimimerkki tähän chattiin").fill("Sininen")
    # A new captcha picture (and key) without reloading: the nickname stays.
    picture = guest.locator(".captcha img")
    old_picture = picture.get_attribute("src")
    guest.get_by_role("button", name="Uusi kuva").click()
    guest.wait_for_function(
        "old => document.querySelector('.captcha img').getAttribute('src') !== old", arg=old_picture
    )
    assert guest.get_by_label("Nimimerkki tähän chattiin").input_value() == "Sininen"
    guest.get_by_label("Kirjoita kuvan merkit", exact=False).fill("PASSED")
    guest.get_by_role("button", name="Liity chattiin").click()
    guest.get_by_text("Yhdistetty.").wait_for()

    host.get_by_label("Viestisi").fill("Kertokaa kuulumisia")
    host.get_by_label("Viestisi").press("Enter")
    message = guest.locator(".chat-published", has_text="Kertokaa kuulumisia")
    message.wait_for()
    assert host.get_by_label("Viestisi").input_value() == ""

    message.get_by_role("button", name="Ilmoita").click()
    dialog = guest.get_by_role("dialog", name="Ilmoita viestistä")
    dialog.wait_for()
    assert_accessible(guest)
    dialog.get_by_role("button", name="Lähetä ilmoitus").click()
    dialog.get_by_text("Valitse sääntö, jota viesti rikkoo.").wait_for()
    dialog.get_by_label("4.", exact=False).check()
    dialog.get_by_label("Mitä vapaaehtoisen olisi hyvä tietää", exact=False).fill("outo sävy")
    dialog.get_by_role("button", name="Lähetä ilmoitus").click()
    guest.get_by_text("Kiitos. Vapaaehtoiset katsovat viestin.", exact=False).wait_for()
    host.get_by_text("Osallistuja ilmoitti viestistä säännön 4 perusteella.", exact=False).wait_for()
    assert host.locator(".chat-reported", has_text="Kertokaa kuulumisia").count() == 1

    host.close()
    guest.get_by_text("Vapaaehtoinen on hetken poissa. Chat jatkuu", exact=False).wait_for(timeout=15000)
    assert guest.locator("#chat").get_attribute("data-state") == "paused"
    box = guest.get_by_label("Viestisi")
    box.fill("Onko täällä ketään?")
    box.press("Shift+Enter")
    box.type("Odotan.")
    box.press("Enter")
    guest.locator("#chat-error").get_by_text("Voit lähettää viestisi, kun hän palaa.").wait_for()
    assert box.input_value() == "Onko täällä ketään?\nOdotan."
    assert_accessible(guest)


# A volunteer on a slow mobile connection: the room, with its styles, script and socket, in one breath.
ROOM_BUDGET_BYTES = 100 * 1024


def test_a_volunteers_chat_room_transfers_under_100_kb(chat_server, open_session, new_page):
    """The sum of the response bodies of every request the room makes until it is connected."""
    session, volunteer = open_session
    host = logged_in_page(new_page, chat_server, volunteer)
    finished = []
    host.on("requestfinished", lambda request: finished.append(request))
    host.goto(f"{chat_server}/chat/session/{session.pk}/")
    host.get_by_text("Yhdistetty.").wait_for()
    host.wait_for_load_state("networkidle")
    sizes = {request.url: request.sizes()["responseBodySize"] for request in finished}
    assert any(url.endswith("/site.css") for url in sizes) and any(url.endswith(".js") for url in sizes)
    assert sum(sizes.values()) < ROOM_BUDGET_BYTES, sizes

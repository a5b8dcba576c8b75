"""The live chat in two real browsers: a volunteer and an anonymous participant.

pytest-django's ``live_server`` speaks only HTTP, so the whole ASGI application (HTTP and WebSockets)
is served by daphne (tests/e2e/servers.py).
"""

import pytest

from accounts import roles
from chat import services
from chat.models import ChatSession, Room
from tests.e2e.flows import logged_in_page
from tests.e2e.servers import daphne_url


@pytest.fixture
def chat_server(transactional_db):
    return daphne_url()


@pytest.fixture
def open_session(transactional_db, make_user):
    from django.apps import apps
    from django.utils import timezone

    from moderation.defaults import load_defaults
    from moderation.models import Rule
    from moderation.services import watch_lists_changed

    if not Rule.objects.exists():  # a transactional test before this one emptied the data migration's rows
        load_defaults(apps)
        watch_lists_changed()
    volunteer = make_user(role=roles.PEER_MODERATOR, pseudonym="vapaaehtoinen")
    room = Room.objects.create(name="Kahden tunnin chat", slug="kahden-tunnin-chat", kind=Room.OPEN)
    now = timezone.now()
    session = ChatSession.objects.create(
        room=room, title="Kahden tunnin chat", starts_at=now, ends_at=now + timezone.timedelta(hours=2)
    )
    services.sign_up_for_shift(session, volunteer=volunteer)
    return services.open_session(session, by=volunteer), volunteer


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

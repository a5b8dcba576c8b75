"""The XSS corpus through the chat: messages and nicknames live in the room for the other participants
and the volunteer, held messages in the moderation queue, support alerts and session reports for the
coordinators."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from accounts import roles
from chat import services
from chat.models import ChatSession
from moderation.models import ModerationState, QueueItem
from tests.e2e.xss import check_open_page, check_page, trapped_page
from tests.xss import one_line_payloads, xss_payloads

TYPED = "Sininen kirjoitti: <img src=x onerror=window.__xss=1>"


def _in_a_thread(function):
    """Run ``function`` where no event loop runs: the services broadcast with ``async_to_sync``, which
    refuses the test thread once Playwright's loop runs in it."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function).result()


def _wait_for_messages(page, count: int) -> None:
    page.get_by_text("Yhdistetty.").wait_for()
    page.wait_for_function("(n) => document.querySelectorAll('#chat-log li').length >= n", arg=count)


@pytest.mark.slow
def test_corpus_in_chat_runs_nothing_for_participants_volunteers_or_coordinators(
    chat_server, open_session, new_page, make_user, settings
):
    settings.CHAT_HISTORY_LENGTH = 1000  # the whole corpus is replayed on joining
    settings.MODERATION_NEW_USER_HELD_POSTS = 1000  # a new member's messages wait for a moderator
    session, volunteer = open_session
    coordinator = make_user(role=roles.COORDINATOR)
    payloads = xss_payloads()
    # Anonymous participants whose nicknames are payloads (the join form refuses them; the service is
    # the last line; nicknames are unique whatever their case), each writing a share of the corpus.
    nicknames = list({nickname.lower(): nickname for nickname in one_line_payloads(40)}.values())
    newcomer = make_user()

    def write():
        guests = [services.join_session(session, nickname=nickname) for nickname in nicknames]
        for number, payload in enumerate(payloads):
            services.post_message(guests[number % len(guests)], payload)
        member = services.join_session(session, user=newcomer)
        return guests, [services.post_message(member, payload)[0] for payload in payloads[:5]]

    guests, held = _in_a_thread(write)
    assert {message.moderation_state for message in held} == {ModerationState.HELD}

    url = f"{chat_server}/chat/session/{session.pk}/"
    # An anonymous participant joins through the real form and types a payload.
    guest, guest_dialogs = trapped_page(new_page, chat_server)
    guest.goto(url)
    guest.get_by_label("Nimimerkki tähän chattiin").fill("Sininen")
    guest.get_by_label("Kirjoita kuvan merkit", exact=False).fill("PASSED")
    guest.get_by_role("button", name="Liity chattiin").click()
    _wait_for_messages(guest, len(payloads))
    guest.get_by_label("Viestisi").fill(TYPED)
    guest.get_by_role("button", name="Lähetä", exact=True).click()
    guest.locator("#chat-log").get_by_text(TYPED).wait_for()
    check_open_page(guest, guest_dialogs, "main", expect_text="window.__xss")

    # The volunteer sees everything, the held messages with approve and reject, and the participants.
    host, host_dialogs = trapped_page(new_page, chat_server, volunteer)
    host.goto(url)
    _wait_for_messages(host, len(payloads) + len(held) + 1)
    host.locator("#chat-participants li").nth(len(guests)).wait_for()
    assert host.locator(".chat-held").count() == len(held)
    check_open_page(host, host_dialogs, "main", expect_text=nicknames[0])

    # The held messages in the moderation queue, with the messages before them (nicknames and texts).
    item = QueueItem.objects.filter(object_id=str(held[0].pk), content_type__model="message").get()
    check_page(host, host_dialogs, chat_server + reverse("moderation_queue:index"), "main")
    queue_item = chat_server + reverse("moderation_queue:item", args=[item.pk])
    check_page(host, host_dialogs, queue_item, "main", expect_text=payloads[-1].split("\n")[0])

    # A support alert and, after closing, a session report that needs follow-up reach the coordinators.
    def close_and_report():
        services.raise_support_alert(session, by=volunteer, note=TYPED)
        services.close_session(ChatSession.objects.get(pk=session.pk), by=volunteer)
        services.write_session_report(
            ChatSession.objects.get(pk=session.pk), by=volunteer, summary=payloads[0], needs_follow_up=True
        )

    _in_a_thread(close_and_report)
    page, dialogs = trapped_page(new_page, chat_server, coordinator)
    check_page(page, dialogs, chat_server + reverse("chat_support_alerts:index"), "main", expect_text=TYPED)
    check_page(page, dialogs, chat_server + reverse("chat_session_reports:index"), "main")
    check_page(
        page, dialogs, chat_server + reverse("accounts:notifications"), "main", expect_text=payloads[0]
    )

"""Closing asks first and can be undone within the session's time; the volunteers who handed over
still write the report; coordinators read the participants' feedback in the admin."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from chat import services
from chat.models import ChatSession, RoomAction

from .test_views import session_url


class TestClosing:
    def test_the_close_link_asks_before_anything_closes(self, client, open_chat, volunteer):
        session = open_chat()
        client.force_login(volunteer)
        chat_page = client.get(session_url(session)).content.decode()
        assert f'href="{session_url(session, "chat:close")}"' in chat_page
        confirm = client.get(session_url(session, "chat:close"))
        assert "Suljetaanko chat?" in confirm.content.decode()
        session.refresh_from_db()
        assert session.status == ChatSession.OPEN

    def test_a_participant_cannot_even_see_the_confirmation(self, client, open_chat, make_user):
        session = open_chat()
        client.force_login(make_user())
        assert client.get(session_url(session, "chat:close")).status_code == 403

    def test_a_close_is_undone_until_the_scheduled_end(self, client, open_chat, volunteer):
        session = open_chat()
        client.force_login(volunteer)
        client.post(session_url(session, "chat:close"))
        ended_page = client.get(session_url(session)).content.decode()
        assert session_url(session, "chat:reopen") in ended_page
        client.post(session_url(session, "chat:reopen"))
        session.refresh_from_db()
        assert (session.status, session.closed_at, session.host) == (ChatSession.OPEN, None, volunteer)
        assert session.actions.filter(verb=RoomAction.Verb.REOPEN, actor=volunteer).exists()

    def test_after_the_scheduled_end_a_close_is_final(self, client, open_chat, volunteer):
        session = open_chat()
        services.close_session(session, by=volunteer)
        client.force_login(volunteer)
        with time_machine.travel(session.ends_at, tick=False):
            assert (
                session_url(session, "chat:reopen") not in client.get(session_url(session)).content.decode()
            )
            response = client.post(session_url(session, "chat:reopen"), follow=True)
        assert "ei voi enää avata uudelleen" in response.content.decode()
        session.refresh_from_db()
        assert session.status == ChatSession.CLOSED

    def test_a_participant_cannot_reopen(self, client, open_chat, volunteer, make_user):
        session = open_chat()
        services.close_session(session, by=volunteer)
        client.force_login(make_user())
        client.post(session_url(session, "chat:reopen"))
        session.refresh_from_db()
        assert session.status == ChatSession.CLOSED


class TestSessionReport:
    def test_the_volunteer_who_handed_over_still_writes_the_report(
        self, client, open_chat, volunteer, make_user
    ):
        session = open_chat()
        successor = make_user(role=roles.PEER_MODERATOR, pseudonym="seuraaja")
        services.hand_over(session, by=volunteer, to_username="seuraaja")
        services.close_session(session, by=successor)
        client.force_login(volunteer)
        assert client.get(session_url(session, "chat:report")).status_code == 200
        client.post(session_url(session, "chat:report"), {"summary": "Rauhallinen ilta."})
        assert session.report.volunteer == volunteer

    def test_a_volunteer_who_was_never_on_duty_gets_403(self, client, open_chat, volunteer, make_user):
        session = open_chat()
        services.close_session(session, by=volunteer)
        client.force_login(make_user(role=roles.PEER_MODERATOR, pseudonym="sivullinen"))
        assert client.get(session_url(session, "chat:report")).status_code == 403


class TestFeedbackInTheAdmin:
    URL = reverse("chat_feedback:index")

    @staticmethod
    def ended_with(open_chat, volunteer, answers):
        session = services.close_session(open_chat(), by=volunteer)
        for answer in answers:
            services.submit_feedback(session, answer=answer)

    def test_coordinators_see_each_sessions_answers(self, client, open_chat, volunteer, make_user):
        self.ended_with(open_chat, volunteer, [5, 4, 4])
        client.force_login(make_user(role=roles.COORDINATOR, pseudonym="koordi"))
        page = client.get(self.URL).content.decode()
        assert "4,3" in page  # the mean of 5, 4, 4

    def test_the_page_costs_the_same_queries_for_any_number_of_sessions(
        self, client, open_chat, volunteer, make_user
    ):
        client.force_login(make_user(role=roles.COORDINATOR, pseudonym="koordi"))
        self.ended_with(open_chat, volunteer, [3])
        client.get(self.URL)
        few = _query_count(client, self.URL)
        for answers in ([1], [2, 2], [5, 4, 3, 2]):
            self.ended_with(open_chat, volunteer, answers)
        assert _query_count(client, self.URL) == few

    def test_peer_moderators_do_not(self, client, make_user):
        client.force_login(make_user(role=roles.PEER_MODERATOR, pseudonym="ohjaaja2"))
        assert client.get(self.URL).status_code in (302, 403)


def _query_count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)

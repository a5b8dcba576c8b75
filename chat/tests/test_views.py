"""Chat pages: the public page, joining (anonymous with captcha, signed in), opening, feedback, reports."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from accounts import roles
from chat import services
from chat.models import ChatSession, CrisisContact, Feedback, Participant, Room, SessionReport, Shift

JOIN = {"nickname": "Kettu", "captcha_0": "test", "captcha_1": "PASSED"}


def session_url(session, name="chat:session"):
    return reverse(name, kwargs={"pk": session.pk})


class TestIndex:
    def test_announces_the_next_chat_and_shows_crisis_contacts(self, client, make_session):
        make_session(starts_in=timedelta(days=2), title="Tiistain chat")
        CrisisContact.objects.create(name="Kriisipuhelin", phone="09 2525 0111")
        response = client.get(reverse("chat:index"))
        content = response.content.decode()
        assert response.status_code == 200
        assert "Seuraava avoin chat" in content
        assert "”Tiistain chat” aukeaa" in content
        assert 'href="tel:0925250111"' in content

    def test_open_chat_is_linked(self, client, open_chat):
        session = open_chat()
        content = client.get(reverse("chat:index")).content.decode()
        assert "Chat on nyt auki." in content
        assert session_url(session) in content

    def test_closed_groups_are_listed_only_to_members_and_volunteers(
        self, client, make_session, make_user, volunteer
    ):
        group = make_session(kind=Room.CLOSED_GROUP, starts_in=timedelta(days=1), title="Vertaisryhmä")
        member, outsider = make_user(), make_user()
        group.room.members.add(member)
        assert "Vertaisryhmä" not in client.get(reverse("chat:index")).content.decode()
        for user, visible in ((outsider, False), (member, True), (volunteer, True)):
            client.force_login(user)
            assert ("Vertaisryhmä" in client.get(reverse("chat:index")).content.decode()) is visible

    def test_fixed_number_of_queries(
        self, client, make_session, volunteer, make_user, django_assert_num_queries
    ):
        client.force_login(volunteer)
        for day in range(1, 4):
            session = make_session(starts_in=timedelta(days=day), title=f"Chat {day}")
            services.sign_up_for_shift(session, volunteer=volunteer)
            services.sign_up_for_shift(session, volunteer=make_user(role=roles.PEER_MODERATOR))
        client.get(reverse("chat:index"))
        with django_assert_num_queries(7):  # the header's unread notifications are one of them
            client.get(reverse("chat:index"))
        make_session(starts_in=timedelta(days=9), title="Lisää")
        with django_assert_num_queries(7):
            client.get(reverse("chat:index"))


class TestJoining:
    def test_anonymous_join_form_asks_only_a_nickname_and_captcha(self, client, open_chat):
        content = client.get(session_url(open_chat())).content.decode()
        fields = set(re.findall(r'<(?:input|textarea|select)[^>]*name="([a-z_0-9]+)"', content)) - {
            "csrfmiddlewaretoken",
            "language",
            "next",
        }
        assert fields == {"nickname", "captcha_0", "captcha_1"}
        assert "Nimimerkki tähän chattiin" in content

    def test_wrong_captcha_keeps_the_nickname_and_explains(self, client, open_chat):
        response = client.post(session_url(open_chat()), {**JOIN, "captcha_1": "WRONG"})
        content = response.content.decode()
        assert response.status_code == 400
        assert 'value="Kettu"' in content
        assert 'aria-invalid="true"' in content
        assert not Participant.objects.filter(nickname="Kettu").exists()

    def test_join_then_the_chat_page_with_quick_exit_and_no_inline_script(self, client, open_chat):
        session = open_chat()
        response = client.post(session_url(session), JOIN)
        assert response.status_code == 302
        content = client.get(session_url(session)).content.decode()
        assert "Olet chatissa nimellä <strong>Kettu</strong>." in content
        assert "data-quick-exit" in content and "Poistu nopeasti" in content
        assert "/static/chat/chat.js" in content
        assert 'id="chat-volunteer"' not in content
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", content, flags=re.S)
        assert all(
            "src=" in attributes or 'type="application/json"' in attributes for attributes, _ in scripts
        )
        assert "Kriisi" in content or "Tarvitsetko apua nyt?" in content

    def test_taken_nickname_is_an_error_next_to_the_field(self, client, open_chat):
        session = open_chat()
        services.join_session(session, nickname="kettu")
        response = client.post(session_url(session), JOIN)
        assert response.status_code == 400
        assert "Nimimerkki on jo käytössä. Valitse toinen." in response.content.decode()

    def test_signed_in_user_joins_with_one_button(self, client, open_chat, make_user):
        session = open_chat()
        user = make_user(pseudonym="Kirjautunut")
        client.force_login(user)
        content = client.get(session_url(session)).content.decode()
        assert 'name="nickname"' not in content and "Liity chattiin" in content
        client.post(session_url(session))
        assert Participant.objects.filter(session=session, user=user, nickname="Kirjautunut").exists()

    def test_volunteer_sees_the_tools(self, client, open_chat, volunteer):
        session = open_chat()
        client.force_login(volunteer)
        content = client.get(session_url(session)).content.decode()
        assert 'id="chat-volunteer"' in content and "Sulje chat" in content

    def test_closed_group_asks_strangers_to_log_in_and_refuses_outsiders(self, client, open_chat, make_user):
        session = open_chat(kind=Room.CLOSED_GROUP)
        response = client.get(session_url(session))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        client.force_login(make_user())
        assert client.get(session_url(session)).status_code == 403

    def test_scheduled_session_says_when_it_opens_and_volunteer_opens_it(
        self, client, make_session, volunteer
    ):
        session = make_session(starts_in=timedelta(minutes=10))
        content = client.get(session_url(session)).content.decode()
        assert "Chat aukeaa" in content and "Avaa chat" not in content
        client.force_login(volunteer)
        client.post(session_url(session, "chat:sign_up"))
        assert Shift.objects.filter(session=session, volunteer=volunteer).exists()
        assert "Avaa chat" in client.get(session_url(session)).content.decode()
        client.post(session_url(session, "chat:open"))
        session.refresh_from_db()
        assert session.status == ChatSession.OPEN

    def test_citizen_cannot_open_or_sign_up(self, client, make_session, make_user):
        session = make_session()
        client.force_login(make_user())
        response = client.post(session_url(session, "chat:open"), follow=True)
        assert "Vain tämän chatin vapaaehtoiset voivat tehdä niin." in response.content.decode()
        client.post(session_url(session, "chat:sign_up"))
        session.refresh_from_db()
        assert session.status == ChatSession.SCHEDULED and not Shift.objects.exists()

    def test_close_without_javascript(self, client, open_chat, volunteer):
        session = open_chat()
        client.force_login(volunteer)
        client.post(session_url(session, "chat:close"))
        session.refresh_from_db()
        assert session.status == ChatSession.CLOSED
        assert "Kirjoita vuororaportti" in client.get(session_url(session)).content.decode()


class TestAfterTheSession:
    @pytest.fixture
    def ended(self, client, open_chat, volunteer):
        session = open_chat()
        client.post(session_url(session), JOIN)
        services.close_session(session, by=volunteer)
        return session

    def test_participant_answers_the_feedback_question_once(self, client, ended):
        assert "Kerro yhdellä klikkauksella" in client.get(session_url(ended)).content.decode()
        response = client.post(session_url(ended, "chat:feedback"), {"answer": "9"})
        assert response.status_code == 400
        client.post(session_url(ended, "chat:feedback"), {"answer": "5"})
        response = client.post(session_url(ended, "chat:feedback"), {"answer": "1"})
        assert "Kiitos palautteestasi." in response.content.decode()
        assert list(Feedback.objects.values_list("answer", flat=True)) == [5]

    def test_feedback_is_only_for_participants(self, ended):
        from django.test import Client

        assert Client().get(session_url(ended, "chat:feedback")).status_code == 404

    def test_volunteer_writes_the_report(self, client, ended, volunteer, make_user):
        client.force_login(make_user(role=roles.PEER_MODERATOR))
        assert client.get(session_url(ended, "chat:report")).status_code == 403
        client.force_login(volunteer)
        assert client.post(session_url(ended, "chat:report"), {"summary": ""}).status_code == 400
        client.post(session_url(ended, "chat:report"), {"summary": "Rauhallinen ilta"})
        assert SessionReport.objects.get().summary == "Rauhallinen ilta"

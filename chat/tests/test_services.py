"""Chat verbs: permissions, rules and their failure cases."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts import roles
from accounts.models import Notification
from chat import services
from chat.models import ChatSession, Feedback, Message, Participant, Room, RoomAction, SessionReport
from chat.services import ChatError
from moderation.models import ModerationState


def code_of(call, *args, **kwargs) -> str:
    with pytest.raises(ChatError) as raised:
        call(*args, **kwargs)
    return raised.value.code


@pytest.fixture
def coordinator(make_user):
    return make_user(role=roles.COORDINATOR, pseudonym="koordi")


class TestOpening:
    def test_volunteer_on_shift_opens_the_session(self, make_session, volunteer):
        session = make_session()
        services.sign_up_for_shift(session, volunteer=volunteer)
        session = services.open_session(session, by=volunteer)
        assert session.status == ChatSession.OPEN and session.host == volunteer
        host = Participant.objects.get(session=session)
        assert (host.user, host.nickname, host.is_host) == (volunteer, "ohjaaja", True)
        assert list(RoomAction.objects.values_list("verb", flat=True)) == ["shift_signup", "open"]
        assert [action.get_verb_display() for action in RoomAction.objects.all()] == [
            "ilmoittautui vuoroon",
            "avasi chat-vuoron",
        ]

    def test_coordinator_opens_without_a_shift(self, make_session, coordinator):
        assert services.open_session(make_session(), by=coordinator).is_open

    def test_volunteer_without_shift_and_citizen_cannot_open(self, make_session, volunteer, make_user):
        session = make_session()
        assert code_of(services.open_session, session, by=volunteer) == "forbidden"
        assert code_of(services.open_session, session, by=make_user()) == "forbidden"

    def test_only_citizens_volunteers_sign_up(self, make_session, make_user):
        assert code_of(services.sign_up_for_shift, make_session(), volunteer=make_user()) == "forbidden"

    def test_not_too_early_not_twice(self, make_session, coordinator):
        early = make_session(starts_in=timedelta(hours=1))
        assert code_of(services.open_session, early, by=coordinator) == "not_open"
        soon = make_session(starts_in=timedelta(minutes=10), title="pian")
        services.open_session(soon, by=coordinator)
        assert code_of(services.open_session, soon, by=coordinator) == "not_open"

    def test_sessions_close_at_their_end_and_may_be_extended(self, open_chat, volunteer, settings):
        session = open_chat()
        assert code_of(services.extend_session, session, by=volunteer, minutes=31) == "invalid"
        services.extend_session(session, by=volunteer, minutes=30)
        session.refresh_from_db()
        assert services.close_finished_sessions(now=session.ends_at - timedelta(minutes=1)) == 0
        assert services.close_finished_sessions(now=session.ends_at) == 1
        session.refresh_from_db()
        assert session.status == ChatSession.CLOSED
        assert code_of(services.close_session, session, by=volunteer) == "not_open"


class TestJoining:
    def test_nicknames_are_unique_in_a_session_whatever_the_case(self, open_chat):
        session = open_chat()
        services.join_session(session, nickname="Kettu")
        assert code_of(services.join_session, session, nickname="kETTU") == "nickname_taken"
        assert code_of(services.join_session, session, nickname="OHJAAJA") == "nickname_taken"
        assert code_of(services.join_session, session, nickname="  ") == "invalid"

    def test_anonymous_nickname_cannot_imitate_a_registered_pseudonym(self, open_chat, make_user):
        make_user(pseudonym="Maija")
        assert code_of(services.join_session, open_chat(), nickname="maija") == "nickname_taken"

    def test_signed_in_user_joins_once_under_the_pseudonym(self, open_chat, make_user):
        session = open_chat()
        user = make_user(pseudonym="Kansalainen1")
        first = services.join_session(session, user=user)
        assert first.nickname == "Kansalainen1" and not first.is_host
        assert services.join_session(session, user=user) == first

    def test_closed_group_is_for_members_and_volunteers(self, open_chat, make_user):
        session = open_chat(kind=Room.CLOSED_GROUP)
        member, outsider = make_user(), make_user()
        session.room.members.add(member)
        assert services.join_session(session, user=member).user == member
        assert code_of(services.join_session, session, user=outsider) == "forbidden"
        assert code_of(services.join_session, session, nickname="Vieras") == "forbidden"

    def test_supervision_room_is_for_volunteers_and_coordinators(self, open_chat, make_user, coordinator):
        session = open_chat(kind=Room.SUPERVISION)
        assert services.join_session(session, user=coordinator).is_host
        assert code_of(services.join_session, session, user=make_user()) == "forbidden"

    def test_no_joining_before_opening(self, make_session):
        assert code_of(services.join_session, make_session(), nickname="Aikainen") == "not_open"

    def test_removed_user_cannot_rejoin(self, open_chat, make_user, volunteer, rule):
        session = open_chat()
        user = make_user()
        participant = services.join_session(session, user=user)
        services.remove_participant(session, participant.pk, by=volunteer, rule=rule)
        assert code_of(services.join_session, session, user=user) == "removed"

    def test_volunteers_cannot_be_muted_or_removed(self, open_chat, volunteer, rule):
        session = open_chat()
        host = Participant.objects.get(session=session, user=volunteer)
        assert code_of(services.mute_participant, session, host.pk, by=volunteer, rule=rule) == "invalid"

    def test_invitations_to_a_closed_group(self, open_chat, make_user, volunteer):
        room = open_chat(kind=Room.CLOSED_GROUP).room
        invitee = make_user(pseudonym="Kutsuttu")
        services.invite_member(room, by=volunteer, username="kutsuttu")
        assert room.members.filter(pk=invitee.pk).exists()
        assert Notification.objects.get(recipient=invitee).title == "Sinut kutsuttiin ryhmään ”Huone closed”"
        assert code_of(services.invite_member, room, by=invitee, username="ohjaaja") == "forbidden"
        assert code_of(services.invite_member, room, by=volunteer, username="eiole") == "invalid"
        open_room = Room.objects.create(name="Avoin", slug="avoin", kind=Room.OPEN)
        assert code_of(services.invite_member, open_room, by=volunteer, username="kutsuttu") == "invalid"


class TestMessages:
    def test_slow_mode_limits_participants_but_not_the_volunteer(self, open_chat, volunteer, rule):
        session = open_chat()
        guest = services.join_session(session, nickname="Hidas")
        services.set_slow_mode(session, by=volunteer, seconds=60, rule=rule)
        services.post_message(guest, "yksi")
        assert code_of(services.post_message, guest, "kaksi") == "slow_mode"
        host = Participant.objects.get(user=volunteer)
        services.post_message(host, "yksi")
        services.post_message(host, "kaksi")
        assert code_of(services.set_slow_mode, session, by=volunteer, seconds=301, rule=rule) == "invalid"

    def test_every_change_gets_a_new_revision(
        self, open_chat, volunteer, rule, django_capture_on_commit_callbacks
    ):
        session = open_chat()
        guest = services.join_session(session, nickname="Laskija")
        first, _notice = services.post_message(guest, "a")
        second, _notice = services.post_message(guest, "b")
        assert (first.revision, second.revision) == (1, 2)
        with django_capture_on_commit_callbacks(execute=True):
            services.remove_message(session, first.pk, by=volunteer, rule=rule)
        first.refresh_from_db()
        assert first.revision == 3 and first.moderation_state == ModerationState.REMOVED
        assert code_of(services.remove_message, session, first.pk, by=volunteer, rule=rule) == "invalid"

    def test_a_rule_that_does_not_exist_is_refused_in_plain_words(self, open_chat, volunteer):
        session = open_chat()
        author = services.join_session(session, nickname="Kirjoittaja")
        reader = services.join_session(session, nickname="Lukija")
        message, _notice = services.post_message(author, "hei")
        with pytest.raises(ChatError) as removed:
            services.remove_message(session, message.pk, by=volunteer, rule=999_999)
        with pytest.raises(ChatError) as reported:
            services.report_message(reader, message.pk, rule=999_999)
        for raised in (removed, reported):
            assert (raised.value.code, raised.value.message) == ("invalid", "Sääntöä ei löydy.")

    def test_participants_cannot_moderate(self, open_chat, make_user):
        session = open_chat()
        user = make_user()
        participant = services.join_session(session, user=user)
        message, _notice = services.post_message(participant, "hei")
        assert code_of(services.remove_message, session, message.pk, by=user, rule=4) == "forbidden"
        assert code_of(services.mute_participant, session, participant.pk, by=user, rule=4) == "forbidden"
        assert code_of(services.set_slow_mode, session, by=user, seconds=5, rule=4) == "forbidden"
        assert code_of(services.close_session, session, by=user) == "forbidden"

    def test_no_posting_after_close(self, open_chat, volunteer):
        session = open_chat()
        guest = services.join_session(session, nickname="Myöhäinen")
        services.close_session(session, by=volunteer)
        assert code_of(services.post_message, guest, "hei?") == "not_open"


class TestHandOver:
    def test_hand_over_to_another_volunteer(self, open_chat, volunteer, make_user):
        session = open_chat()
        other = make_user(role=roles.PEER_MODERATOR, pseudonym="toinen")
        services.hand_over(session, by=volunteer, to_username="TOINEN")
        session.refresh_from_db()
        assert session.host == other
        hosts = dict(Participant.objects.filter(session=session).values_list("nickname", "is_host"))
        assert hosts == {"ohjaaja": False, "toinen": True}
        assert services.can_moderate(other, session)

    def test_only_to_a_volunteer(self, open_chat, volunteer, make_user):
        make_user(pseudonym="tavallinen")
        assert code_of(services.hand_over, open_chat(), by=volunteer, to_username="tavallinen") == "invalid"


class TestCare:
    def test_support_alert_reaches_every_coordinator(
        self, open_chat, volunteer, coordinator, make_user, mailoutbox
    ):
        second = make_user(role=roles.COORDINATOR)
        session = open_chat()
        services.raise_support_alert(session, by=volunteer, note="Raskas keskustelu")
        titles = set(Notification.objects.values_list("recipient__username", "title"))
        expected = "ohjaaja tarvitsee tukea chatissa ”Kahden tunnin chat”"
        assert titles == {(coordinator.username, expected), (second.username, expected)}

    def test_support_alert_is_for_volunteers(self, open_chat, make_user):
        assert code_of(services.raise_support_alert, open_chat(), by=make_user()) == "forbidden"

    def test_feedback_stores_only_the_answer_after_the_session(self, open_chat, volunteer):
        session = open_chat()
        assert code_of(services.submit_feedback, session, answer=5) == "not_open"
        session = services.close_session(session, by=volunteer)
        services.submit_feedback(session, answer=4)
        assert code_of(services.submit_feedback, session, answer=9) == "invalid"
        assert list(Feedback.objects.values("session", "answer")) == [{"session": session.pk, "answer": 4}]
        assert {field.name for field in Feedback._meta.get_fields()} == {"id", "session", "answer"}

    def test_session_report_by_the_host(self, open_chat, volunteer, coordinator, make_user):
        session = open_chat()
        services.join_session(session, nickname="Osallistuja")
        assert code_of(services.write_session_report, session, by=volunteer, summary="x") == "not_open"
        session = services.close_session(session, by=volunteer)
        assert code_of(services.write_session_report, session, by=coordinator, summary="x") == "forbidden"
        services.write_session_report(session, by=volunteer, summary="Hyvä ilta", needs_follow_up=True)
        report = SessionReport.objects.get()
        assert (report.participant_count, report.summary) == (1, "Hyvä ilta")
        assert Notification.objects.filter(recipient=coordinator).exists()


class TestRetention:
    def _closed_with_message(self, open_chat, volunteer, *, kind=Room.OPEN, closed_days_ago=0):
        session = open_chat(kind=kind)
        if kind == Room.OPEN:
            guest = services.join_session(session, nickname="Nimetön")
        else:
            guest = Participant.objects.get(session=session, user=volunteer)
        services.post_message(guest, "vanha viesti")
        services.close_session(session, by=volunteer)
        ChatSession.objects.filter(pk=session.pk).update(
            closed_at=timezone.now() - timedelta(days=closed_days_ago)
        )
        return session

    def test_open_session_messages_go_after_the_period_supervision_keeps_its_own(
        self, open_chat, volunteer, settings
    ):
        settings.CHAT_RETENTION_DAYS = 30
        settings.CHAT_SUPERVISION_RETENTION_DAYS = 90
        old_open = self._closed_with_message(open_chat, volunteer, closed_days_ago=31)
        recent_open = self._closed_with_message(
            open_chat, volunteer, kind=Room.CLOSED_GROUP, closed_days_ago=29
        )
        supervision = self._closed_with_message(
            open_chat, volunteer, kind=Room.SUPERVISION, closed_days_ago=31
        )
        assert services.purge_expired_messages() == 1
        assert not Message.objects.filter(session=old_open).exists()
        assert not Participant.objects.filter(session=old_open, user__isnull=True).exists()
        assert Message.objects.filter(session=recent_open).exists()
        assert Message.objects.filter(session=supervision).exists()
        ChatSession.objects.filter(pk=supervision.pk).update(closed_at=timezone.now() - timedelta(days=91))
        call_command("purge_chat_messages", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert not Message.objects.filter(session=supervision).exists()
        assert ChatSession.objects.filter(pk=old_open.pk, messages_purged_at__isnull=False).exists()

    def test_zero_days_purges_when_the_session_closes(
        self, open_chat, volunteer, settings, django_capture_on_commit_callbacks
    ):
        settings.CHAT_RETENTION_DAYS = 0
        session = open_chat()
        services.post_message(services.join_session(session, nickname="Hetki"), "ohimenevä")
        with django_capture_on_commit_callbacks(execute=True):
            services.close_session(session, by=volunteer)
        assert not Message.objects.filter(session=session).exists()

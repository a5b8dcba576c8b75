"""The chat checks its permissions, never a role's name: whoever holds a permission may do what it names."""

import pytest
from django.contrib.auth.models import Permission

from accounts import roles
from accounts.models import Notification
from chat import services
from chat.models import Room


def _grant(user, *dotted):
    for name in dotted:
        app_label, codename = name.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached on the instance


@pytest.fixture
def no_role(make_user):
    return make_user(role=None, pseudonym="roolitonta")


def test_whoever_may_take_shifts_signs_up_and_moderates_the_sessions_of_the_shift(make_session, no_role):
    session = make_session()
    with pytest.raises(services.ChatError):
        services.sign_up_for_shift(session, volunteer=no_role)
    person = _grant(no_role, "chat.take_shift")
    services.sign_up_for_shift(session, volunteer=person)
    assert services.can_moderate(person, session)
    assert services.open_session(session, by=person).is_open


def test_whoever_may_moderate_every_session_needs_no_shift(make_session, no_role):
    session = make_session()
    assert not services.can_moderate(no_role, session)
    assert services.can_moderate(_grant(no_role, "chat.moderate_any_session"), session)


def test_whoever_may_enter_every_room_enters_closed_groups_and_supervision(make_session, no_role):
    closed, supervision = make_session(kind=Room.CLOSED_GROUP), make_session(kind=Room.SUPERVISION)
    assert not services.may_enter(no_role, closed.room)
    person = _grant(no_role, "chat.enter_any_room")
    assert services.may_enter(person, closed.room) and services.may_enter(person, supervision.room)


def test_whoever_may_invite_adds_members_to_a_closed_group(make_session, make_user, no_role):
    room = make_session(kind=Room.CLOSED_GROUP).room
    newcomer = make_user()
    with pytest.raises(services.ChatError):
        services.invite_member(room, by=no_role, username=newcomer.username)
    services.invite_member(room, by=_grant(no_role, "chat.invite_member"), username=newcomer.username)
    assert room.members.filter(pk=newcomer.pk).exists()


def test_support_alerts_reach_those_who_support_volunteers(open_chat, make_user, no_role):
    session = open_chat()
    supporter = _grant(no_role, "chat.support_volunteers")
    coordinator = make_user(role=roles.COORDINATOR)
    make_user(role=roles.PEER_MODERATOR)  # a volunteer, not a supporter
    services.raise_support_alert(session, by=session.host, note="Tarvitsen tukea.")
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {supporter.pk, coordinator.pk}

"""What is said in a closed group or the supervision room reaches only those who may enter the room,
wherever moderation shows a message by its id: the report form, a report through the service, the queue.
Message ids are sequential, so a reader who may not enter must get nothing for any id."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts import roles
from chat import services
from chat.models import Message, Room
from moderation import services as moderation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_first_post_review(settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 0


SECRET = "Luottamuksellinen: asiakkaan tilanne 0401234567"


def _said_in(open_chat, kind, make_user):
    session = open_chat(kind=kind)
    speaker = make_user(role=roles.PEER_MODERATOR) if kind == Room.SUPERVISION else make_user()
    if kind == Room.CLOSED_GROUP:
        session.room.members.add(speaker)
    participant = services.join_session(session, user=speaker)
    message, _notice = services.post_message(participant, SECRET)
    assert message.moderation_state == "published"
    return session, message


def _report_url(message):
    return reverse("moderation:report", args=[ContentType.objects.get_for_model(Message).pk, message.pk])


@pytest.mark.parametrize("kind", [Room.CLOSED_GROUP, Room.SUPERVISION])
def test_report_form_shows_a_closed_rooms_message_only_to_those_who_may_enter(
    client, open_chat, make_user, rule, kind
):
    session, message = _said_in(open_chat, kind, make_user)
    outsider = make_user()
    client.force_login(outsider)
    assert client.get(reverse("chat:session", kwargs={"pk": session.pk})).status_code == 403
    response = client.get(_report_url(message))
    assert response.status_code == 404
    assert "0401234567" not in response.content.decode()
    posted = client.post(_report_url(message), {"rule": rule.pk, "note": "x"})
    assert posted.status_code == 404 and "0401234567" not in posted.content.decode()

    client.force_login(make_user(role=roles.PEER_MODERATOR))  # volunteers enter every room
    assert "0401234567" in client.get(_report_url(message)).content.decode()


def test_a_member_reads_the_group_message_until_taken_out_of_the_group(client, open_chat, make_user, rule):
    session, message = _said_in(open_chat, Room.CLOSED_GROUP, make_user)
    member = make_user()
    session.room.members.add(member)
    client.force_login(member)
    assert "0401234567" in client.get(_report_url(message)).content.decode()
    session.room.members.remove(member)
    assert client.get(_report_url(message)).status_code == 404


def test_the_open_chat_stays_reportable_by_everyone_signed_in(client, open_chat, make_user, rule):
    _session, message = _said_in(open_chat, Room.OPEN, make_user)
    client.force_login(make_user())
    assert "0401234567" in client.get(_report_url(message)).content.decode()


def test_the_report_service_refuses_a_reader_who_may_not_enter(open_chat, make_user, rule):
    _session, message = _said_in(open_chat, Room.SUPERVISION, make_user)
    with pytest.raises(moderation.ModerationError):
        moderation.report_content(message, reporter=make_user(), rule=rule)
    assert not message.is_visible_to(make_user())
    assert message.is_visible_to(make_user(role=roles.COORDINATOR))


def test_every_role_that_works_the_queue_may_enter_every_room(make_user, open_chat):
    """The queue lists every reported message with its text: only roles that may enter all rooms work it."""
    closed, supervision = open_chat(kind=Room.CLOSED_GROUP), open_chat(kind=Room.SUPERVISION)
    queue_roles = [
        role
        for role, permissions in roles.role_permissions().items()
        if "moderation.work_queue" in permissions
    ]
    assert roles.PEER_MODERATOR in queue_roles
    for role in queue_roles:
        worker = make_user(role=role)
        assert services.may_enter(worker, closed.room) and services.may_enter(worker, supervision.room), role


def test_queue_item_of_a_closed_room_is_refused_to_a_queue_worker_outside_the_room(
    client, open_chat, make_user, rule
):
    from django.contrib.auth.models import Permission

    from moderation.models import QueueItem

    _session, message = _said_in(open_chat, Room.SUPERVISION, make_user)
    moderation.report_content(message, reporter=make_user(role=roles.PEER_MODERATOR), rule=rule)
    item = QueueItem.objects.get(object_id=str(message.pk))
    outsider = make_user(role=roles.SOCIAL_WORK_STAFF)
    outsider.user_permissions.add(Permission.objects.get(codename="work_queue"))
    client.force_login(outsider)
    url = reverse("moderation_queue:item", args=[item.pk])
    response = client.get(url)
    # The admin's answer to a refusal: back to its home page with "you do not have permission".
    assert (response.status_code, response.url) == (302, "/admin/")
    claim = client.post(url, {"operation": "claim"})
    assert (claim.status_code, claim.url) == (302, "/admin/")
    assert QueueItem.objects.get(pk=item.pk).claimed_by is None
    client.force_login(make_user(role=roles.PEER_MODERATOR))
    assert "0401234567" in client.get(url).content.decode()

"""Moderation in the loop: screening, held messages, in-room and shared-queue decisions, reports and
sanctions, through the real consumer and the shared moderation service."""

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.utils import timezone

from chat import services
from chat.conftest import anonymous_cookie, communicator, connect, drain, login_cookie, receive_type
from chat.models import Message
from moderation import services as moderation
from moderation.models import AuditEntry, ModerationState, QueueItem, Report

pytestmark = pytest.mark.django_db(transaction=True)

HELD_TEXT = "Menkää kotimaahanne"  # on the default hold list (rule 2)
BLOCKED_TEXT = "tapan sinut"  # on the default block list (rule 3)


@pytest.fixture
def room(open_chat, volunteer, rule, settings):
    settings.CHAT_RATE_COUNT = 100
    session = open_chat()
    return (
        session,
        login_cookie(volunteer),
        anonymous_cookie(session, "Kirjoittaja"),
        anonymous_cookie(session, "Lukija"),
    )


def run(scenario):
    async_to_sync(scenario)()


def test_blocked_message_is_refused_with_the_rule_and_not_stored(room):
    session, _host_cookie, writer_cookie, reader_cookie = room

    async def scenario():
        writer, _welcome, _history = await connect(session, writer_cookie)
        reader, _welcome, _history = await connect(session, reader_cookie)
        await writer.send_json_to({"type": "send", "text": BLOCKED_TEXT})
        error = await receive_type(writer, "error")
        assert error["code"] == "blocked"
        assert error["message"].startswith("Viestiäsi ei julkaistu, koska se rikkoo sääntöä 3:")
        assert all(frame["type"] != "message" for frame in await drain(reader))
        await writer.disconnect()
        await reader.disconnect()

    run(scenario)
    assert not Message.objects.exists()
    assert AuditEntry.objects.filter(action="screening_block").exists()


def test_held_message_waits_then_approval_reaches_everyone(room):
    session, host_cookie, writer_cookie, reader_cookie = room

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        writer, _welcome, _history = await connect(session, writer_cookie)
        reader, _welcome, _history = await connect(session, reader_cookie)
        await writer.send_json_to({"type": "send", "text": HELD_TEXT})
        ack = await receive_type(writer, "ack")
        assert ack["state"] == "held" and ack["notice"]
        own = await receive_type(writer, "message")
        assert (own["state"], own["text"]) == ("held", HELD_TEXT)
        for_host = await receive_type(host, "message")
        assert (for_host["state"], for_host["id"]) == ("held", ack["id"])
        assert all(frame["type"] != "message" for frame in await drain(reader))
        # A participant who reconnects does not get it either; the volunteer does.
        late_reader, _welcome, history = await connect(session, reader_cookie)
        assert history["events"] == []
        late_host, _welcome, history = await connect(session, host_cookie)
        assert [event["state"] for event in history["events"]] == ["held"]

        await host.send_json_to({"type": "approve", "id": ack["id"]})
        for comm in (reader, writer, late_reader):
            published = await receive_type(comm, "message")
            assert (published["id"], published["state"]) == (ack["id"], "published")
            assert published["rev"] > own["rev"]
        for comm in (host, writer, reader, late_reader, late_host):
            await comm.disconnect()

    run(scenario)
    assert QueueItem.objects.get().status == QueueItem.Status.DECIDED


def test_rejected_held_message_disappears_for_its_author(room, rule):
    session, host_cookie, writer_cookie, _reader_cookie = room

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        writer, _welcome, _history = await connect(session, writer_cookie)
        await writer.send_json_to({"type": "send", "text": HELD_TEXT})
        held = await receive_type(host, "message")
        await host.send_json_to({"type": "reject", "id": held["id"]})
        assert (await receive_type(host, "error"))["code"] == "rule_required"
        await host.send_json_to({"type": "reject", "id": held["id"], "rule": rule.pk})
        assert (await receive_type(writer, "message.removed"))["id"] == held["id"]
        await host.send_json_to({"type": "approve", "id": held["id"]})
        assert (await receive_type(host, "error"))["code"] == "invalid"
        await host.disconnect()
        await writer.disconnect()

    run(scenario)
    message = Message.objects.get()
    assert (message.moderation_state, message.moderation_rule) == (ModerationState.HIDDEN, rule)


def test_decision_in_the_shared_queue_reaches_the_room(room, rule, make_user):
    session, _host_cookie, writer_cookie, reader_cookie = room
    coordinator = make_user(role="coordinator")

    async def scenario():
        writer, _welcome, _history = await connect(session, writer_cookie)
        reader, _welcome, _history = await connect(session, reader_cookie)
        await writer.send_json_to({"type": "send", "text": "Tavallinen viesti"})
        message = await receive_type(reader, "message")
        item = await sync_to_async(QueueItem.objects.create)(
            content_type_id=await sync_to_async(_message_content_type_id)(),
            object_id=str(message["id"]),
            reason="reported",
            excerpt="Tavallinen viesti",
        )
        await sync_to_async(moderation.decide)(item, moderator=coordinator, action="remove", rule=rule)
        for comm in (reader, writer):
            assert (await receive_type(comm, "message.removed"))["id"] == message["id"]
        await writer.disconnect()
        await reader.disconnect()

    run(scenario)


def _message_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Message).pk


def test_anonymous_participant_reports_a_message_once(room, rule):
    session, _host_cookie, writer_cookie, reader_cookie = room

    async def scenario():
        writer, _welcome, _history = await connect(session, writer_cookie)
        reader, welcome, _history = await connect(session, reader_cookie)
        await writer.send_json_to({"type": "send", "text": "Ikävä viesti"})
        message = await receive_type(reader, "message")
        await reader.send_json_to({"type": "report", "id": message["id"]})
        assert (await receive_type(reader, "error"))["code"] == "rule_required"
        await reader.send_json_to(
            {"type": "report", "id": message["id"], "rule": rule.pk, "note": "loukkaava"}
        )
        assert (await receive_type(reader, "reported"))["id"] == message["id"]
        await reader.send_json_to({"type": "report", "id": message["id"], "rule": rule.pk})
        assert (await receive_type(reader, "error"))["code"] == "already_reported"
        await writer.send_json_to({"type": "report", "id": message["id"], "rule": rule.pk})
        assert (await receive_type(writer, "error"))["code"] == "invalid"
        await writer.disconnect()
        await reader.disconnect()
        return welcome["you"]["id"]

    participant_id = async_to_sync(scenario)()
    report = Report.objects.get()
    assert (report.reporter, report.reporter_key, report.rule) == (
        None,
        f"chat-participant-{participant_id}",
        rule,
    )
    assert report.queue_item.status == QueueItem.Status.OPEN


def test_new_members_first_message_is_held_but_volunteers_are_not(room, make_user):
    session, host_cookie, _writer_cookie, _reader_cookie = room
    newcomer = make_user(pseudonym="Uusi")

    async def scenario():
        await sync_to_async(services.join_session)(session, user=newcomer)
        comm, _welcome, _history = await connect(session, await sync_to_async(login_cookie)(newcomer))
        await comm.send_json_to({"type": "send", "text": "Hei, olen uusi"})
        assert (await receive_type(comm, "ack"))["state"] == "held"
        host, _welcome, _history = await connect(session, host_cookie)
        await host.send_json_to({"type": "send", "text": "Tervetuloa"})
        assert (await receive_type(host, "ack"))["state"] == "published"
        await comm.disconnect()
        await host.disconnect()

    run(scenario)


def test_sanction_closes_the_persons_sockets_and_keeps_them_out(room, rule, make_user, volunteer):
    session, _host_cookie, _writer_cookie, _reader_cookie = room
    troublemaker = make_user(pseudonym="Häirikkö")

    async def scenario():
        await sync_to_async(services.join_session)(session, user=troublemaker)
        cookie = await sync_to_async(login_cookie)(troublemaker)
        comm, _welcome, _history = await connect(session, cookie)
        await sync_to_async(moderation.impose_sanction)(
            troublemaker,
            moderator=volunteer,
            kind="mute",
            rule=rule,
            ends_at=timezone.now() + timedelta(days=1),
        )
        notice = await receive_type(comm, "sanctioned")
        assert notice["message"].startswith("Sinut on hiljennetty")
        assert await comm.receive_output() == {"type": "websocket.close", "code": 4403}
        connected, code = await communicator(session, cookie).connect()
        assert (connected, code) == (False, 4403)

    run(scenario)
    # The join step refuses too.
    with pytest.raises(services.ChatError) as raised:
        services.join_session(session, user=troublemaker)
    assert raised.value.code == "sanctioned"


def test_warning_does_not_close_sockets(room, rule, make_user, volunteer):
    session, _host_cookie, _writer_cookie, _reader_cookie = room
    warned = make_user(pseudonym="Varoitettu")

    async def scenario():
        await sync_to_async(services.join_session)(session, user=warned)
        comm, _welcome, _history = await connect(session, await sync_to_async(login_cookie)(warned))
        await sync_to_async(moderation.impose_sanction)(
            warned, moderator=volunteer, kind="warning", rule=rule
        )
        await comm.send_json_to({"type": "ping"})
        assert (await receive_type(comm, "pong"))["type"] == "pong"
        await comm.disconnect()

    run(scenario)

"""Text sent over the socket: a NUL character (``\\u0000`` in JSON) is taken out before anything reads
it. PostgreSQL refuses text that holds one, so it used to fail the service and break the frame."""

import json

import pytest
from asgiref.sync import async_to_sync

from chat.conftest import anonymous_cookie, connect, login_cookie, receive_type
from chat.models import Message
from moderation.models import Report

pytestmark = pytest.mark.django_db(transaction=True)


def test_nul_in_a_message_is_taken_out(open_chat, volunteer, rule):
    session = open_chat()
    host_cookie, guest_cookie = login_cookie(volunteer), anonymous_cookie(session, "Sininen")

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        await guest.send_to(
            text_data='{"type": "send", "text": "Hei\\u0000 kaikki", "client_id": "c\\u00001"}'
        )
        ack = await receive_type(guest, "ack")
        assert ack["state"] == "published" and ack["client_id"] == "c1"
        assert (await receive_type(host, "message"))["text"] == "Hei kaikki"
        frame = json.dumps({"type": "report", "id": ack["id"], "rule": rule.pk, "note": "loukkaava\x00"})
        await host.send_to(text_data=frame)
        assert (await receive_type(host, "reported"))["id"] == ack["id"]
        await host.disconnect()
        await guest.disconnect()

    async_to_sync(scenario)()
    assert list(Message.objects.values_list("text", flat=True)) == ["Hei kaikki"]
    assert list(Report.objects.values_list("note", flat=True)) == ["loukkaava"]

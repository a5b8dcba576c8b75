"""Sanctions in the chat are decisions like any other: a rule, the one audit log, a notice in the
person's language, and one appeal to another moderator. Tried through the real routing, as the
volunteer, the participant and a stranger would."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from accounts import roles
from chat import services
from chat.conftest import anonymous_cookie, connect, drain, login_cookie, receive_type
from chat.models import Participant
from moderation import services as moderation
from moderation.models import Appeal, AuditAction, AuditEntry, Sanction, SanctionKind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chat(open_chat, volunteer, rule):
    session = open_chat()
    return session, login_cookie(volunteer), anonymous_cookie(session, "Sininen")


def guest_of(session) -> Participant:
    return Participant.objects.get(session=session, nickname="Sininen")


def client_with(cookie: str) -> Client:
    client = Client()
    client.cookies["sessionid"] = cookie
    return client


def test_a_mute_cites_its_rule_is_audited_told_and_can_be_lifted(chat, rule, volunteer):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, welcome, _history = await connect(session, guest_cookie)
        me = welcome["you"]["id"]
        await host.send_json_to({"type": "mute", "participant": me, "rule": rule.pk})
        muted = await receive_type(guest, "muted")
        assert "säännön 4 perusteella" in muted["message"]
        await guest.send_json_to({"type": "send", "text": "saanko puhua"})
        assert (await receive_type(guest, "error"))["code"] == "muted"
        await host.send_json_to({"type": "unmute", "participant": me})
        await receive_type(guest, "unmuted")
        await guest.send_json_to({"type": "send", "text": "kiitos"})
        assert (await receive_type(guest, "ack"))["state"] == "published"
        await host.disconnect()
        await guest.disconnect()
        return muted

    muted = async_to_sync(scenario)()
    sanction = Sanction.objects.get()
    assert (sanction.kind, sanction.rule, sanction.subject, sanction.user) == (
        SanctionKind.CHAT_MUTE,
        rule,
        guest_of(session),
        None,
    )
    assert muted["appeal_url"] == reverse("moderation:appeal_sanction", args=[sanction.pk])
    assert sanction.lifted_by == volunteer
    log = list(AuditEntry.objects.order_by("id").values_list("action", "rule", "actor"))
    assert (AuditAction.SANCTION, rule.pk, volunteer.pk) in log
    assert (AuditAction.SANCTION_LIFTED, rule.pk, volunteer.pk) in log


def test_the_notice_is_in_the_language_of_the_participants_page(chat, rule):
    session, host_cookie, guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest = await _connect_in(session, guest_cookie, "sv")
        me = (await receive_type(guest, "welcome"))["you"]["id"]
        await host.send_json_to({"type": "kick", "participant": me, "rule": rule.pk})
        removed = await receive_type(guest, "removed")
        assert await guest.receive_output() == {"type": "websocket.close", "code": 4403}
        await host.disconnect()
        return removed

    removed = async_to_sync(scenario)()
    assert "enligt regel 4" in removed["message"]


async def _connect_in(session, cookie, language):
    from chat.conftest import communicator

    comm = communicator(session, cookie, path_suffix=f"?lang={language}")
    connected, _code = await comm.connect()
    assert connected
    return comm


@pytest.mark.parametrize("frame", ["mute", "kick"])
def test_a_sanction_without_a_rule_is_refused_and_changes_nothing(chat, frame):
    session, host_cookie, _guest_cookie = chat
    guest = guest_of(session)

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        await host.send_json_to({"type": frame, "participant": guest.pk})
        error = await receive_type(host, "error")
        await host.disconnect()
        return error

    assert async_to_sync(scenario)()["code"] == "rule_required"
    guest.refresh_from_db()
    assert (guest.muted, guest.removed) == (False, False)
    assert not Sanction.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditAction.SANCTION).exists()


def test_slow_mode_cites_a_rule_in_the_audit_log_and_turning_it_off_does_not_need_one(chat, rule):
    session, host_cookie, _guest_cookie = chat

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        await host.send_json_to({"type": "slow", "seconds": 30})
        refused = await receive_type(host, "error")
        await host.send_json_to({"type": "slow", "seconds": 30, "rule": rule.pk})
        await receive_type(host, "session")
        await host.send_json_to({"type": "slow", "seconds": 0})
        off = await receive_type(host, "session")
        await host.disconnect()
        return refused, off

    refused, off = async_to_sync(scenario)()
    assert refused["code"] == "rule_required"
    assert off["slow_mode"] == 0
    entries = list(AuditEntry.objects.filter(action=AuditAction.SLOW_MODE).order_by("id"))
    assert [(entry.rule, entry.detail["seconds"]) for entry in entries] == [(rule, 30), (None, 0)]


def test_an_anonymous_participant_appeals_a_removal_once_and_another_moderator_decides(
    chat, rule, volunteer, make_user
):
    session, _host_cookie, guest_cookie = chat
    guest = guest_of(session)
    services.remove_participant(session, guest.pk, by=volunteer, rule=rule)
    sanction = Sanction.objects.get()
    url = reverse("moderation:appeal_sanction", args=[sanction.pk])

    # Someone else, in another browser or another anonymous participant, finds nothing there.
    assert Client().get(url).status_code == 404
    other = anonymous_cookie(session, "Punainen")
    assert client_with(other).get(url).status_code == 404

    participant = client_with(guest_cookie)
    page = participant.get(url)
    assert page.status_code == 200
    assert str(rule.title) in page.content.decode()
    empty = participant.post(url, {"text": "   "})
    assert empty.status_code == 400
    assert participant.post(url, {"text": "En häirinnyt ketään."}).status_code == 302
    assert participant.post(url, {"text": "Toinen valitus"}).status_code == 200  # the appeal, no form
    appeal = Appeal.objects.get()
    assert (appeal.sanction, appeal.author, appeal.text) == (sanction, None, "En häirinnyt ketään.")

    with pytest.raises(PermissionDenied):
        moderation.decide_appeal(appeal, moderator=volunteer, overturn=True)  # volunteers decide no appeals
    coordinator = make_user(role=roles.COORDINATOR, pseudonym="toinen-koordi")
    moderation.decide_appeal(appeal, moderator=coordinator, overturn=True, response="Aiheeton.")
    guest.refresh_from_db()
    assert guest.removed is False
    sanction.refresh_from_db()
    assert sanction.lifted_by == coordinator
    assert AuditEntry.objects.filter(action=AuditAction.APPEAL_DECIDED, detail__outcome="overturned").exists()
    assert "Aiheeton." in participant.get(url).content.decode()


def test_the_moderator_who_imposed_a_sanction_cannot_decide_its_appeal(chat, rule, make_user):
    session, _host_cookie, _guest_cookie = chat
    coordinator = make_user(role=roles.COORDINATOR, pseudonym="koordi")
    guest = guest_of(session)
    services.mute_participant(session, guest.pk, by=coordinator, rule=rule)
    sanction = Sanction.objects.get()
    appeal = moderation.file_appeal(sanction, author=None, subject=guest, text="Väärin.")
    with pytest.raises(moderation.ModerationError):
        moderation.decide_appeal(appeal, moderator=coordinator, overturn=True)
    with pytest.raises(moderation.AlreadyAppealed):
        moderation.file_appeal(sanction, author=None, subject=guest, text="Uudestaan.")
    stranger = Participant.objects.create(session=session, nickname="Muukalainen")
    with pytest.raises(PermissionDenied):
        moderation.file_appeal(sanction, author=None, subject=stranger, text="Minäkin.")


def test_the_outcome_of_an_appeal_reaches_the_participant_in_the_room(chat, rule, volunteer, make_user):
    session, _host_cookie, guest_cookie = chat
    coordinator = make_user(role=roles.COORDINATOR, pseudonym="koordi")

    async def scenario():
        guest, welcome, _history = await connect(session, guest_cookie)
        me = welcome["you"]["id"]
        await sync_to_async(services.mute_participant)(session, me, by=volunteer, rule=rule)
        await receive_type(guest, "muted")
        participant = await sync_to_async(Participant.objects.get)(pk=me)
        sanction = await sync_to_async(Sanction.objects.get)()
        appeal = await sync_to_async(moderation.file_appeal)(
            sanction, author=None, subject=participant, text="Väärin."
        )
        await sync_to_async(moderation.decide_appeal)(appeal, moderator=coordinator, overturn=True)
        frames = {frame["type"]: frame for frame in await _frames_until(guest, {"unmuted", "appeal_decided"})}
        await guest.send_json_to({"type": "send", "text": "taas äänessä"})
        ack = await receive_type(guest, "ack")
        await guest.disconnect()
        return frames, ack

    frames, ack = async_to_sync(scenario)()
    assert frames["appeal_decided"]["message"].startswith("Valituksesi hyväksyttiin")
    assert ack["state"] == "published"


async def _frames_until(comm, kinds: set[str]) -> list[dict]:
    seen, frames = set(), []
    while not kinds <= seen:
        frame = await comm.receive_json_from(timeout=2)
        frames.append(frame)
        seen.add(frame["type"])
    return frames


def test_a_report_in_the_room_reaches_the_volunteer_on_duty_at_once(chat, rule, open_chat):
    session, host_cookie, guest_cookie = chat
    second_cookie = anonymous_cookie(session, "Keltainen")

    async def scenario():
        host, _welcome, _history = await connect(session, host_cookie)
        guest, _welcome, _history = await connect(session, guest_cookie)
        second, _welcome, _history = await connect(session, second_cookie)
        await guest.send_json_to({"type": "send", "text": "tavallinen viesti"})
        message_id = (await receive_type(guest, "ack"))["id"]
        await drain(second)
        await second.send_json_to({"type": "report", "id": message_id, "rule": rule.pk, "note": "outo"})
        await receive_type(second, "reported")
        report = await receive_type(host, "report")
        others = await drain(guest)
        for comm in (host, guest, second):
            await comm.disconnect()
        return message_id, report, others

    message_id, report, others = async_to_sync(scenario)()
    assert report == {"type": "report", "id": message_id, "rule": 4, "note": "outo"}
    assert "report" not in [frame["type"] for frame in others]  # the author is not told who reported


def test_a_forum_sanction_can_be_appealed_on_its_page(make_user, rule, client):
    from accounts.models import Notification

    coordinator = make_user(role=roles.COORDINATOR, pseudonym="koordi")
    person = make_user(pseudonym="kirjoittaja")
    sanction = moderation.impose_sanction(person, moderator=coordinator, kind=SanctionKind.WARNING, rule=rule)
    url = reverse("moderation:appeal_sanction", args=[sanction.pk])
    assert url in Notification.objects.get(recipient=person).body

    assert client.get(url).status_code == 302  # sign in first
    client.force_login(make_user(pseudonym="joku-muu"))
    assert client.get(url).status_code == 404
    client.force_login(person)
    assert client.post(url, {"text": "Varoitus oli aiheeton."}).status_code == 302
    appeal = Appeal.objects.get()
    second = make_user(role=roles.COORDINATOR, pseudonym="toinen-koordi")
    moderation.decide_appeal(appeal, moderator=second, overturn=False, response="Sääntö 4 pätee.")
    assert Notification.objects.filter(recipient=person, title="Valitustasi ei hyväksytty").exists()
